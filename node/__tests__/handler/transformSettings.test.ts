import { transform } from '../../middlewares/transform'
import { recentFailures } from '../../observability/failures'
import { FakeVBase, tick } from '../cache/fakeVBase'
import {
  buildContext,
  COST_CENTERS,
  forgetWorkerState,
  NYC,
  NYC_ADDRESS_ONLY,
  PRICING,
  upstreams,
} from './handlerContext'

const HOUR = 60 * 60 * 1000

/**
 * The merchant's settings as the handler reads them: which shapes name a
 * backend, how often they are read, and whose they are.
 */
beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(forgetWorkerState)

describe('transform and the app settings', () => {
  it.each([
    ['no URL', { pricingApiKey: 'k' }],
    ['no API key', { pricingBackendUrl: 'https://pricing.acme.test' }],
    [
      'a numeric key',
      { pricingBackendUrl: 'https://p.test', pricingApiKey: 7 },
    ],
    [
      'a URL that does not parse',
      { pricingBackendUrl: 'pricing', pricingApiKey: 'k' },
    ],
    ['an ftp URL', { pricingBackendUrl: 'ftp://p.test', pricingApiKey: 'k' }],
    [
      'a file URL',
      { pricingBackendUrl: 'file:///etc/passwd', pricingApiKey: 'k' },
    ],
    [
      'a URL in a list',
      { pricingBackendUrl: ['https://p.test'], pricingApiKey: 'k' },
    ],
    ['null settings', null],
  ])(
    'clears pricing, and calls no backend, for settings with %s',
    async (_, settings) => {
      const upstream = upstreams()

      upstream.getAppSettings.mockResolvedValue(settings as never)
      const { ctx } = buildContext({ inputs: NYC, upstream })

      await transform(ctx)

      expect(ctx.body).toEqual(NYC_ADDRESS_ONLY)
      expect(upstream.getPricing).not.toHaveBeenCalled()
      // What the merchant's engineer sees: the settings named, not a crash.
      expect(recentFailures('acme:master')).toEqual([
        expect.objectContaining({ lookup: 'pricing', code: 'not-configured' }),
      ])
    }
  )

  it('says so once a second per tenant: one store refused does not hide another', async () => {
    const refusedLines = async (account: string) => {
      const upstream = upstreams()

      upstream.getAppSettings.mockResolvedValue({} as never)
      const { ctx, logger } = buildContext({ inputs: NYC, upstream, account })

      await transform(ctx)

      return logger.warn.mock.calls.filter(
        ([line]) => line.code === 'not-configured'
      ).length
    }

    expect([
      await refusedLines('store-a'),
      await refusedLines('store-b'),
    ]).toEqual([1, 1])
  })

  it.each(['http://pricing.acme.test/v1', 'https://pricing.acme.test'])(
    'calls the backend the settings name (%s) with their key',
    async (pricingBackendUrl) => {
      const upstream = upstreams()

      upstream.getAppSettings.mockResolvedValue({
        pricingBackendUrl,
        pricingApiKey: 'merchant-key',
      })
      const { ctx } = buildContext({ inputs: NYC, upstream })

      await transform(ctx)

      expect(upstream.getAppSettings).toHaveBeenCalledWith(
        'acme.pricing-session@0.1.0'
      )
      expect(upstream.getPricing).toHaveBeenCalledWith(
        { baseUrl: pricingBackendUrl, apiKey: 'merchant-key' },
        'org-1',
        'cc-1'
      )
      expect(ctx.body).toMatchObject({
        pricing: { priceTable: { value: 'b2b-nyc' } },
      })
    }
  )

  it('reads the settings once for many transforms while they are fresh (30 s)', async () => {
    const upstream = upstreams()
    const vbase = new FakeVBase()

    for (const [organization, costcenter] of [
      ['org-1', 'cc-1'],
      ['org-1', 'cc-3'],
      ['org-2', 'cc-2'],
    ]) {
      const { ctx } = buildContext({
        inputs: { costcenter, organization },
        upstream,
        vbase,
      })

      // eslint-disable-next-line no-await-in-loop
      await transform(ctx)
      // eslint-disable-next-line no-await-in-loop
      await new Promise((resolve) => setTimeout(resolve, 5))
    }

    expect(upstream.getPricing).toHaveBeenCalledTimes(3)
    expect(upstream.getAppSettings).toHaveBeenCalledTimes(1)
  })

  it("keeps each account's settings to itself", async () => {
    const keys: Record<string, string> = {
      acme: 'acme-key',
      globex: 'globex-key',
    }

    for (const account of ['acme', 'globex']) {
      const upstream = upstreams()

      upstream.getAppSettings.mockResolvedValue({
        pricingBackendUrl: 'https://pricing.test',
        pricingApiKey: keys[account],
      })
      const { ctx } = buildContext({ inputs: NYC, upstream, account })

      // eslint-disable-next-line no-await-in-loop
      await transform(ctx)
      expect(upstream.getPricing).toHaveBeenCalledWith(
        { baseUrl: 'https://pricing.test', apiKey: keys[account] },
        'org-1',
        'cc-1'
      )
    }
  })

  it('clears pricing when the app settings are missing', async () => {
    const upstream = upstreams()

    upstream.getAppSettings.mockResolvedValue({} as never)
    const { ctx, upstream: stubs } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)

    expect(ctx.body).toMatchObject({
      pricing: { priceTable: { value: '' }, storeNumber: { value: '' } },
    })
    expect(stubs.getPricing).not.toHaveBeenCalled()
    // What an operator sees on the status route.
    expect(recentFailures('acme:master')).toEqual([
      expect.objectContaining({
        lookup: 'pricing',
        stage: 'upstream',
        code: 'not-configured',
      }),
    ])
  })

  it('says why a stale price table is not refreshed while the settings name no backend', async () => {
    const upstream = upstreams()
    const vbase = new FakeVBase()

    upstream.getAppSettings.mockResolvedValue({} as never)
    vbase.putLookup('org-1/cc-1', { 'cost-centers': COST_CENTERS['cc-1'] }, 0)
    vbase.putLookup('org-1/cc-1', { pricing: PRICING['org-1/cc-1'] }, HOUR)
    const { ctx, logger } = buildContext({ inputs: NYC, upstream, vbase })

    await transform(ctx)
    await tick(5)

    expect(ctx.body).toMatchObject({
      pricing: { priceTable: { value: 'b2b-nyc' } },
    })
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'cache: background revalidation failed',
        error: 'pricingBackendUrl/pricingApiKey are not set',
        code: 'not-configured',
      })
    )
  })

  it('keeps serving the settings for 5 min past their 30 s while the Apps API is down', async () => {
    // Both clocks the cache reads (Date for ages, performance for the LRU).
    let offsetMs = 0
    const realDate = Date.now.bind(Date)
    const realPerf = performance.now.bind(performance)

    jest.spyOn(Date, 'now').mockImplementation(() => realDate() + offsetMs)
    jest
      .spyOn(performance, 'now')
      .mockImplementation(() => realPerf() + offsetMs)
    try {
      const upstream = upstreams()
      const transformFor = async (costcenter: string) => {
        const { ctx } = buildContext({
          inputs: { costcenter, organization: 'org-1' },
          upstream,
        })

        await transform(ctx)

        return ctx.body
      }

      await transformFor('cc-1')
      offsetMs = 4 * 60 * 1000
      upstream.getAppSettings.mockRejectedValue(new Error('Apps API down'))

      expect(await transformFor('cc-3')).toMatchObject({
        pricing: { priceTable: { value: 'b2b-nj' } },
      })
      expect(upstream.getAppSettings).toHaveBeenCalledTimes(2)
    } finally {
      jest.restoreAllMocks()
    }
  })

  it('refuses a base URL the outbound-access policy cannot admit: no call, a failure code, one warning', async () => {
    const upstream = upstreams()

    upstream.getAppSettings.mockResolvedValue({
      pricingBackendUrl: 'https://pricing.example.com/v1?tenant=acme',
      pricingApiKey: 'merchant-key',
    })
    const {
      ctx,
      logger,
      upstream: stubs,
    } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)
    const second = buildContext({ inputs: NYC, upstream })

    await transform(second.ctx)

    expect(ctx.body).toMatchObject({
      pricing: { priceTable: { value: '' }, storeNumber: { value: '' } },
    })
    expect(stubs.getPricing).not.toHaveBeenCalled()
    expect(recentFailures('acme:master')).toEqual([
      expect.objectContaining({
        lookup: 'pricing',
        stage: 'upstream',
        code: 'not-admitted',
        count: 2,
      }),
    ])
    const warnings = [
      ...logger.warn.mock.calls,
      ...second.logger.warn.mock.calls,
    ].filter(([line]) => line.code)

    // One line a second for this kind (the other is the generic one of an
    // answer without a resolved lookup).
    expect(warnings).toEqual([
      [
        expect.objectContaining({
          message: 'pricing: settings refused, no call made',
          error:
            "pricingBackendUrl is not admitted by the app's outbound-access policy",
          code: 'not-admitted',
        }),
      ],
    ])
  })
})
