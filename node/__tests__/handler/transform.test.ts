import { clearMemoryCache } from '../../cache/cached'
import { transform } from '../../middlewares/transform'
import { FakeVBase } from '../cache/fakeVBase'
import {
  buildContext,
  EMPTY_PRICING,
  fixtureAnswer,
  forgetWorkerState,
  NYC,
  upstreams,
} from './handlerContext'

beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(forgetWorkerState)

describe('transform', () => {
  it('clears pricing and leaves public untouched without a cost center', async () => {
    const { ctx, headers, upstream } = buildContext({ inputs: {} })

    await transform(ctx)

    expect(ctx.status).toBe(200)
    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
    expect(headers['cache-control']).toBe('no-cache, no-store')
    expect(upstream.getCostCenterById).not.toHaveBeenCalled()
  })

  it('answers pricing and propagates the chosen address', async () => {
    const { ctx, headers } = buildContext({ inputs: NYC })

    await transform(ctx)

    expect(ctx.body).toEqual({
      pricing: {
        priceTable: { value: 'b2b-nyc' },
        storeNumber: { value: '0042' },
        appliedAddress: {
          value:
            '{"from":"org-1/cc-1/addr-1","postalCode":"10001","country":"USA","state":"NY"}',
        },
      },
      public: {
        postalCode: { value: '10001' },
        country: { value: 'USA' },
        state: { value: 'NY' },
      },
    })
    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=upstream, pricing=upstream'
    )
  })

  it('picks the address named by costCenterAddressId', async () => {
    const { ctx } = buildContext({
      inputs: { ...NYC, costCenterAddressId: 'addr-2' },
    })

    await transform(ctx)

    expect(ctx.body).toMatchObject({
      public: { postalCode: { value: '07030' }, state: { value: 'NJ' } },
    })
  })

  it('propagates the first address when storefront-permissions sends no id', async () => {
    const { ctx } = buildContext({
      inputs: { ...NYC, costCenterAddressId: undefined },
    })

    await transform(ctx)
    expect(ctx.body).toMatchObject({
      public: { postalCode: { value: '10001' } },
    })
  })

  it('leaves public.* alone for "" (no address, pick cleared) and for an id the cost center lacks', async () => {
    for (const costCenterAddressId of ['', 'addr-404']) {
      const { ctx } = buildContext({ inputs: { ...NYC, costCenterAddressId } })

      // eslint-disable-next-line no-await-in-loop
      await transform(ctx)
      expect(ctx.body).toEqual({
        pricing: {
          priceTable: { value: 'b2b-nyc' },
          storeNumber: { value: '0042' },
          appliedAddress: { value: '' },
        },
      })
    }
  })

  it('gives the same bytes for the same inputs, whichever layer answers', async () => {
    const vbase = new FakeVBase()
    const first = buildContext({ inputs: NYC, vbase })
    const second = buildContext({ inputs: NYC, vbase })

    await transform(first.ctx)
    clearMemoryCache()
    await new Promise((resolve) => setImmediate(resolve))
    await transform(second.ctx)

    expect(second.headers['x-pricing-session-cache']).toBe(
      'costCenter=vbase-fresh, pricing=vbase-fresh'
    )
    expect(JSON.stringify(second.ctx.body)).toBe(JSON.stringify(first.ctx.body))
  })

  it('answers empty pricing for an unknown cost center', async () => {
    const { ctx } = buildContext({
      inputs: { costcenter: 'cc-404', organization: 'org-1' },
    })

    await transform(ctx)

    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
  })

  it('never answers, nor asks the pricing backend for, a cost center of another organization', async () => {
    const { ctx, upstream, headers } = buildContext({
      inputs: { costcenter: 'cc-2', organization: 'org-1' },
    })

    await transform(ctx)

    // The backend has a row for org-1/cc-2: B2B's word on the cost center's
    // organization keeps it out, before anyone asks for it.
    expect(upstream.getCostCenterById).toHaveBeenCalledTimes(1)
    expect(upstream.getPricing).not.toHaveBeenCalled()
    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=upstream, pricing=failed'
    )
  })

  it('asks the pricing backend for an unknown cost center: never', async () => {
    const { ctx, upstream } = buildContext({
      inputs: { costcenter: 'cc-404', organization: 'org-1' },
    })

    await transform(ctx)

    expect(upstream.getPricing).not.toHaveBeenCalled()
    expect(upstream.getAppSettings).not.toHaveBeenCalled()
  })

  it('answers each cost center of one organization its own pricing and address, from every layer', async () => {
    const vbase = new FakeVBase()
    const NJ = { costcenter: 'cc-3', organization: 'org-1' }
    const answerFor = async (inputs: typeof NJ) => {
      const { ctx, headers } = buildContext({ inputs, vbase })

      await transform(ctx)

      return { body: ctx.body, cache: headers['x-pricing-session-cache'] }
    }

    const nyc = fixtureAnswer('cc-1')
    const nj = fixtureAnswer('cc-3')

    expect(nj.pricing.priceTable.value).toBe('b2b-nj')
    expect(nj.public.postalCode.value).not.toBe(nyc.public.postalCode.value)
    expect(await answerFor(NYC)).toEqual({
      body: nyc,
      cache: 'costCenter=upstream, pricing=upstream',
    })
    expect(await answerFor(NJ)).toEqual({
      body: nj,
      cache: 'costCenter=upstream, pricing=upstream',
    })
    expect(await answerFor(NJ)).toEqual({
      body: nj,
      cache: 'costCenter=lru, pricing=lru',
    })
    clearMemoryCache()
    await new Promise((resolve) => setImmediate(resolve))
    expect(await answerFor(NJ)).toEqual({
      body: nj,
      cache: 'costCenter=vbase-fresh, pricing=vbase-fresh',
    })
    expect(await answerFor(NYC)).toEqual({
      body: nyc,
      cache: 'costCenter=vbase-fresh, pricing=vbase-fresh',
    })
  })

  it.each([
    ['without an organization', { costcenter: 'cc-1' }],
    ['with an empty organization', { costcenter: 'cc-1', organization: '' }],
    ['without a cost center', { organization: 'org-1' }],
    ['with an empty cost center', { costcenter: '', organization: 'org-1' }],
  ])(
    'clears pricing %s, propagates nothing and looks nothing up',
    async (_, inputs) => {
      const vbase = new FakeVBase()
      const { ctx, headers, upstream } = buildContext({ inputs, vbase })

      await transform(ctx)

      expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
      expect(headers['cache-control']).toBe('no-cache, no-store')
      expect(headers['x-pricing-session-cache']).toBeUndefined()
      expect(upstream.getCostCenterById).not.toHaveBeenCalled()
      expect(upstream.getPricing).not.toHaveBeenCalled()
      expect(upstream.getAppSettings).not.toHaveBeenCalled()
      expect([vbase.reads, vbase.writes]).toEqual([0, 0])
    }
  )

  it('answers from memory at once: the body is set before transform() yields, with no timer', async () => {
    const upstream = upstreams()

    await transform(buildContext({ inputs: NYC, upstream }).ctx)
    const { ctx, headers } = buildContext({ inputs: NYC, upstream })
    const timers = jest.spyOn(global, 'setTimeout')

    try {
      const pending = transform(ctx)

      // Nothing awaited yet: only a synchronous answer is here already.
      expect(ctx.body).toMatchObject({
        pricing: { priceTable: { value: 'b2b-nyc' } },
      })
      expect(headers['x-pricing-session-cache']).toBe(
        'costCenter=lru, pricing=lru'
      )
      expect(timers).not.toHaveBeenCalled()
      await pending
    } finally {
      timers.mockRestore()
    }
  })
})
