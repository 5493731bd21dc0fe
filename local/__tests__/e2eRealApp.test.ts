/**
 * The storefront flow of `npm start`, end to end over real HTTP: Session
 * Manager emulator + native stand-ins + the compiled app in the real
 * `@vtex/api` worker + platform stand-ins.
 */
import type { LocalStack } from '../localStack'
import { startLocalStack } from '../localStack'
import { AUTH_COOKIE } from '../nativeApps/authenticationSession'
import { deriveRegionId } from '../nativeApps/wire'
import { memoryLog, SessionClient } from './sessionManagerTestKit'

let stack: LocalStack
/** One shopper's browser, carried through the flow below. */
let shopper: SessionClient
const sessionManagerLogs = memoryLog()

beforeAll(async () => {
  // One replica: the flow checks that a second sign-in hits the worker's LRU.
  stack = await startLocalStack({
    sessionManagerLog: sessionManagerLogs.log,
    replicas: 1,
  })
  shopper = new SessionClient(stack.sessionManager.url)
})

afterAll(() => stack.stop())

function pricingRuns(client: SessionClient) {
  const trace = stack.sessionManager.traces.latest(client.cookies.vtex_session)

  return {
    trace,
    runs: (trace?.rounds ?? [])
      .flatMap((round) => round.apps)
      .filter((run) => run.app === 'pricing-session'),
  }
}

describe('storefront session flow with the real app', () => {
  it('gives an anonymous session no price table', async () => {
    await shopper.create()
    const fields = await shopper.fields()

    expect(fields['pricing.priceTable'] ?? '').toBe('')
    expect(fields['store.channel']).toBe('1')
  })

  it('signs in a buyer: pricing, address propagation and region from the fixtures', async () => {
    const fields = await shopper.signIn('buyer@acme.test')
    const region = deriveRegionId('USA', '10001')

    expect(fields).toMatchObject({
      'storefront-permissions.costcenter': 'cc-1',
      'pricing.priceTable': 'b2b-nyc',
      'pricing.storeNumber': '0042',
      'public.postalCode': '10001',
      'public.country': 'USA',
      'public.state': 'NY',
      'checkout.regionId': region,
    })

    const { trace, runs } = pricingRuns(shopper)

    expect(trace?.loopCapHit).toBe(false)
    expect(runs.length).toBeGreaterThan(0)
    expect(runs.every((run) => run.status === 'ok')).toBe(true)
    expect(runs[0].cache).toBe('costCenter=upstream, pricing=upstream')
  })

  it('switches every field when another buyer signs in', async () => {
    const fields = await shopper.signIn('buyer@globex.test')

    expect(fields).toMatchObject({
      'storefront-permissions.organization': 'org-2',
      'storefront-permissions.costcenter': 'cc-3',
      'pricing.priceTable': 'b2b-austin',
      'pricing.storeNumber': '0311',
      'public.country': 'USA',
      'public.state': 'TX',
    })
    expect(fields['checkout.regionId']).toBe(
      deriveRegionId('USA', fields['public.postalCode'])
    )
  })

  it('clears pricing on sign out', async () => {
    delete shopper.cookies[AUTH_COOKIE]
    await shopper.patch()
    const fields = await shopper.fields()

    expect(fields['storefront-permissions.costcenter']).toBe('')
    expect(fields['pricing.priceTable']).toBe('')
    expect(fields['pricing.storeNumber']).toBe('')
  })

  it('serves a second sign-in of the same buyer from the LRU', async () => {
    const other = new SessionClient(stack.sessionManager.url)

    await other.create()
    await other.signIn('buyer@acme.test')

    expect(pricingRuns(other).runs[0].cache).toBe('costCenter=lru, pricing=lru')
    expect(stack.platform.stats().graphql.byId['cc-1']).toBe(1)
  })

  it('gives a buyer whose cost center has no pricing row an empty price table', async () => {
    const denver = new SessionClient(stack.sessionManager.url)

    await denver.create()
    const fields = await denver.signIn('denver@globex.test')

    expect(fields['pricing.priceTable']).toBe('')
    expect(fields['public.state']).toBe('CO')
  })

  it("relays the worker's private status at /_local/app/status, counters moved by the flow", async () => {
    const response = await fetch(
      `${stack.sessionManager.url}/_local/app/status`
    )

    const status = (await response.json()) as {
      pid: number
      caches: Record<
        string,
        { answered: Record<string, number>; lru: { max: number } }
      >
    }

    expect(response.status).toBe(200)
    expect(status.pid).toBe(stack.worker.child.pid)
    // Sign-ins above: cc-1 went upstream once, then answered from memory.
    expect(status.caches['cost-centers'].answered.upstream).toBeGreaterThan(0)
    expect(status.caches['cost-centers'].answered.lru).toBeGreaterThan(0)
    expect(status.caches.pricing.lru.max).toBe(10_000)
  })

  it('logs no email in the Session Manager or the worker', () => {
    expect(JSON.stringify(sessionManagerLogs.entries)).not.toContain('@')
    expect(stack.logs.join('\n')).not.toMatch(/@(acme|globex)\.test/)
  })
})
