import { transform } from '../../middlewares/transform'
import { FakeVBase, tick } from '../cache/fakeVBase'
import {
  buildContext,
  COST_CENTERS,
  forgetWorkerState,
  NYC,
  PRICING,
  upstreams,
} from './handlerContext'

/**
 * What an operator reads in `vtex logs` when a value served stale cannot be
 * refreshed in the background: the refresh's own reason, by message and
 * code (the foreground answer only counts the code).
 */
beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(forgetWorkerState)

const HOUR_MS = 60 * 60 * 1000

const refreshFailures = (warn: jest.Mock) =>
  warn.mock.calls
    .map(([line]) => line)
    .filter(
      ({ message }) => message === 'cache: background revalidation failed'
    )
    .map(({ bucket, error, code }) => ({ bucket, error, code }))

describe('a stale value whose background refresh fails', () => {
  it('logs why pricing was not refreshed when B2B cannot be asked', async () => {
    const vbase = new FakeVBase()
    const upstream = upstreams()

    vbase.put('pricing/org-1/cc-1', PRICING['org-1/cc-1'], HOUR_MS)
    upstream.getCostCenterById.mockRejectedValue(new Error('B2B down'))
    const { ctx, headers, logger } = buildContext({
      inputs: NYC,
      upstream,
      vbase,
    })

    await transform(ctx)
    await tick(5)

    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=failed, pricing=vbase-stale'
    )
    expect(refreshFailures(logger.warn)).toContainEqual({
      bucket: 'pricing',
      error: 'B2B could not be asked about the cost center',
      code: 'cost-center-unresolved',
    })
    expect(upstream.getPricing).not.toHaveBeenCalled()
  })

  it('logs why pricing was not refreshed when B2B no longer confirms the pair', async () => {
    const vbase = new FakeVBase()
    const upstream = upstreams()

    // cc-2 is org-2's: a price table kept from before is not refreshed.
    vbase.put(
      'pricing/org-1/cc-2',
      { priceTable: 'old', storeNumber: '1' },
      HOUR_MS
    )
    const { ctx, logger } = buildContext({
      inputs: { costcenter: 'cc-2', organization: 'org-1' },
      upstream,
      vbase,
    })

    await transform(ctx)
    await tick(5)

    expect(refreshFailures(logger.warn)).toContainEqual({
      bucket: 'pricing',
      error: 'B2B does not confirm the cost center for the organization',
      code: 'cost-center-unconfirmed',
    })
    expect(upstream.getPricing).not.toHaveBeenCalled()
  })

  it('logs the cold-lookup refusal when the budget is spent during a flood', async () => {
    const vbase = new FakeVBase()
    const upstream = upstreams()

    // A flood of made-up ids spends the tenant's budget (20 at once).
    for (let n = 0; n < 25; n++) {
      const { ctx } = buildContext({
        inputs: { costcenter: `made-up-${n}`, organization: 'org-1' },
        upstream,
        vbase,
      })

      // eslint-disable-next-line no-await-in-loop
      await transform(ctx)
    }

    vbase.put('cost-centers/org-1/cc-1', COST_CENTERS['cc-1'], HOUR_MS)
    const { ctx, logger } = buildContext({ inputs: NYC, upstream, vbase })

    await transform(ctx)
    await tick(5)

    expect(refreshFailures(logger.warn)).toContainEqual({
      bucket: 'cost-centers',
      error: 'cold lookups refused: too many ids B2B did not confirm',
      code: 'cold-lookup-budget',
    })
  })
})
