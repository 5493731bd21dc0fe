/**
 * End to end through the project registry (local/apps.json): native
 * stand-ins plus a FAKE pricing-session app answering the app's contract
 * from local/fixtures.json, so these tests do not depend on node/.
 */
import { NATIVE_APP_NAMES } from '../../../session-config'
import { nativeTransforms } from '../../nativeApps'
import { deriveRegionId } from '../../nativeApps/wire'
import { loadFixtures } from '../../platform/fixtures'
import { loadAppRegistry } from '../../sessionManager/registry'
import type { RunningSessionManager } from '../../sessionManager/server'
import { startSessionManager } from '../../sessionManager/server'
import type { WireNamespaces } from '../../sessionManager/types'
import type { TestApp } from '../../../testkit/sessionManagerTestKit'
import {
  memoryLog,
  SessionClient,
  startTestApp,
  wire,
} from '../../../testkit/sessionManagerTestKit'

const fixtures = loadFixtures()

function fakePricing(body: WireNamespaces) {
  const read = (field: string) => body['storefront-permissions']?.[field]?.value
  const costcenter = read('costcenter')
  const organization = read('organization')
  const row = fixtures.pricing.find(
    (p) => p.costcenter === costcenter && p.organization === organization
  )

  if (!costcenter || !row) {
    return {
      body: wire({ 'pricing.priceTable': '', 'pricing.storeNumber': '' }),
    }
  }

  const address = fixtures.costCenters
    .find((cc) => cc.id === costcenter)
    ?.addresses.find((a) => a.addressId === read('costCenterAddressId'))

  return {
    headers: { 'x-pricing-session-cache': 'costCenter=lru, pricing=upstream' },
    body: wire({
      'pricing.priceTable': row.priceTable,
      'pricing.storeNumber': row.storeNumber,
      ...(address && {
        'public.postalCode': address.postalCode,
        'public.country': address.country,
        'public.state': address.state,
      }),
    }),
  }
}

let pricing: TestApp
let manager: RunningSessionManager
const logs = memoryLog()

beforeAll(async () => {
  pricing = await startTestApp(fakePricing)
  manager = await startSessionManager({
    apps: loadAppRegistry(undefined, { urls: { appWorker: pricing.url } }),
    account: 'acme',
    workspace: 'master',
    log: logs.log,
  })
})

afterAll(async () => {
  await manager.stop()
  await pricing.stop()
})

async function signIn(client: SessionClient, email: string) {
  await client.create()

  return client.signIn(email)
}

describe('storefront flow with the fake pricing app', () => {
  it('keeps an anonymous session free of B2B and pricing fields', async () => {
    const client = new SessionClient(manager.url)

    await client.create()
    const fields = await client.fields()

    expect(fields['store.channel']).toBe('1')
    expect(
      Object.keys(fields).some((key) =>
        /^(storefront-permissions|pricing|authentication)\./.test(key)
      )
    ).toBe(false)
  })

  it('signs in a fixture buyer: permissions, pricing and region converge', async () => {
    const client = new SessionClient(manager.url)
    const fields = await signIn(client, 'buyer@acme.test')
    const region = deriveRegionId('USA', '10001')

    expect(fields).toMatchObject({
      'authentication.storeUserEmail': 'buyer@acme.test',
      'profile.email': 'buyer@acme.test',
      'profile.isAuthenticated': 'true',
      'storefront-permissions.organization': 'org-1',
      'storefront-permissions.costcenter': 'cc-1',
      'storefront-permissions.costCenterAddressId': 'addr-1',
      'pricing.priceTable': 'b2b-nyc',
      'pricing.storeNumber': '0042',
      'public.postalCode': '10001',
      'public.country': 'USA',
      'public.state': 'NY',
      'public.regionId': region,
      'checkout.regionId': region,
    })
    expect(fields['profile.id']).toEqual(expect.any(String))

    const trace = manager.traces.latest(client.cookies.vtex_session)
    const runs = trace?.rounds.flatMap((round) => round.apps) ?? []

    expect(trace?.loopCapHit).toBe(false)
    expect(runs.every((run) => run.status === 'ok')).toBe(true)
    expect(runs.find((run) => run.app === 'pricing-session')?.cache).toBe(
      'costCenter=lru, pricing=upstream'
    )
    expect(pricing.calls[pricing.calls.length - 1].headers).toMatchObject({
      'x-colossus-route-id': 'transform',
      'x-vtex-account': 'acme',
    })
    const segment = await client.send('GET', '/api/segments')

    expect(segment.body.regionId).toBe(region)
  })

  it('follows a shopper-chosen address only when it belongs to the cost center', async () => {
    const client = new SessionClient(manager.url)

    await signIn(client, 'buyer@acme.test')
    await client.patch('', {
      public: { costCenterAddressId: { value: 'addr-2' } },
    })
    let fields = await client.fields()

    expect(fields['storefront-permissions.costCenterAddressId']).toBe('addr-2')
    expect(fields['public.postalCode']).toBe('11201')
    expect(fields['checkout.regionId']).toBe(deriveRegionId('USA', '11201'))

    await client.patch('', {
      public: { costCenterAddressId: { value: 'addr-3' } },
    })
    fields = await client.fields()
    expect(fields['storefront-permissions.costCenterAddressId']).toBe('addr-1')
    expect(fields['public.postalCode']).toBe('10001')
    expect(manager.traces.latest(client.cookies.vtex_session)?.loopCapHit).toBe(
      false
    )
  })

  it('signs out: storefront-permissions and pricing fields emptied', async () => {
    const client = new SessionClient(manager.url)

    await signIn(client, 'boston@acme.test')
    expect((await client.fields())['pricing.priceTable']).toBe('b2b-boston')
    await client.signOut()
    const fields = await client.fields()

    expect(fields).toMatchObject({
      'authentication.storeUserEmail': '',
      'profile.isAuthenticated': 'false',
      'storefront-permissions.organization': '',
      'storefront-permissions.costcenter': '',
      'storefront-permissions.costCenterAddressId': '',
      'pricing.priceTable': '',
      'pricing.storeNumber': '',
      'public.regionId': '',
    })
    expect(fields['profile.id']).toBeUndefined()
  })

  it('gives a shopper outside the fixtures a profile but no B2B fields', async () => {
    const client = new SessionClient(manager.url)
    const fields = await signIn(client, 'someone@b2c.test')

    expect(fields['profile.email']).toBe('someone@b2c.test')
    expect(fields['storefront-permissions.costcenter']).toBe('')
    expect(fields['pricing.priceTable']).toBe('')
  })

  it('never writes an email or the auth cookie into the logs', () => {
    expect(JSON.stringify(logs.entries)).not.toMatch(/@/)
  })
})

describe('storefront-permissions stand-in', () => {
  const transform = nativeTransforms({ fixtures })['storefront-permissions']
  const input: WireNamespaces = {
    authentication: { storeUserEmail: { value: 'buyer@globex.test' } },
    public: { postalCode: { value: '78701' }, country: { value: 'USA' } },
  }

  it('answers the same outputs for the same inputs, its own hash read back included', () => {
    const first = transform(input) as WireNamespaces

    expect(transform(input)).toEqual(first)
    expect(first['storefront-permissions'].costcenter.value).toBe('cc-3')
    const withHash = {
      ...input,
      'storefront-permissions': { hash: first['storefront-permissions'].hash },
    }

    expect(transform(withHash)).toEqual(first)
  })

  it('is registered for every native config', () => {
    const byName = (a: string, b: string) => a.localeCompare(b)

    expect(Object.keys(nativeTransforms({ fixtures })).sort(byName)).toEqual(
      [...NATIVE_APP_NAMES].sort(byName)
    )
  })
})
