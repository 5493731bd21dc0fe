// Must come first: @vtex/api reads VTEX_APP_ID when its modules load.
import '../../../testkit/platformTestEnv'

import type { IOContext } from '@vtex/api'
import { MetricsAccumulator } from '@vtex/api/lib/metrics/MetricsAccumulator'

import { isPricing, PricingClient } from '../../clients/pricingClient'
import type { ScriptedBackend } from './scriptedBackend'
import { metricsOf, startScriptedBackend } from './scriptedBackend'

/**
 * The app's PricingClient (a real `ExternalClient`) in process, against a
 * backend on 127.0.0.1 that answers what each test scripts and records what
 * arrived. The worker suites cover the same client compiled; this one is
 * what mutation testing reaches.
 */
const silentLogger = { debug() {}, info() {}, warn() {}, error() {} }
const PLATFORM_TOKEN = 'platform-token-never-for-third-parties'
const SESSION_TOKEN = 'session-token-of-the-shopper'
const SEGMENT_TOKEN = 'segment-token-of-the-shopper'

const ioContext = {
  account: 'acme',
  workspace: 'master',
  authToken: PLATFORM_TOKEN,
  sessionToken: SESSION_TOKEN,
  segmentToken: SEGMENT_TOKEN,
  region: 'aws-us-east-1',
  userAgent: 'pricing-client-test',
  production: false,
  logger: silentLogger,
  tracer: { isTraceSampled: false },
} as unknown as IOContext

let backend: ScriptedBackend
let client: PricingClient

beforeAll(async () => {
  backend = await startScriptedBackend()
})

afterAll(() => backend.stop())

beforeEach(() => {
  backend.reset()
  // @vtex/api memoizes a client's GETs: one client per test, as the worker
  // builds one per request.
  client = new PricingClient(ioContext, { retries: 0, timeout: 2000 })
})

const KEY = 'merchant-api-key'
const at = (baseUrl: string) => ({ baseUrl, apiKey: KEY })

describe('PricingClient.getPricing', () => {
  it('asks GET /pricing for the pair with the API key and answers the two fields', async () => {
    backend.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })

    expect(await client.getPricing(at(backend.url), 'org-1', 'cc-1')).toEqual({
      priceTable: 'b2b-nyc',
      storeNumber: '0042',
    })

    const [request] = backend.requests

    expect(request.method).toBe('GET')
    expect(request.url).toBe('/pricing?organization=org-1&costCenter=cc-1')
    expect(request.headers['x-api-key']).toBe(KEY)
    expect(request.headers.accept).toBe('application/json')
    expect(request.headers).not.toHaveProperty('x-vtex-use-https')
  })

  it("keeps the app's credential for the outbound proxy and never sends the shopper's tokens", async () => {
    backend.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })
    await client.getPricing(at(backend.url), 'org-1', 'cc-1')

    // No outbound proxy in this test: what arrives is what the app sends.
    const [{ headers }] = backend.requests

    // VTEX's outbound proxy authorizes the call with it, and consumes it.
    expect(headers['proxy-authorization']).toBe(PLATFORM_TOKEN)
    expect(headers).not.toHaveProperty('authorization')
    expect(headers).not.toHaveProperty('x-vtex-session')
    expect(headers).not.toHaveProperty('x-vtex-segment')
    const all = JSON.stringify(headers)

    for (const token of [SESSION_TOKEN, SEGMENT_TOKEN]) {
      expect(all).not.toContain(token)
    }
  })

  it('calls {base}/pricing for a base URL with a path, with or without a trailing slash', async () => {
    backend.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })
    backend.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })
    await client.getPricing(at(`${backend.url}/v1`), 'org-1', 'cc-1')
    await new PricingClient(ioContext, { retries: 0 }).getPricing(
      at(`${backend.url}/v1/`),
      'org-1',
      'cc-2'
    )

    expect(backend.requests.map(({ url }) => url)).toEqual([
      '/v1/pricing?organization=org-1&costCenter=cc-1',
      '/v1/pricing?organization=org-1&costCenter=cc-2',
    ])
  })

  it('keeps nothing but the two fields of what the backend answers', async () => {
    backend.answer(200, {
      priceTable: 'b2b-nyc',
      storeNumber: '0042',
      buyerEmail: 'buyer@acme.test',
    })

    expect(await client.getPricing(at(backend.url), 'org-1', 'cc-1')).toEqual({
      priceTable: 'b2b-nyc',
      storeNumber: '0042',
    })
  })

  it('calls an https backend over http with X-Vtex-Use-Https, as the egress proxy wants', async () => {
    backend.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })
    const https = backend.url.replace(/^http:/, 'https:')

    await client.getPricing(at(https), 'org-1', 'cc-1')

    expect(backend.requests[0].headers['x-vtex-use-https']).toBe('true')
  })

  it('joins a base URL with a trailing slash without doubling it', async () => {
    backend.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })
    await client.getPricing(at(`${backend.url}/`), 'org-1', 'cc-1')

    expect(backend.requests[0].url).toMatch(/^\/pricing\?/)
  })

  it('answers null when the backend has no pricing for the pair (404)', async () => {
    backend.answer(404, { error: 'not found' })

    expect(await client.getPricing(at(backend.url), 'org-1', 'cc-9')).toBeNull()
  })

  it.each([
    ['a missing storeNumber', { priceTable: 'b2b-nyc' }],
    ['a numeric priceTable', { priceTable: 7, storeNumber: '0042' }],
    ['an array', [{ priceTable: 'b2b-nyc', storeNumber: '0042' }]],
    ['text', 'b2b-nyc'],
    // Only a 404 says "no pricing"; a 200 must carry it.
    ['null', null],
  ])('refuses %s as an upstream error', async (_, body) => {
    backend.answer(200, body)

    await expect(
      client.getPricing(at(backend.url), 'org-1', 'cc-1')
    ).rejects.toMatchObject({
      name: 'UpstreamError',
      message: 'Pricing backend answered an unexpected shape',
      // What the status route lists the failure as.
      code: 'invalid-answer',
    })
  })

  it('times its calls under the metric pricing-backend-get', async () => {
    const metrics = new MetricsAccumulator()

    backend.answer(200, { priceTable: 'b2b-nyc', storeNumber: '0042' })
    await new PricingClient(ioContext, { metrics }).getPricing(
      at(backend.url),
      'org-1',
      'cc-1'
    )

    expect(Object.keys(metricsOf(metrics))).toEqual([
      'http-client-pricing-backend-get',
    ])
  })

  it('fails on a server error, never answering null', async () => {
    backend.answer(503, { error: 'maintenance' })

    await expect(
      client.getPricing(at(backend.url), 'org-1', 'cc-1')
    ).rejects.toMatchObject({ response: { status: 503 } })
  })
})

describe('isPricing', () => {
  it.each([
    [{ priceTable: 'a', storeNumber: 'b' }, true],
    [{ priceTable: '', storeNumber: '' }, true],
    [{ priceTable: 'a' }, false],
    [{ storeNumber: 'b' }, false],
    [{ priceTable: 1, storeNumber: 'b' }, false],
    [{ priceTable: 'a', storeNumber: 2 }, false],
    [null, false],
    ['a', false],
  ])('%j → %s', (value, expected) => {
    expect(isPricing(value)).toBe(expected)
  })
})
