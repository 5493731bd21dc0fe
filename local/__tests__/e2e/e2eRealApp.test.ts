/**
 * The storefront flow of `npm start`, end to end over real HTTP: Session
 * Manager emulator + native stand-ins + the compiled app in the real
 * `@vtex/api` worker + platform stand-ins. Every test signs in its own
 * shopper and expects what the fixtures say, so each passes alone and in
 * any order (`npx jest e2eRealApp --randomize`).
 */
import { readFileSync } from 'fs'
import { join } from 'path'

import type { LocalStack } from '../../localStack'
import { startLocalStack } from '../../localStack'
import { deriveRegionId } from '../../nativeApps/wire'
import { loadFixtures } from '../../platform'
import { loadAppRegistry, startSessionManager } from '../../sessionManager'
import { fixtureFieldsOf as fieldsOfFixtureUser } from '../../../testkit/fixtureSessionFields'
import {
  memoryLog,
  SessionClient,
} from '../../../testkit/sessionManagerTestKit'

let stack: LocalStack
const sessionManagerLogs = memoryLog()
const fixtures = loadFixtures()
const EMAILS = fixtures.users.map(({ email }) => email)

beforeAll(async () => {
  // One replica: the flow checks that a second sign-in hits the worker's LRU.
  stack = await startLocalStack({
    sessionManagerLog: sessionManagerLogs.log,
    replicas: 1,
  })
})

afterAll(() => stack.stop())

/** What the fixtures give a shopper: pricing row, address, checkout region. */
const fixtureFieldsOf = (email: string) => fieldsOfFixtureUser(fixtures, email)

async function newShopper(url = stack.sessionManager.url) {
  const shopper = new SessionClient(url)

  await shopper.create()

  return shopper
}

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
    const fields = await (await newShopper()).fields()

    expect(fields['pricing.priceTable'] ?? '').toBe('')
    expect(fields['store.channel']).toBe('1')
  })

  it('signs in a buyer: pricing, address propagation and region from the fixtures', async () => {
    const shopper = await newShopper()
    const fields = await shopper.signIn('buyer@acme.test')

    expect(fixtureFieldsOf('buyer@acme.test')).toMatchObject({
      'pricing.priceTable': 'b2b-nyc',
      'public.postalCode': '10001',
    })
    expect(fields).toMatchObject(fixtureFieldsOf('buyer@acme.test'))

    const { trace, runs } = pricingRuns(shopper)

    expect(trace?.loopCapHit).toBe(false)
    expect(runs.length).toBeGreaterThan(0)
    expect(runs.every((run) => run.status === 'ok')).toBe(true)
  })

  it('switches every field when another buyer signs in on the same session', async () => {
    const shopper = await newShopper()

    await shopper.signIn('buyer@acme.test')
    const fields = await shopper.signIn('buyer@globex.test')

    expect(fields).toMatchObject(fixtureFieldsOf('buyer@globex.test'))
    expect(fields['checkout.regionId']).toBe(deriveRegionId('USA', '78701'))
  })

  it('clears pricing on sign out', async () => {
    const shopper = await newShopper()

    // Signed in first, or clearing would prove nothing.
    expect(await shopper.signIn('buyer@acme.test')).toMatchObject({
      'pricing.priceTable': 'b2b-nyc',
      'pricing.storeNumber': '0042',
    })
    await shopper.signOut()
    const fields = await shopper.fields()

    expect(fields['storefront-permissions.costcenter']).toBe('')
    expect(fields['pricing.priceTable']).toBe('')
    expect(fields['pricing.storeNumber']).toBe('')
  })

  it('serves a second sign-in of the same buyer from the LRU', async () => {
    // cc-2 (boston) is signed in on this tenant by this test only: its first
    // lookup is cold. B2B calls are counted over every tenant: a delta.
    const b2bCalls = () => stack.platform.stats().graphql.byId['cc-2'] ?? 0
    const before = b2bCalls()
    const first = await newShopper()

    expect(await first.signIn('boston@acme.test')).toMatchObject(
      fixtureFieldsOf('boston@acme.test')
    )
    expect(pricingRuns(first).runs[0].cache).toBe(
      'costCenter=upstream, pricing=upstream'
    )

    const second = await newShopper()

    expect(await second.signIn('boston@acme.test')).toMatchObject(
      fixtureFieldsOf('boston@acme.test')
    )
    expect(pricingRuns(second).runs[0].cache).toBe(
      'costCenter=lru, pricing=lru'
    )
    expect(b2bCalls() - before).toBe(1)
  })

  it('gives a buyer whose cost center has no pricing row an empty price table', async () => {
    const fields = await (await newShopper()).signIn('denver@globex.test')

    expect(fields).toMatchObject(fixtureFieldsOf('denver@globex.test'))
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

  it('logs no email in the Session Manager or the worker, failures included', async () => {
    // A tenant of its own: cold caches, so the failure below is really met
    // and logged whatever ran before.
    const logs = memoryLog()
    const manager = await startSessionManager({
      account: 'e2e-logs',
      workspace: 'master',
      apps: loadAppRegistry(undefined, {
        urls: { appWorker: stack.worker.url },
      }),
      log: logs.log,
    })

    const workerLinesBefore = stack.logs.length

    try {
      stack.platform.faults.set({
        pricing: { fault: { kind: 'status', status: 503 } },
      })
      for (const email of EMAILS) {
        // eslint-disable-next-line no-await-in-loop
        const shopper = await newShopper(manager.url)

        // eslint-disable-next-line no-await-in-loop
        expect(await shopper.signIn(email)).toMatchObject({
          'pricing.priceTable': '',
        })
      }
    } finally {
      stack.platform.faults.reset()
      await manager.stop()
    }

    const workerLines = stack.logs.slice(workerLinesBefore)

    expect(logs.entries.length).toBeGreaterThan(0)
    expect(workerLines.join('\n')).toContain(
      'transform: answered without a resolved lookup'
    )
    const everything = [
      JSON.stringify(sessionManagerLogs.entries),
      JSON.stringify(logs.entries),
      stack.logs.join('\n'),
    ].join('\n')

    for (const email of EMAILS) expect(everything).not.toContain(email)
    expect(everything).not.toMatch(/@(acme|globex)\.test/)
  })
})

describe("docs/README.md's storefront read", () => {
  it('answers the plain-HTTP example exactly as the docs show it', async () => {
    const docs = readFileSync(
      join(__dirname, '..', '..', '..', 'docs', 'README.md'),
      'utf8'
    )

    const [, path] = /^\s*GET (\/api\/sessions\?items=\S+)$/m.exec(docs) ?? []
    const [, shown] = /answers `(\{"id": .*\})`/.exec(docs) ?? []

    expect(path).toBe(
      '/api/sessions?items=pricing.priceTable,pricing.storeNumber'
    )
    const shopper = await newShopper()

    await shopper.signIn('buyer@acme.test')
    const { status, body } = await shopper.send('GET', path)

    expect(status).toBe(200)
    expect(body).toEqual({
      ...JSON.parse(shown.replace('"…"', '"x"')),
      id: shopper.cookies.vtex_session,
    })
  })
})

describe('a Session Manager that sends whole input namespaces', () => {
  let whole: LocalStack

  beforeAll(async () => {
    whole = await startLocalStack({
      sessionManagerLog: memoryLog().log,
      replicas: 1,
      wholeInputNamespaces: true,
    })
  })

  afterAll(() => whole.stop())

  it('gets the same answers: the app reads its three fields and ignores the rest', async () => {
    const shopper = await newShopper(whole.sessionManager.url)
    const fields = await shopper.signIn('brooklyn@acme.test')

    expect(fields).toMatchObject(fixtureFieldsOf('brooklyn@acme.test'))
    const runs = (
      whole.sessionManager.traces.latest(shopper.cookies.vtex_session)
        ?.rounds ?? []
    )
      .flatMap((round) => round.apps)
      .filter((run) => run.app === 'pricing-session')

    expect(runs.length).toBeGreaterThan(0)
    expect(runs.every((run) => run.status === 'ok')).toBe(true)
  })
})
