import {
  COST_CENTER_POLICY,
  PRICING_POLICY,
  SETTINGS_POLICY,
} from '../cache/policies'

/**
 * The guards each policy applies to a stored value before serving it.
 * Settings are kept in memory only today; their guard is the one a VBase
 * copy of them would have to pass.
 */
describe('what each policy accepts as a stored value', () => {
  const backend = { baseUrl: 'https://p.test', apiKey: 'k' }
  const timingLog = { sampleRate: 0.01, slowMs: 500 }

  it.each([
    [{ pricingBackend: backend, timingLog }, true],
    [{ pricingBackend: null, timingLog }, true],
    [{ pricingBackend: { baseUrl: 'https://p.test' }, timingLog }, false],
    [{ pricingBackend: { apiKey: 'k' }, timingLog }, false],
    [{ pricingBackend: { baseUrl: 1, apiKey: 'k' }, timingLog }, false],
    [{ pricingBackend: { ...backend, apiKey: 1 }, timingLog }, false],
    [{ pricingBackend: backend }, false],
    [{ timingLog }, false],
    [{ pricingBackend: 'https://p.test', timingLog }, false],
    [{ pricingBackend: backend, timingLog: { sampleRate: 0.01 } }, false],
    [
      { pricingBackend: backend, timingLog: { sampleRate: '1', slowMs: 1 } },
      false,
    ],
    [null, false],
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
