// Must come first: @vtex/api reads VTEX_APP_ID when its modules load.
import '../../../testkit/platformTestEnv'

import type { IOContext } from '@vtex/api'
import { MetricsAccumulator } from '@vtex/api/lib/metrics/MetricsAccumulator'

import { viaForwardProxy } from '../../../testkit/platformTestKit'
import {
  CostCenterClient,
  GET_COST_CENTER,
  isCostCenter,
  senderOf,
} from '../../clients/costCenterClient'
import { UpstreamError } from '../../clients/upstreamError'
import type { ScriptedBackend } from './scriptedBackend'
import { metricsOf, startScriptedBackend } from './scriptedBackend'

/**
 * The app's CostCenterClient (a real `AppGraphQLClient`) in process, its
 * requests routed to a backend on 127.0.0.1 that answers shapes B2B can send
 * (the stand-in in local/ answers only well-formed ones). The worker suites
 * cover the compiled client; this one is what mutation testing reaches.
 */
const silentLogger = { debug() {}, info() {}, warn() {}, error() {} }
const APP_TOKEN = 'app-token-of-acme'

const context = (extra: Partial<IOContext> = {}) =>
  ({
    account: 'acme',
    workspace: 'master',
    authToken: APP_TOKEN,
    region: 'aws-us-east-1',
    userAgent: 'cost-center-client-test',
    production: false,
    logger: silentLogger,
    tracer: { isTraceSampled: false },
    ...extra,
  } as unknown as IOContext)

let backend: ScriptedBackend

beforeAll(async () => {
  backend = await startScriptedBackend()
})

afterAll(() => backend.stop())

beforeEach(() => backend.reset())

/** A client whose requests go to the scripted backend, full URL intact. */
function client(extra: Partial<IOContext> = {}) {
  return new CostCenterClient(context(extra), {
    middlewares: [viaForwardProxy(backend.url)],
    retries: 0,
    timeout: 2000,
  })
}

const NYC = {
  id: 'cc-1',
  organization: 'org-1',
  addresses: [
    { addressId: 'addr-1', postalCode: '10001', country: 'USA', state: 'NY' },
  ],
}

const answering = (getCostCenterById: unknown, extra = {}) =>
  backend.answer(200, { data: { getCostCenterById }, ...extra })

describe('CostCenterClient.getCostCenterById', () => {
  it('asks B2B 2.x for the id with the query, its persisted-query extension and the app token', async () => {
    answering(NYC)

    expect(await client().getCostCenterById('cc-1')).toEqual(NYC)

    const [request] = backend.requests
    const sent = JSON.parse(request.body)

    expect(request.url).toMatch(
      /^https?:\/\/app\.io\.vtex\.com\/vtex\.b2b-organizations-graphql\/v2\/acme\/master\/_v\/graphql/
    )
    expect(sent).toMatchObject({
      query: GET_COST_CENTER,
      variables: { id: 'cc-1' },
      extensions: {
        persistedQuery: {
          provider: 'vtex.b2b-organizations-graphql@2.x',
          sender: 'acme.pricing-session@0.x',
        },
      },
    })
    expect(request.headers).toMatchObject({
      'x-vtex-credential': APP_TOKEN,
      vtexidclientautcookie: APP_TOKEN,
      cookie: `VtexIdclientAutCookie=${APP_TOKEN}`,
    })
    expect(request.headers).not.toHaveProperty('x-vtex-session')
  })

  it("adds the shopper's store token, and the session token @vtex/api sends, when the request carries them", async () => {
    answering(NYC)
    await client({
      storeUserAuthToken: 'store-token',
      sessionToken: 'session-token',
    }).getCostCenterById('cc-1')

    expect(backend.requests[0].headers).toMatchObject({
      cookie: `VtexIdclientAutCookie=${APP_TOKEN}; VtexIdclientAutCookie_acme=store-token`,
      'x-vtex-session': 'session-token',
    })
  })

  it.each([
    [
      'every field null (MasterData has no such document)',
      {
        id: null,
        organization: null,
        addresses: null,
      },
    ],
    ['null', null],
  ])('answers null for %s', async (_, answer) => {
    answering(answer)

    expect(await client().getCostCenterById('cc-9')).toBeNull()
  })

  it('reads a cost center without addresses (`addresses: null`) as one with none', async () => {
    answering({ id: 'cc-1', organization: 'org-1', addresses: null })

    expect(await client().getCostCenterById('cc-1')).toEqual({
      id: 'cc-1',
      organization: 'org-1',
      addresses: [],
    })
  })

  it.each([
    [
      'GraphQL errors',
      {
        data: { getCostCenterById: null },
        errors: [{ message: 'Unauthorized Access' }],
      },
    ],
    ['no data at all', {}],
    [
      'a cost center without an organization',
      { data: { getCostCenterById: { ...NYC, organization: null } } },
    ],
    [
      'an address without an id',
      {
        data: {
          getCostCenterById: { ...NYC, addresses: [{ postalCode: '1' }] },
        },
      },
    ],
  ])('fails on %s, never answering null', async (_, body) => {
    backend.answer(200, body)

    await expect(client().getCostCenterById('cc-1')).rejects.toMatchObject({
      name: 'UpstreamError',
      message: expect.stringMatching(
        /^B2B Organizations answered (GraphQL errors|an unexpected shape)$/
      ),
    })
  })

  it('names each failure for the logs', async () => {
    backend.answer(200, { errors: [{ message: 'x' }] })
    await expect(client().getCostCenterById('cc-1')).rejects.toThrow(
      new UpstreamError('B2B Organizations answered GraphQL errors')
    )
    backend.answer(200, { data: { getCostCenterById: { id: 1 } } })
    await expect(client().getCostCenterById('cc-1')).rejects.toThrow(
      new UpstreamError('B2B Organizations answered an unexpected shape')
    )
  })

  it('times its calls under the metric b2b-get-cost-center', async () => {
    const metrics = new MetricsAccumulator()

    answering(NYC)
    await new CostCenterClient(context(), {
      middlewares: [viaForwardProxy(backend.url)],
      metrics,
    }).getCostCenterById('cc-1')

    expect(Object.keys(metricsOf(metrics))).toEqual([
      'http-client-b2b-get-cost-center',
    ])
  })
})

describe('isCostCenter', () => {
  it.each([
    [NYC, true],
    [{ ...NYC, addresses: [] }, true],
    [{ ...NYC, id: 1 }, false],
    [{ ...NYC, organization: undefined }, false],
    [{ ...NYC, addresses: {} }, false],
    [{ ...NYC, addresses: [null] }, false],
    [{ ...NYC, addresses: ['addr-1'] }, false],
    [{ ...NYC, addresses: [{ addressId: 7 }] }, false],
    [null, false],
    ['cc-1', false],
  ])('%j → %s', (value, expected) => {
    expect(isCostCenter(value)).toBe(expected)
  })
})

describe('senderOf', () => {
  it.each([
    ['acme.pricing-session@0.1.0', 'acme.pricing-session@0.x'],
    ['vendor.app@12.3.4-beta', 'vendor.app@12.x'],
    ['acme.pricing-session', 'unknown'],
    ['@1.0.0', 'unknown'],
    ['acme.x@beta@1.0.0', 'unknown'],
    [undefined, 'unknown'],
  ])('%s → %s', (appId, sender) => {
    expect(senderOf(appId)).toBe(sender)
  })
})
