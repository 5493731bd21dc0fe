/**
 * Secrets and personal data stay where they belong, on error, retry and
 * background-refresh paths too: no answer carries an API key or a token, no
 * log line carries an email, a document, a key or a token (searched for by
 * value), and the merchant's backend only ever sees its own API key.
 */
import type { AppStack, TransformAnswer } from '../../../local/appStack'
import { sfpInputs, startAppStack } from '../../../local/appStack'
import { routeHeaders } from '../../../local/appWorker'
import { appTokenFor, DEFAULT_PRICING_API_KEY } from '../../../local/platform'
import type { Tenant } from './reliabilityKit'
import {
  cacheHeader,
  ERROR_BODY,
  freshTenant,
  NO_PRICING,
  NYC,
  nycInputs,
  quiesce,
} from './reliabilityKit'
import { plantVBase } from './vbaseKit'
import type { FaultsFor } from './privacyKit'
import {
  DOCUMENTS,
  down,
  EFFECTS,
  EMAIL,
  EMAILS,
  LogWatch,
  on,
  plantStale,
  REFRESH_FAILED,
  refusedKey,
  REFUSED_KEY,
  SESSION_TOKEN,
  failingWith,
  FULL,
} from './privacyKit'

let stack: AppStack
let logs: LogWatch
const answers: TransformAnswer[] = []
const tenants: Tenant[] = []

/** Every secret of the run, by value: keys, each tenant's app token, tokens. */
const secrets = () => [
  DEFAULT_PRICING_API_KEY,
  REFUSED_KEY,
  SESSION_TOKEN,
  ...tenants.map(({ account }) => appTokenFor(account)),
]

const personalData = () => [...EMAILS, ...DOCUMENTS]

beforeAll(async () => {
  stack = await startAppStack()
  logs = new LogWatch(stack.logs)
})

afterAll(() => stack.stop())

afterEach(async () => {
  stack.platform.faults.reset()
  await quiesce(stack)
})

/**
 * A transform as a signed-in shopper's would come: the store-user token
 * (locally the shopper's email) and the session token ride along, and go on
 * to B2B, so a failing B2B call carries them in its request headers.
 */
async function transform(inputs: unknown, tenant: Tenant) {
  tenants.push(tenant)
  const answer = await stack.transform(inputs, tenant, {
    body: typeof inputs === 'string' ? inputs : JSON.stringify(inputs),
    headers: {
      ...routeHeaders(tenant.account, tenant.workspace),
      cookie: `VtexIdclientAutCookie_${tenant.account}=${EMAIL}`,
      'x-vtex-session': SESSION_TOKEN,
    },
  })

  answers.push(answer)

  return answer
}

function expectNoSecret(text: string) {
  for (const secret of secrets()) expect(text).not.toContain(secret)
}

/** Logs get neither secrets nor personal data. */
function expectNothingSecret(text: string) {
  expectNoSecret(text)
  for (const needle of personalData()) expect(text).not.toContain(needle)
}

/** A cost center part another writer damaged: read, refused and logged. */
const corruptCostCenterPart: FaultsFor = async (tenant) => {
  await plantVBase(stack, {
    tenant,
    where: ['cost-centers', `${NYC.organization}/${NYC.costcenter}`],
    doc: { oops: 1 },
  })

  return {}
}

const sfp = (namespace: unknown) =>
  JSON.stringify({ 'storefront-permissions': namespace })

describe('requests carrying personal data', () => {
  it.each([
    ['an email as cost center id', 400, sfp({ costcenter: { value: EMAIL } })],
    ['malformed JSON around an email', 400, `{"profile": {"email": "${EMAIL}"`],
    [
      'a too large body of emails',
      413,
      JSON.stringify({ emails: Array(2000).fill(EMAILS[1]) }),
    ],
  ])('refuses %s with %i and logs none of it', async (_, status, body) => {
    const since = logs.mark()
    const answer = await transform(body, freshTenant('pii'))

    expect(answer.status).toBe(status)
    expect(answer.body).toEqual(ERROR_BODY)
    await quiesce(stack)
    expect(logs.since(since).length).toBeGreaterThan(0)
    expectNothingSecret(logs.since(since).join('\n'))
  })

  it.each([
    [
      'a profile namespace',
      JSON.stringify({
        profile: { email: { value: EMAIL }, document: { value: DOCUMENTS[0] } },
      }),
    ],
    ['an email as a field name', sfp({ [EMAIL]: { value: DOCUMENTS[1] } })],
  ])(
    'ignores %s (not an input it reads): 200, nothing echoed or logged',
    async (_, body) => {
      const since = logs.mark()
      const answer = await transform(body, freshTenant('pii'))

      expect(answer.status).toBe(200)
      expect(answer.body).toEqual({ pricing: NO_PRICING })
      await quiesce(stack)
      expect(logs.since(since).length).toBeGreaterThan(0)
      expectNothingSecret(
        [JSON.stringify(answer.body), ...logs.since(since)].join('\n')
      )
    }
  )

  it.each([
    ['a document as organization id', { ...NYC, organization: DOCUMENTS[2] }],
    ['a document as cost center id', { ...NYC, costcenter: DOCUMENTS[2] }],
  ])('answers %s as an unknown pair', async (_, inputs) => {
    const answer = await transform(sfpInputs(inputs), freshTenant('pii'))

    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ pricing: NO_PRICING })
  })
})

describe('upstream failures and retries, nothing stored yet', () => {
  it.each<[string, FaultsFor, keyof typeof EFFECTS]>([
    ['pricing 503 (retried)', on('pricing', failingWith(503)), 'pricing'],
    ['pricing down (retried)', on('pricing', down), 'pricing'],
    ['pricing 429', on('pricing', failingWith(429)), 'pricing'],
    ['pricing garbage', on('pricing', { kind: 'garbage' }), 'pricing'],
    ['a refused API key (401)', refusedKey, 'pricing'],
    ['settings 500', on('settings', failingWith(500)), 'pricing'],
    ['B2B 500 (retried)', on('graphql', failingWith(500)), 'costCenter'],
    ['B2B errors', on('graphql', { kind: 'errors' }), 'costCenter'],
    ['VBase down', on('vbase', down), 'vbase'],
    ['VBase 500', on('vbase', failingWith(500)), 'vbase'],
    // A document of another shape counts as none (cache/lookupDocuments.ts).
    ['VBase answering another shape', on('vbase', { kind: 'corrupt' }), 'none'],
    ['a corrupt part in VBase', corruptCostCenterPart, 'corrupt'],
    ['no fault', () => ({}), 'none'],
  ])(
    'answers with %s as documented, logging nothing secret',
    async (_, faultsFor, effect) => {
      const { want, line } = EFFECTS[effect]
      const tenant = freshTenant('fault')
      const since = line ? await logs.markAfterThrottle(line) : logs.mark()

      stack.platform.faults.set(await faultsFor(tenant, stack.platform))
      const answer = await transform(nycInputs(), tenant)

      expect(answer.status).toBe(200)
      expect(answer.body).toEqual(want)
      await quiesce(stack)
      // Each failure is logged: the check below reads a real line.
      const logged = line ? await logs.waitFor(since, line) : 'nothing failed'

      expect(logged).toBeTruthy()
      expectNothingSecret(logs.since(since).join('\n'))
    }
  )
})

/**
 * A stale value is answered at once and refreshed in the background; here
 * every refresh fails, and only that path logs the upstream's error.
 */
describe('failing background refreshes of stale values', () => {
  it.each<[string, FaultsFor, 'pricing' | 'cost-centers']>([
    ['pricing 503', on('pricing', failingWith(503)), 'pricing'],
    ['pricing down', on('pricing', down), 'pricing'],
    ['a refused API key', refusedKey, 'pricing'],
    ['settings 500', on('settings', failingWith(500)), 'pricing'],
    ['B2B 500', on('graphql', failingWith(500)), 'cost-centers'],
    ['B2B down', on('graphql', down), 'cost-centers'],
    ['B2B errors', on('graphql', { kind: 'errors' }), 'cost-centers'],
  ])(
    'with %s: serves the stale value and logs the failure, nothing secret',
    async (_, faultsFor, bucket) => {
      const tenant = freshTenant('refresh')

      await plantStale(stack, tenant)
      // The throttle writes one line a second per kind: wait for this one.
      const since = await logs.markAfterThrottle({
        message: REFRESH_FAILED,
        bucket,
      })

      stack.platform.faults.set(await faultsFor(tenant, stack.platform))
      const answer = await transform(nycInputs(), tenant)

      expect(cacheHeader(answer)).toBe(
        'costCenter=vbase-stale, pricing=vbase-stale'
      )
      expect(answer.body).toEqual(FULL)
      const failure = await logs.waitFor(since, {
        message: REFRESH_FAILED,
        bucket,
      })

      expect(failure).toMatchObject({ id: expect.any(String) })
      expectNothingSecret(logs.since(since).join('\n'))
    }
  )
})

describe('what left the worker', () => {
  it('no answer carries a key or a token', () => {
    expect(answers.length).toBeGreaterThan(20)
    for (const { headers, body } of answers) {
      expectNoSecret(JSON.stringify({ headers: [...headers], body }))
    }
  })

  it('every failure kind was logged, and no log line of the run carries a secret or personal data', () => {
    const lines = logs.all()

    expect(logs.appLines().length).toBeGreaterThanOrEqual(18)
    expect(logs.messages()).toEqual(
      expect.arrayContaining([
        'transform: answered without a resolved lookup',
        'cache: background revalidation failed',
        'cache: VBase read failed',
        'cache: VBase write failed',
        'cache: ignoring a corrupt VBase document',
      ])
    )
    for (const line of lines) expectNothingSecret(line)
  })

  it('the merchant backend got its API key, never a platform token, retries included', () => {
    const { pricing } = stack.platform.stats()
    const platformTokens = tenants.map(({ account }) => appTokenFor(account))

    // Retries are recorded too: 503 and down each made two calls.
    expect(pricing.requests).toHaveLength(pricing.calls)
    expect(pricing.calls).toBeGreaterThanOrEqual(12)
    expect(
      new Set(pricing.requests.map((r) => r.headers['x-api-key']))
    ).toEqual(new Set([DEFAULT_PRICING_API_KEY, REFUSED_KEY]))
    for (const { headers } of pricing.requests) {
      expect(headers).not.toHaveProperty('proxy-authorization')
      expect(headers).not.toHaveProperty('authorization')
      expect(headers).not.toHaveProperty('x-vtex-credential')
      expect(headers).not.toHaveProperty('cookie')
      expect(headers).not.toHaveProperty('x-vtex-session')
      for (const token of [...platformTokens, SESSION_TOKEN, EMAIL]) {
        expect(JSON.stringify(headers)).not.toContain(token)
      }

      expect([DEFAULT_PRICING_API_KEY, REFUSED_KEY]).toContain(
        headers['x-api-key']
      )
    }
  })
})
