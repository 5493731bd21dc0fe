import { clearMemoryCache } from '../cache/cached'
import { transform } from '../middlewares/transform'
import { FakeVBase } from './fakeVBase'
import { buildContext, upstreams } from './handlerContext'

const NYC = {
  costcenter: 'cc-1',
  organization: 'org-1',
  costCenterAddressId: 'addr-1',
}

const EMPTY_PRICING = {
  priceTable: { value: '' },
  storeNumber: { value: '' },
}

beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(() => clearMemoryCache())

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

  it('never answers a cost center that belongs to another organization', async () => {
    const { ctx } = buildContext({
      inputs: { costcenter: 'cc-2', organization: 'org-1' },
    })

    await transform(ctx)

    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
  })

  it('propagates the address but clears pricing when the pricing backend fails', async () => {
    const upstream = upstreams()

    upstream.getPricing.mockRejectedValue(new Error('503 Service Unavailable'))
    const { ctx, headers, logger } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)

    expect(ctx.status).toBe(200)
    expect(ctx.body).toEqual({
      pricing: EMPTY_PRICING,
      public: {
        postalCode: { value: '10001' },
        country: { value: 'USA' },
        state: { value: 'NY' },
      },
    })
    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=upstream, pricing=error'
    )
    expect(logger.warn).toHaveBeenCalled()
  })

  it('clears pricing and leaves public untouched when B2B fails', async () => {
    const upstream = upstreams()

    upstream.getCostCenterById.mockRejectedValue(new Error('timeout'))
    const { ctx } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)

    expect(ctx.status).toBe(200)
    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
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

  it('answers within the deadline when an upstream hangs', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const upstream = upstreams()

      upstream.getPricing.mockImplementation(() => new Promise(() => {}))
      const { ctx, headers } = buildContext({ inputs: NYC, upstream })
      const done = transform(ctx)

      await jest.advanceTimersByTimeAsync(1500)
      await done
      expect(headers['x-pricing-session-cache']).toBe(
        'costCenter=upstream, pricing=error'
      )
      expect(ctx.body).toMatchObject({ pricing: EMPTY_PRICING })
    } finally {
      jest.useRealTimers()
    }
  })

  it('clears pricing when the app settings are missing', async () => {
    const upstream = upstreams()

    upstream.getAppSettings.mockResolvedValue({} as never)
    const { ctx, upstream: stubs } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)

    expect(ctx.body).toMatchObject({ pricing: EMPTY_PRICING })
    expect(stubs.getPricing).not.toHaveBeenCalled()
  })

  it('clears pricing without an organization but still propagates nothing unconfirmed', async () => {
    const { ctx } = buildContext({ inputs: { costcenter: 'cc-1' } })

    await transform(ctx)

    expect(ctx.body).toEqual({ pricing: EMPTY_PRICING })
  })
})
