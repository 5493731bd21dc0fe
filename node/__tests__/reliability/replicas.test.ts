/**
 * The app as it runs on VTEX IO: three replicas (each its own `@vtex/api`
 * worker and LRU) behind the router, on one VBase, with sessions driven
 * through the Session Manager emulator. Real HTTP throughout; every load is
 * bounded in count and time.
 */
import { sfpInputs } from '../../../local/appStack'
import { routeHeaders, TRANSFORM_PATH } from '../../../local/appWorker'
import type { LocalStack } from '../../../local/localStack'
import { startLocalStack } from '../../../local/localStack'
import { generateFixtures } from '../../../local/platform/generatedFixtures'
import type { Replica } from '../../../local/replicas/replicaSet'
import { REPLICA_HEADER } from '../../../local/replicas/router'
import { SessionClient } from '../../../testkit/sessionManagerTestKit'
import type { SessionInputs } from './reliabilityKit'
import { expectedSessionFields } from './sessionFields'
import {
  cacheHeader,
  eventually,
  expectedAnswer,
  inputsOf,
  quiesce,
  sleep,
} from './reliabilityKit'

const REPLICAS = 3
const fixtures = generateFixtures({
  organizations: 3,
  costCenters: 24,
  shoppers: 72,
})

const COLD_DELAY_MS = 150

let stack: LocalStack

beforeAll(async () => {
  stack = await startLocalStack({
    fixtures,
    replicas: REPLICAS,
    maxTraces: 2_000,
    sessionManagerLog: () => undefined,
  })
}, 60_000)

afterAll(() => stack?.stop())

beforeEach(() => {
  stack.platform.faults.reset()
  stack.platform.resetStats()
})

const inputsOfCenter = (c: number): SessionInputs => {
  const center = fixtures.costCenters[c]

  return { costcenter: center.id, organization: center.organization }
}

const callsFor = ({ costcenter, organization }: SessionInputs) => {
  const stats = stack.platform.stats()

  return {
    graphql: stats.graphql.byId[costcenter ?? ''] ?? 0,
    pricing: stats.pricing.byKey[`${organization}/${costcenter}`] ?? 0,
  }
}

/** One transform straight to a replica, past the router. */
async function transformOn(replica: Replica, inputs: SessionInputs) {
  const response = await fetch(`${replica.url}${TRANSFORM_PATH}`, {
    method: 'POST',
    headers: routeHeaders('acme'),
    body: JSON.stringify(sfpInputs({ ...inputs })),
  })

  return { cache: cacheHeader(response), body: await response.json() }
}

describe('three replicas on one VBase', () => {
  it('a cold cost center through every replica at once costs at most one upstream call per replica', async () => {
    const inputs = inputsOfCenter(0)
    const delay = { delayMs: COLD_DELAY_MS }

    stack.platform.faults.set({ graphql: delay, pricing: delay })
    const answers = await Promise.all(
      Array.from({ length: REPLICAS * 4 }, () =>
        stack.transform(sfpInputs({ ...inputs }))
      )
    )

    const replicas = new Set(answers.map((a) => a.headers.get(REPLICA_HEADER)))

    expect(replicas.size).toBe(REPLICAS)
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual(expectedAnswer(inputs, fixtures))
    }

    const calls = callsFor(inputs)

    expect(calls.graphql).toBeGreaterThanOrEqual(1)
    expect(calls.graphql).toBeLessThanOrEqual(REPLICAS)
    expect(calls.pricing).toBeGreaterThanOrEqual(1)
    expect(calls.pricing).toBeLessThanOrEqual(REPLICAS)
  })

  it('once one replica has stored a cost center, the others answer vbase-fresh with no upstream call', async () => {
    const inputs = inputsOfCenter(1)
    const first = await stack.transform(sfpInputs({ ...inputs }))

    expect(cacheHeader(first)).toBe('costCenter=upstream, pricing=upstream')
    // The write to VBase follows the answer.
    await quiesce(stack)

    const others = [
      await stack.transform(sfpInputs({ ...inputs })),
      await stack.transform(sfpInputs({ ...inputs })),
    ]

    const names = [first, ...others].map((a) => a.headers.get(REPLICA_HEADER))

    expect(new Set(names).size).toBe(REPLICAS)
    for (const answer of others) {
      expect(cacheHeader(answer)).toBe(
        'costCenter=vbase-fresh, pricing=vbase-fresh'
      )
      expect(answer.body).toEqual(first.body)
    }

    expect(callsFor(inputs)).toEqual({ graphql: 1, pricing: 1 })
  })
})

/**
 * Session fields set to something the fixtures do not imply. Absent or `""`
 * (list prices, address untouched) is degraded, not wrong.
 */
function wrongFields(fields: Record<string, string>, email: string) {
  const wanted = expectedSessionFields(inputsOf(email, fixtures), fixtures)

  return Object.entries(wanted).filter(
    ([key, value]) => ![undefined, '', value].includes(fields[key])
  )
}

const priced = (fields: Record<string, string>, email: string) =>
  fields['pricing.priceTable'] ===
  expectedAnswer(inputsOf(email, fixtures), fixtures).pricing.priceTable.value

interface SignIn {
  email: string
  client: SessionClient
  fields: Record<string, string>
}

/** Signs shoppers in, `concurrency` at a time, through Session Manager. */
async function signIn(emails: string[], concurrency: number) {
  const queue = [...emails]
  const done: SignIn[] = []
  const worker = async () => {
    for (let email = queue.shift(); email; email = queue.shift()) {
      const client = new SessionClient(stack.sessionManager.url)

      // eslint-disable-next-line no-await-in-loop -- one shopper after another
      await client.create()
      // eslint-disable-next-line no-await-in-loop
      done.push({ email, client, fields: await client.signIn(email) })
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker))

  return done
}

const pricingRunsOf = (sessionIds: Set<string>) =>
  stack.sessionManager.traces
    .list()
    .filter((trace) => sessionIds.has(trace.sessionId))
    .flatMap((trace) => trace.rounds.flatMap((round) => round.apps))
    .filter((run) => run.app === 'pricing-session')

describe('a replica killed mid-run', () => {
  it('gets no more requests, leaves no session with wrong data, and its replacement warms from VBase', async () => {
    const emails = fixtures.users.map((user) => user.email)
    const [before, after] = [emails.slice(0, 48), emails.slice(48)]
    const [, victim] = stack.replicas.replicas()
    const delay = { delayMs: 20 }

    stack.platform.faults.set({ graphql: delay, pricing: delay })

    // Killed while sign-ins are in flight on it.
    const running = signIn(before, 6)

    const victimServed = await eventually(
      async () =>
        pricingRunsOf(
          new Set(stack.sessionManager.sessions.recent(500).map((s) => s.id))
        ).some((run) => run.replica === victim.name) || undefined
    )

    expect(victimServed).toBe(true)
    await sleep(50)
    await stack.replicas.kill(victim.name)
    const during = await running

    expect(stack.replicas.router.upstreams()).not.toContain(victim.name)

    const later = await signIn(after, 6)
    const laterRuns = pricingRunsOf(
      new Set(later.map(({ client }) => client.cookies.vtex_session))
    )

    expect(laterRuns.length).toBeGreaterThan(0)
    expect(laterRuns.map((run) => run.replica)).not.toContain(victim.name)

    const all = [...during, ...later]

    for (const { email, fields } of all) {
      expect(wrongFields(fields, email)).toEqual([])
    }

    // A sign-in that met the dying replica is unpriced, not wrong; the next
    // session change prices it.
    const unpriced = all.filter(({ fields, email }) => !priced(fields, email))

    for (const { client, email } of unpriced) {
      // eslint-disable-next-line no-await-in-loop -- a handful at most
      await client.patch()
      // eslint-disable-next-line no-await-in-loop
      expect(priced(await client.fields(), email)).toBe(true)
    }

    expect(unpriced.length).toBeLessThanOrEqual(6)

    await quiesce(stack)
    const replacement = await stack.replicas.add()

    stack.platform.resetStats()
    const stored = fixtures.costCenters
      .slice(0, 12)
      .map((_, c) => inputsOfCenter(c))

    for (const inputs of stored) {
      // eslint-disable-next-line no-await-in-loop -- one key after another
      const answer = await transformOn(replacement, inputs)

      expect(answer.cache).toBe('costCenter=vbase-fresh, pricing=vbase-fresh')
      expect(answer.body).toEqual(expectedAnswer(inputs, fixtures))
    }

    expect(stack.platform.stats().graphql.calls).toBe(0)
    expect(stack.platform.stats().pricing.calls).toBe(0)
    expect((await transformOn(replacement, stored[0])).cache).toBe(
      'costCenter=lru, pricing=lru'
    )
    expect(stack.replicas.router.upstreams()).toContain(replacement.name)
  }, 40_000)
})
