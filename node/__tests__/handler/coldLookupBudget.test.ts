import { COLD_LOOKUP_BUDGET } from '../../lookups/coldLookupBudget'
import { transform } from '../../middlewares/transform'
import type { TransformInputs } from '../../middlewares/readTransformInputs'
import { recentFailures } from '../../observability/failures'
import { FakeVBase } from '../cache/fakeVBase'
import {
  buildContext,
  fixtureAnswer,
  forgetWorkerState,
  NYC,
  upstreams,
} from './handlerContext'

beforeEach(forgetWorkerState)

afterEach(() => jest.restoreAllMocks())

const madeUp = (n: number) => ({
  organization: `org-made-up-${n}`,
  costcenter: `cc-made-up-${n}`,
})

describe('the cold-lookup budget (made-up ids on the public route)', () => {
  let vbase = new FakeVBase()
  let upstream = upstreams()
  const run = async (inputs: TransformInputs, account = 'acme') => {
    const built = buildContext({ inputs, upstream, vbase, account })

    await transform(built.ctx)

    return built
  }

  beforeEach(() => {
    vbase = new FakeVBase()
    upstream = upstreams()
  })

  it('lets a flood of made-up pairs cost B2B the burst, then one a second, and the pricing backend nothing', async () => {
    let now = Date.now()

    jest.spyOn(Date, 'now').mockImplementation(() => now)
    await run(NYC) // a known pair, before the flood
    upstream.getCostCenterById.mockClear()
    upstream.getPricing.mockClear()

    const refused = []

    for (let n = 0; n < 200; n++) {
      // 200 requests over 10 s.
      now += 50
      // eslint-disable-next-line no-await-in-loop
      const { ctx, headers, logger } = await run(madeUp(n))

      expect(ctx.body).toMatchObject({
        pricing: { priceTable: { value: '' }, storeNumber: { value: '' } },
      })
      expect((ctx.body as Record<string, unknown>).public).toBeUndefined()
      if (headers['x-pricing-session-cache'].startsWith('costCenter=failed')) {
        refused.push(logger)
      }
    }

    const calls = upstream.getCostCenterById.mock.calls.length

    expect(calls).toBeGreaterThanOrEqual(COLD_LOOKUP_BUDGET.burst)
    expect(calls).toBeLessThanOrEqual(
      COLD_LOOKUP_BUDGET.burst + 10 * COLD_LOOKUP_BUDGET.perSecond + 1
    )
    expect(upstream.getPricing).not.toHaveBeenCalled()
    expect(refused).toHaveLength(200 - calls)
    expect(recentFailures('acme:master')).toContainEqual(
      expect.objectContaining({
        lookup: 'cost-centers',
        code: 'cold-lookup-budget',
        count: 200 - calls,
      })
    )

    // The known pair keeps its right answer from memory all along.
    const known = await run(NYC)

    expect(known.ctx.body).toEqual(fixtureAnswer('cc-1'))
    expect(known.headers['x-pricing-session-cache']).toBe(
      'costCenter=lru, pricing=lru'
    )
  })

  it('warns once a second at most, with the code and no id', async () => {
    const now = Date.now()

    jest.spyOn(Date, 'now').mockImplementation(() => now)
    const lines = []

    for (let n = 0; n < COLD_LOOKUP_BUDGET.burst + 5; n++) {
      // eslint-disable-next-line no-await-in-loop
      const { logger } = await run(madeUp(n))

      lines.push(
        ...logger.warn.mock.calls
          .map(([line]) => line)
          .filter((line) => line.code === 'cold-lookup-budget')
      )
    }

    expect(lines).toEqual([
      {
        message:
          'transform: cold lookups refused, too many ids B2B did not confirm',
        code: 'cold-lookup-budget',
      },
    ])
    // On a frozen clock: exactly the burst reached B2B, the last one too.
    expect(upstream.getCostCenterById).toHaveBeenCalledTimes(
      COLD_LOOKUP_BUDGET.burst
    )
  })

  it('is spent by pairs B2B does not confirm only: a wave of real buyers spends nothing', async () => {
    const now = Date.now()

    jest.spyOn(Date, 'now').mockImplementation(() => now)
    upstream.getCostCenterById.mockImplementation(async (id: string) =>
      id.startsWith('cc-real-')
        ? { id, organization: 'org-real', addresses: [] }
        : null
    )
    const real = (n: number) => ({
      organization: 'org-real',
      costcenter: `cc-real-${n}`,
    })

    // More cold real pairs, at one instant, than the budget's burst.
    for (let n = 0; n < COLD_LOOKUP_BUDGET.burst * 2; n++) {
      // eslint-disable-next-line no-await-in-loop
      const { headers } = await run(real(n))

      expect(headers['x-pricing-session-cache']).toBe(
        'costCenter=upstream, pricing=upstream'
      )
    }

    for (let n = 0; n < COLD_LOOKUP_BUDGET.burst; n++) {
      // eslint-disable-next-line no-await-in-loop
      await run(madeUp(n))
    }

    // Spent: the next cold pair, real or not, waits for the refill.
    const { headers } = await run(real(1000))

    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=failed, pricing=failed'
    )
  })

  it("is each tenant's own: one account's flood leaves another's cold lookups alone", async () => {
    const now = Date.now()

    jest.spyOn(Date, 'now').mockImplementation(() => now)
    for (let n = 0; n < COLD_LOOKUP_BUDGET.burst + 5; n++) {
      // eslint-disable-next-line no-await-in-loop
      await run(madeUp(n), 'flooded')
    }

    const { ctx, headers } = await run(NYC, 'calm')

    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=upstream, pricing=upstream'
    )
    expect(ctx.body).toEqual(fixtureAnswer('cc-1'))
    // … and the flooded account's budget stays spent meanwhile.
    const still = await run(madeUp(500), 'flooded')

    expect(still.headers['x-pricing-session-cache']).toMatch(
      /^costCenter=failed/
    )
  })

  it('names why pricing was not asked: unconfirmed by B2B, or B2B unreachable', async () => {
    await run(madeUp(1))
    upstream.getCostCenterById.mockRejectedValueOnce(new Error('503'))
    await run(NYC)

    const pricingCodes = recentFailures('acme:master')
      .filter(({ lookup }) => lookup === 'pricing')
      .map(({ stage, code, count }) => ({ stage, code, count }))

    expect(pricingCodes).toEqual([
      { stage: 'upstream', code: 'cost-center-unresolved', count: 1 },
      { stage: 'upstream', code: 'cost-center-unconfirmed', count: 1 },
    ])
  })

  it('warns once a second per tenant: one store’s flood does not silence another’s line', async () => {
    const now = Date.now()

    jest.spyOn(Date, 'now').mockImplementation(() => now)
    const refusals = async (account: string) => {
      const lines = []

      for (let n = 0; n < COLD_LOOKUP_BUDGET.burst + 2; n++) {
        // eslint-disable-next-line no-await-in-loop
        const { logger } = await run(madeUp(n), account)

        lines.push(
          ...logger.warn.mock.calls.filter(
            ([line]) => line.code === 'cold-lookup-budget'
          )
        )
      }

      return lines.length
    }

    expect(await refusals('first')).toBe(1)
    vbase = new FakeVBase()
    expect(await refusals('second')).toBe(1)
  })

  it('forgets the oldest of more than 1 000 tenants, whose budget is then full again', async () => {
    const now = Date.now()

    jest.spyOn(Date, 'now').mockImplementation(() => now)
    for (let n = 0; n < COLD_LOOKUP_BUDGET.burst; n++) {
      // eslint-disable-next-line no-await-in-loop
      await run(madeUp(n), 'oldest')
    }

    const spent = await run(madeUp(100), 'oldest')

    expect(spent.headers['x-pricing-session-cache']).toMatch(
      /^costCenter=failed/
    )
    for (let n = 0; n < 1000; n++) {
      // eslint-disable-next-line no-await-in-loop
      await run(madeUp(200 + n), `other-${n}`)
    }

    const again = await run(madeUp(101), 'oldest')

    expect(again.headers['x-pricing-session-cache']).toMatch(
      /^costCenter=upstream/
    )
  }, 60_000)
})
