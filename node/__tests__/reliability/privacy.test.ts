/**
 * Secrets and personal data stay where they belong, on error and retry paths
 * too: no answer carries an API key or the platform credential, no log line
 * carries an email, a document or a key, and the merchant's backend only
 * ever sees its own API key.
 */
import type { AppStack, TransformAnswer } from '../../../local/appStack'
import { sfpInputs, startAppStack } from '../../../local/appStack'
import { DEFAULT_PRICING_API_KEY, loadFixtures } from '../../../local/platform'
import type { Tenant } from './reliabilityKit'
import { freshTenant, nycInputs, quiesce } from './reliabilityKit'

/** Configured for one account only; the backend refuses it (401). */
const REFUSED_KEY = 'sk-live-9f3c2a7e-refused-by-backend'
const PLATFORM_CREDENTIAL = 'local-app-token'
const SECRETS = [DEFAULT_PRICING_API_KEY, REFUSED_KEY, PLATFORM_CREDENTIAL]

const EMAILS = [
  ...loadFixtures().users.map(({ email }) => email),
  'shopper@example.test',
]

const [EMAIL] = EMAILS
const DOCUMENTS = ['123.456.789-09', '12.345.678/0001-95', '12345678909']
const PERSONAL_DATA = [...EMAILS, ...DOCUMENTS]

let stack: AppStack
const answers: TransformAnswer[] = []

beforeAll(async () => {
  stack = await startAppStack()
})

afterAll(() => stack.stop())

afterEach(async () => {
  stack.platform.faults.reset()
  await quiesce(stack)
})

async function transform(inputs: unknown, tenant: Tenant) {
  const answer = await stack.transform(inputs, tenant)

  answers.push(answer)

  return answer
}

const sfp = (namespace: unknown) =>
  JSON.stringify({ 'storefront-permissions': namespace })

describe('requests carrying personal data', () => {
  it.each([
    [
      'a profile namespace',
      400,
      JSON.stringify({
        profile: { email: { value: EMAIL }, document: { value: DOCUMENTS[0] } },
      }),
    ],
    ['an email as cost center id', 400, sfp({ costcenter: { value: EMAIL } })],
    [
      'an email as a field name',
      400,
      sfp({ [EMAIL]: { value: DOCUMENTS[1] } }),
    ],
    ['malformed JSON around an email', 400, `{"profile": {"email": "${EMAIL}"`],
    [
      'a too large body of emails',
      413,
      JSON.stringify({ emails: Array(2000).fill(EMAILS[1]) }),
    ],
    [
      'a document as organization id',
      200,
      sfp({
        costcenter: { value: 'cc-1' },
        organization: { value: DOCUMENTS[0] },
      }),
    ],
    [
      'a document as cost center id',
      200,
      JSON.stringify(
        sfpInputs({ costcenter: DOCUMENTS[2], organization: 'org-1' })
      ),
    ],
  ])('answers %s with %i', async (_, status, body) => {
    const answer = await transform(body, freshTenant('pii'))

    expect(answer.status).toBe(status)
  })
})

describe('upstream failures and retries', () => {
  it.each([
    [
      'pricing 503 (retried)',
      { pricing: { fault: { kind: 'status', status: 503 } } },
    ],
    ['pricing down (retried)', { pricing: { fault: { kind: 'down' } } }],
    [
      'pricing stalled (timed out twice)',
      { pricing: { fault: { kind: 'slow', ms: 1000 } } },
    ],
    ['pricing 429', { pricing: { fault: { kind: 'status', status: 429 } } }],
    ['pricing garbage', { pricing: { fault: { kind: 'garbage' } } }],
    [
      'B2B 500 (retried)',
      { graphql: { fault: { kind: 'status', status: 500 } } },
    ],
    ['VBase down', { vbase: { fault: { kind: 'down' } } }],
    ['no fault', {}],
  ])('answers with %s', async (_, faults) => {
    stack.platform.faults.set(faults)
    const answer = await transform(nycInputs(), freshTenant('fault'))

    expect(answer.status).toBe(200)
  })

  it('answers with a key the backend refuses (401)', async () => {
    const tenant = freshTenant('refused')

    stack.platform.faults.set({
      settingsOverrides: {
        [tenant.account]: {
          pricingBackendUrl: stack.platform.pricingUrl,
          pricingApiKey: REFUSED_KEY,
        },
      },
    })

    const answer = await transform(nycInputs(), tenant)

    expect(answer.status).toBe(200)
    expect(stack.platform.stats().pricing.unauthorized).toBe(1)
  })
})

describe('what left the worker', () => {
  it('no answer carries an API key or the platform credential', () => {
    expect(answers.length).toBeGreaterThan(10)
    for (const { headers, body } of answers) {
      const bytes = JSON.stringify({ headers: [...headers], body })

      for (const secret of SECRETS) expect(bytes).not.toContain(secret)
    }
  })

  it('no log line carries an email, a document, an API key or the credential', () => {
    const logs = stack.logs.join('\n')

    // The failures above were logged: the check below looks at real lines.
    expect(logs).toContain('answered without a resolved lookup')
    for (const needle of [...PERSONAL_DATA, ...SECRETS]) {
      expect(logs).not.toContain(needle)
    }
  })

  it('the merchant backend got its API key, never the platform credential, retries included', () => {
    const { pricing } = stack.platform.stats()

    // Retries are recorded too: 503, down and the stall each made two calls.
    expect(pricing.requests).toHaveLength(pricing.calls)
    expect(pricing.calls).toBeGreaterThanOrEqual(12)
    for (const { headers } of pricing.requests) {
      expect(headers).not.toHaveProperty('proxy-authorization')
      expect(headers).not.toHaveProperty('authorization')
      expect(headers).not.toHaveProperty('x-vtex-credential')
      expect(headers).not.toHaveProperty('cookie')
      expect(JSON.stringify(headers)).not.toContain(PLATFORM_CREDENTIAL)
      expect([DEFAULT_PRICING_API_KEY, REFUSED_KEY]).toContain(
        headers['x-api-key']
      )
    }
  })
})
