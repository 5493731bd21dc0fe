import {
  COST_CENTER_POLICY,
  PRICING_POLICY,
  SETTINGS_POLICY,
} from '../../cache/policies'

/**
 * The guards each policy applies to a stored value before serving it.
 * Settings are kept in memory only today; their guard is the one a VBase
 * copy of them would have to pass.
 */
describe('what each policy accepts as a stored value', () => {
  const backend = { baseUrl: 'https://p.test', apiKey: 'k' }

  it.each([
    [backend, true],
    [null, true],
    [{ baseUrl: 'https://p.test' }, false],
    [{ apiKey: 'k' }, false],
    [{ baseUrl: 1, apiKey: 'k' }, false],
    [{ ...backend, apiKey: 1 }, false],
    [{}, false],
    ['https://p.test', false],
    [undefined, false],
  ])('settings: %j → %s', (value, expected) => {
    expect(SETTINGS_POLICY.isValue(value)).toBe(expected)
  })

  it.each([
    [COST_CENTER_POLICY, null, true],
    [
      COST_CENTER_POLICY,
      { id: 'cc-1', organization: 'o', addresses: [] },
      true,
    ],
    [COST_CENTER_POLICY, { id: 'cc-1' }, false],
    [PRICING_POLICY, null, true],
    [PRICING_POLICY, { priceTable: 't', storeNumber: 's' }, true],
    [PRICING_POLICY, { priceTable: 't' }, false],
  ])('%# %j', (policy, value, expected) => {
    expect(policy.isValue(value)).toBe(expected)
  })
})

describe('how long each policy keeps what it holds', () => {
  it('matches the table in docs/README.md', () => {
    const minutes = (ms: number) => ms / 60_000

    expect(
      [COST_CENTER_POLICY, PRICING_POLICY, SETTINGS_POLICY].map(
        ({ lruTtlMs, freshMs, maxStaleMs }) =>
          [lruTtlMs, freshMs, maxStaleMs].map(minutes)
      )
    ).toEqual([
      [1, 10, 24 * 60],
      [1, 5, 24 * 60],
      [5, 0.5, 5],
    ])
  })
})
