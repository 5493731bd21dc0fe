// Must come first: @vtex/api reads VTEX_APP_ID when its modules load.
import '../../../testkit/platformTestEnv'

import type { IOContext, MiddlewareContext } from '@vtex/api'

import service from '../..'
import { Clients } from '../../clients'
import { CostCenterClient } from '../../clients/costCenterClient'
import { platformProxy } from '../../clients/platformProxy'
import { PricingClient } from '../../clients/pricingClient'
import { clearMemoryCache } from '../../cache/cached'
import { buildContext } from '../handler/handlerContext'
import { startScriptedBackend } from './scriptedBackend'

/**
 * The Service node/index.ts exports, in process: its route as `@vtex/api`
 * dispatches it, and the client budgets the README documents ("800 ms with
 * one retry, VBase 250 ms and no retry"). The worker suites run the same
 * wiring compiled; this is what mutation testing reaches.
 */
const { routes, clients } = service.config

type Route = (ctx: Context, next: () => Promise<void>) => Promise<void>

async function call(method: string, rawBody?: string) {
  const built = buildContext({ rawBody })
  const ctx = Object.assign(built.ctx, { method })

  await (routes?.transform as unknown as Route)(ctx, async () => {})

  return { ...built, ctx }
}

beforeEach(() => clearMemoryCache())

describe('the transform route', () => {
  it('answers a POST with the transform', async () => {
    const body = JSON.stringify({
      'storefront-permissions': {
        costcenter: { value: 'cc-1' },
        organization: { value: 'org-1' },
        costCenterAddressId: { value: 'addr-1' },
      },
    })

    const { ctx, headers } = await call('POST', body)

    expect(ctx.status).toBe(200)
    expect(ctx.body).toMatchObject({
      pricing: { priceTable: { value: 'b2b-nyc' } },
      public: { postalCode: { value: '10001' } },
    })
    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=upstream, pricing=upstream'
    )
  })

  it('answers refused input as a JSON 4xx (jsonErrors runs first)', async () => {
    const { ctx, upstream } = await call(
      'POST',
      '{"storefront-permissions": []}'
    )

    expect(ctx.status).toBe(400)
    expect(ctx.body).toMatchObject({ error: { code: 'invalid.input' } })
    expect(upstream.getCostCenterById).not.toHaveBeenCalled()
  })

  it.each(['GET', 'PUT', 'DELETE'])(
    'answers %s with our 405, not @vtex/api’s cacheable one',
    async (method) => {
      const { ctx, headers } = await call(method)

      expect(ctx.status).toBe(405)
      expect(headers).toMatchObject({
        allow: 'POST',
        'cache-control': 'no-cache, no-store',
      })
    }
  )
})

describe('the clients', () => {
  const options = clients?.options ?? {}

  it('are the app’s Clients', () => {
    expect(clients?.implementation).toBe(Clients)
  })

  it('give platform calls 800 ms, one retry 50 ms later, through the platform-proxy seam', () => {
    expect(options.default).toEqual({
      retries: 1,
      timeout: 800,
      initialBackoffDelay: 50,
      middlewares: [platformProxy],
    })
  })

  it('give VBase 250 ms and no retry: it only saves a trip upstream', () => {
    expect(options.vbase).toEqual({
      retries: 0,
      timeout: 250,
      middlewares: [platformProxy],
    })
  })

  it('give the merchant backend the upstream budget, through the same seam (the outbound proxy)', () => {
    const context = { account: 'acme', logger: {} } as unknown as IOContext
    const { pricing } = new Clients(options, context)

    expect((pricing as unknown as { options: unknown }).options).toMatchObject({
      retries: 1,
      timeout: 800,
      initialBackoffDelay: 50,
      middlewares: [platformProxy],
    })
  })

  it('build the B2B and pricing clients by name', () => {
    const context = {
      account: 'acme',
      workspace: 'master',
      authToken: 'token',
      logger: {},
    } as unknown as IOContext

    const built = new Clients(options, context)

    expect(built.costCenters).toBeInstanceOf(CostCenterClient)
    expect(built.pricing).toBeInstanceOf(PricingClient)
    expect(built.costCenters).toBe(built.costCenters)
  })
})

describe('the clients where VTEX_PLATFORM_PROXY is set (npm start)', () => {
  it('send platform calls and the pricing backend call to the proxy, full URL intact', async () => {
    const [proxy, merchant] = await Promise.all([
      startScriptedBackend(),
      startScriptedBackend(),
    ])

    const previous = process.env.VTEX_PLATFORM_PROXY

    process.env.VTEX_PLATFORM_PROXY = proxy.url
    try {
      let built: Clients | undefined

      await jest.isolateModulesAsync(async () => {
        const { default: isolated } = await import('../..')
        const { Clients: IsolatedClients } = await import('../../clients')

        built = new IsolatedClients(isolated.config.clients?.options ?? {}, {
          account: 'acme',
          workspace: 'master',
          authToken: 't',
          logger: { debug() {}, info() {}, warn() {}, error() {} },
          tracer: { isTraceSampled: false },
        } as never)
      })
      // The proxy answers in the backend's place, then in B2B's.
      proxy.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })
      await built?.pricing.getPricing(
        { baseUrl: merchant.url, apiKey: 'k' },
        'org-1',
        'cc-1'
      )
      proxy.answer(200, { data: { getCostCenterById: null } })
      await built?.costCenters.getCostCenterById('cc-1')

      // The local outbound proxy stands where VTEX's is: the merchant's
      // server is reached only through it.
      expect(merchant.requests).toEqual([])
      expect(proxy.requests.map(({ url }) => url)).toEqual([
        `${merchant.url}/pricing?organization=org-1&costCenter=cc-1`,
        expect.stringMatching(/^https?:\/\/app\.io\.vtex\.com\//),
      ])
    } finally {
      if (previous === undefined) delete process.env.VTEX_PLATFORM_PROXY
      else process.env.VTEX_PLATFORM_PROXY = previous
      await Promise.all([proxy.stop(), merchant.stop()])
    }
  })
})

describe('platformProxy', () => {
  /** The module as it loads with this environment (it reads it once). */
  const run = async (url: string | undefined) => {
    let middleware = platformProxy
    const previous = process.env.VTEX_PLATFORM_PROXY

    if (url === undefined) delete process.env.VTEX_PLATFORM_PROXY
    else process.env.VTEX_PLATFORM_PROXY = url
    try {
      await jest.isolateModulesAsync(async () => {
        middleware = (await import('../../clients/platformProxy')).platformProxy
      })
    } finally {
      if (previous === undefined) delete process.env.VTEX_PLATFORM_PROXY
      else process.env.VTEX_PLATFORM_PROXY = previous
    }

    const ctx = { config: {} } as MiddlewareContext
    const next = jest.fn(async () => {})

    await middleware(ctx, next)

    return { ctx, next }
  }

  it('sends requests to the forward proxy VTEX_PLATFORM_PROXY names', async () => {
    const { ctx, next } = await run('http://127.0.0.1:5060')

    expect(ctx.config.proxy).toEqual({
      protocol: 'http:',
      host: '127.0.0.1',
      port: 5060,
    })
    expect(next).toHaveBeenCalledTimes(1)
  })

  it('uses port 80 when the URL names none', async () => {
    const { ctx } = await run('http://platform.local')

    expect(ctx.config.proxy).toMatchObject({ port: 80 })
  })

  it('does nothing on VTEX IO, where it is unset', async () => {
    const { ctx, next } = await run(undefined)

    expect(ctx.config).toStrictEqual({})
    expect(next).toHaveBeenCalledTimes(1)
  })
})
