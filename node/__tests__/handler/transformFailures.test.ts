import { cached } from '../../cache/cached'
import { PRICING_POLICY } from '../../cache/policies'
import { pairKey } from '../../lookups/costCenter'
import { recentFailures } from '../../observability/failures'
import { forgetTenants } from '../../observability/tenant'
import { transform } from '../../middlewares/transform'
import { FakeVBase } from '../cache/fakeVBase'
import {
  buildContext,
  EMPTY_PRICING,
  forgetWorkerState,
  NYC,
  NYC_ADDRESS_ONLY,
  NYC_PUBLIC,
  upstreams,
} from './handlerContext'

/**
 * The handler when an upstream fails, hangs, or VBase holds what it should
 * not: the documented answer, the deadline, the log line, nothing left over.
 */
beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(forgetWorkerState)

const UNRESOLVED = 'transform: answered without a resolved lookup'

describe('transform when something fails', () => {
  it('propagates the address but clears pricing when the pricing backend fails', async () => {
    const upstream = upstreams()

    upstream.getPricing.mockRejectedValue(new Error('503 Service Unavailable'))
    const { ctx, headers, logger } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)

    expect(ctx.status).toBe(200)
    expect(ctx.body).toEqual(NYC_ADDRESS_ONLY)
    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=upstream, pricing=failed'
    )
    expect(logger.warn.mock.calls).toEqual([
      [{ message: UNRESOLVED, costCenter: 'upstream', pricing: 'failed' }],
    ])
  })

  it('clears pricing and leaves public untouched when B2B fails', async () => {
    const upstream = upstreams()

    upstream.getCostCenterById.mockRejectedValue(new Error('timeout'))
    const { ctx, logger } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)

    expect(ctx.status).toBe(200)
    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
    expect(logger.warn.mock.calls).toEqual([
      // Pricing is not asked while B2B cannot confirm the cost center.
      [{ message: UNRESOLVED, costCenter: 'failed', pricing: 'failed' }],
    ])
  })

  it('logs nothing when both lookups resolve', async () => {
    const { ctx, logger } = buildContext({ inputs: NYC })

    await transform(ctx)

    expect(ctx.body).toMatchObject({ public: NYC_PUBLIC })
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('leaves no deadline timer behind once both lookups answered', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const { ctx } = buildContext({ inputs: NYC })

      await transform(ctx)
      expect(ctx.body).toMatchObject({ public: NYC_PUBLIC })
      // One timer per transform would otherwise pile up for 1.5 s each.
      expect(jest.getTimerCount()).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })

  it.each([
    ['a pricing document of another shape', 'pricing', { priceTable: 7 }],
    [
      'a cost center without addresses',
      'cost-centers',
      { id: 'cc-1', organization: 'org-1' },
    ],
    ['a cost center that is a string', 'cost-centers', 'cc-1'],
  ])('ignores %s in VBase and asks upstream', async (_, part, value) => {
    const vbase = new FakeVBase()

    vbase.putLookup('org-1/cc-1', { [part]: value }, 1000)
    const { ctx, headers, logger } = buildContext({ inputs: NYC, vbase })

    await transform(ctx)

    expect(ctx.body).toMatchObject({
      pricing: { priceTable: { value: 'b2b-nyc' } },
      public: NYC_PUBLIC,
    })
    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=upstream, pricing=upstream'
    )
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'cache: ignoring a corrupt VBase document',
        id: 'org-1/cc-1',
      })
    )
  })

  it('serves a stored "no such cost center" (null) as one, without asking B2B', async () => {
    const vbase = new FakeVBase()

    vbase.putLookup('org-1/cc-1', { 'cost-centers': null }, 1000)
    const { ctx, upstream } = buildContext({ inputs: NYC, vbase })

    await transform(ctx)

    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
    expect(upstream.getCostCenterById).not.toHaveBeenCalled()
  })

  it('serves stale values while upstreams are down', async () => {
    const vbase = new FakeVBase()
    const hourAgo = 60 * 60 * 1000

    vbase.putLookup(
      'org-1/cc-1',
      {
        'cost-centers': await upstreams().getCostCenterById('cc-1'),
        pricing: { priceTable: 'b2b-nyc', storeNumber: '0042' },
      },
      hourAgo
    )
    const upstream = upstreams()

    upstream.getCostCenterById.mockRejectedValue(new Error('down'))
    upstream.getPricing.mockRejectedValue(new Error('down'))
    const { ctx, headers } = buildContext({ inputs: NYC, upstream, vbase })

    await transform(ctx)

    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=vbase-stale, pricing=vbase-stale'
    )
    expect(ctx.body).toMatchObject({
      pricing: { priceTable: { value: 'b2b-nyc' } },
    })
  })

  it('answers at the 1.5 s deadline, not a millisecond earlier, when an upstream hangs', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const upstream = upstreams()

      upstream.getPricing.mockImplementation(() => new Promise(() => {}))
      const { ctx, headers } = buildContext({ inputs: NYC, upstream })
      let answered = false
      const done = transform(ctx).then(() => {
        answered = true
      })

      await jest.advanceTimersByTimeAsync(1499)
      expect(answered).toBe(false)
      await jest.advanceTimersByTimeAsync(1)
      expect(answered).toBe(true)
      await done
      expect(headers['x-pricing-session-cache']).toBe(
        'costCenter=upstream, pricing=timeout'
      )
      expect(ctx.body).toMatchObject({
        pricing: { priceTable: { value: '' }, storeNumber: { value: '' } },
      })
    } finally {
      jest.useRealTimers()
    }
  })

  it('warns of an unresolved lookup once a second per tenant, not once for all', async () => {
    const linesOf = async (account: string) => {
      const upstream = upstreams()

      upstream.getCostCenterById.mockRejectedValue(new Error('503'))
      const { ctx, logger } = buildContext({ inputs: NYC, upstream, account })

      await transform(ctx)

      return logger.warn.mock.calls.filter(
        ([line]) => line.message === UNRESOLVED
      ).length
    }

    expect([await linesOf('store-a'), await linesOf('store-b')]).toEqual([1, 1])
  })

  it('answers a failed lookup at once, not at the deadline', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const upstream = upstreams()

      upstream.getPricing.mockRejectedValue(new Error('503'))
      const { ctx } = buildContext({ inputs: NYC, upstream })
      let answered = false
      const done = transform(ctx).then(() => {
        answered = true
      })

      await jest.advanceTimersByTimeAsync(0)
      expect(answered).toBe(true)
      await done
      expect(ctx.body).toEqual(NYC_ADDRESS_ONLY)
    } finally {
      jest.useRealTimers()
    }
  })

  it.each([
    [499, []],
    [
      500,
      [
        {
          message: 'transform: slow',
          ms: 500,
          costCenter: 'upstream',
          pricing: 'upstream',
        },
      ],
    ],
  ])(
    'a transform whose pricing takes %i ms logs these slow lines',
    async (ms, lines) => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
      try {
        const upstream = upstreams()
        const priced = upstream.getPricing.getMockImplementation()

        upstream.getPricing.mockImplementation(async (...args) => {
          await new Promise((resolve) => setTimeout(resolve, ms))

          return (priced as NonNullable<typeof priced>)(...args)
        })
        const { ctx, logger } = buildContext({ inputs: NYC, upstream })
        const done = transform(ctx)

        await jest.advanceTimersByTimeAsync(ms)
        await done

        expect(
          logger.warn.mock.calls
            .map(([line]) => line)
            .filter(({ message }) => message === 'transform: slow')
        ).toEqual(lines)
      } finally {
        jest.useRealTimers()
      }
    }
  )

  it.each([
    ['getPricing', ['pricing']],
    // Pricing waits for B2B's word on the cost center: it misses too.
    ['getCostCenterById', ['pricing', 'cost-centers']],
  ] as const)(
    'records a transform-deadline failure for each lookup that missed it, when %s hangs',
    async (stub, missed) => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
      try {
        forgetTenants()
        const upstream = upstreams()

        const hang = () => new Promise<never>(() => {})

        if (stub === 'getPricing') upstream.getPricing.mockImplementation(hang)
        else upstream.getCostCenterById.mockImplementation(hang)
        const { ctx } = buildContext({ inputs: NYC, upstream })
        const done = transform(ctx)

        await jest.advanceTimersByTimeAsync(1500)
        await done

        expect(
          recentFailures('acme:master').map(({ lookup, stage, code }) => ({
            lookup,
            stage,
            code,
          }))
        ).toEqual(
          missed.map((lookup) => ({
            lookup,
            stage: 'transform-deadline',
            code: 'timeout',
          }))
        )
      } finally {
        jest.useRealTimers()
      }
    }
  )

  it('records no deadline failure for pricing answered from memory while B2B hangs', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const upstream = upstreams()
      const { ctx: warm } = buildContext({ inputs: NYC, upstream })

      // Pricing in this worker's memory, the cost center no longer.
      await cached(
        pairKey(warm, { organization: 'org-1', costCenterId: 'cc-1' }),
        async () => ({ priceTable: 'b2b-nyc', storeNumber: '0042' }),
        PRICING_POLICY
      )
      upstream.getCostCenterById.mockImplementation(
        () => new Promise<never>(() => {})
      )
      const { ctx, headers } = buildContext({ inputs: NYC, upstream })
      const done = transform(ctx)

      await jest.advanceTimersByTimeAsync(1500)
      await done

      expect(headers['x-pricing-session-cache']).toBe(
        'costCenter=timeout, pricing=lru'
      )
      expect(
        recentFailures('acme:master').map(({ lookup, stage }) => ({
          lookup,
          stage,
        }))
      ).toEqual([{ lookup: 'cost-centers', stage: 'transform-deadline' }])
    } finally {
      jest.useRealTimers()
    }
  })

  it('logs a slow transform for each account slow at once: the throttle is per tenant', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const slowly = (upstream: ReturnType<typeof upstreams>) => {
        const priced = upstream.getPricing.getMockImplementation()

        upstream.getPricing.mockImplementation(async (...args) => {
          await new Promise((resolve) => setTimeout(resolve, 600))

          return (priced as NonNullable<typeof priced>)(...args)
        })

        return upstream
      }

      const acme = buildContext({ inputs: NYC, upstream: slowly(upstreams()) })
      const globex = buildContext({
        inputs: NYC,
        upstream: slowly(upstreams()),
        account: 'globex',
      })

      const done = Promise.all([transform(acme.ctx), transform(globex.ctx)])

      await jest.advanceTimersByTimeAsync(600)
      await done

      for (const { logger } of [acme, globex]) {
        expect(
          logger.warn.mock.calls.filter(
            ([line]) => line.message === 'transform: slow'
          )
        ).toHaveLength(1)
      }
    } finally {
      jest.useRealTimers()
    }
  })

  it('logs a lookup past the deadline as timeout, unresolved and slow', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const upstream = upstreams()

      upstream.getPricing.mockImplementation(() => new Promise(() => {}))
      const { ctx, logger } = buildContext({ inputs: NYC, upstream })
      const done = transform(ctx)

      await jest.advanceTimersByTimeAsync(1500)
      await done

      expect(logger.warn.mock.calls.map(([line]) => line)).toEqual([
        {
          message: 'transform: answered without a resolved lookup',
          costCenter: 'upstream',
          pricing: 'timeout',
        },
        {
          message: 'transform: slow',
          ms: 1500,
          costCenter: 'upstream',
          pricing: 'timeout',
        },
      ])
    } finally {
      jest.useRealTimers()
    }
  })
})
