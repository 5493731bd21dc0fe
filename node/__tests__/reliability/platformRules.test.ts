/**
 * The real worker against stand-ins that refuse what VTEX refuses: the app
 * passes each rule as shipped, and where a rule is broken (a policy missing
 * from the manifest, a credential the platform did not mint) it degrades as
 * documented: 200, pricing cleared, public untouched, nothing cached.
 */
import { parse, validate } from 'graphql'

import { readManifestPolicies } from '../../../local/platform/appTokens'
import { b2bSchema } from '../../../local/platform/b2b/schema'
import { GET_COST_CENTER } from '../../clients/costCenterClient'
import { useAppStack } from '../worker/useAppStack'
import {
  expectedAnswer,
  freshTenant,
  NO_PRICING,
  NYC,
  nycInputs,
  quiesce,
  withoutPricing,
} from './reliabilityKit'
import { readVBase } from './vbaseKit'

const SHIPPED = readManifestPolicies()

describe('as shipped', () => {
  const stack = useAppStack()

  it("the app's cost-center query validates against B2B's schema", () => {
    expect(validate(b2bSchema, parse(GET_COST_CENTER))).toEqual([])
  })

  it('gets through the router and @validateStoreUserAccess with its own token', async () => {
    const answer = await stack.transform(nycInputs(), freshTenant('rules-ok'))

    expect(answer.body).toEqual(expectedAnswer(NYC))
    expect(stack.platform.stats().graphql).toMatchObject({
      calls: 1,
      refused: {},
      senders: { 'acme.pricing-session@0.x': 1 },
    })
  })

  it('a credential the platform did not mint: every service refuses, the app degrades', async () => {
    const tenant = freshTenant('rules-forged')
    const answer = await stack.transform(nycInputs(), tenant, {
      headers: {
        'content-type': 'application/json',
        'x-colossus-route-id': 'transform',
        'x-vtex-account': tenant.account,
        'x-vtex-workspace': tenant.workspace,
        'x-vtex-credential': 'forged-token',
      },
    })

    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ pricing: NO_PRICING })
    expect(stack.platform.stats().graphql.refused).toEqual({
      'no-app-token': 1,
    })
    await quiesce(stack)
    expect(
      await readVBase(stack, tenant, ['cost-centers', 'org-1/cc-1'])
    ).toBeNull()
  })
})

describe.each([
  ['buyer_organization_view', 'FORBIDDEN'],
  ['vtex.b2b-organizations-graphql:resolve-graphql', 'missing-policy'],
])('a manifest without %s', (policy, refusal) => {
  const stack = useAppStack({
    appPolicies: SHIPPED.filter((name) => name !== policy),
  })

  it('B2B refuses, the app answers 200 with pricing cleared and public untouched, nothing cached', async () => {
    const tenant = freshTenant('rules-policy')
    const answer = await stack.transform(nycInputs(), tenant)

    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ pricing: NO_PRICING })
    expect(answer.headers.get('x-pricing-session-cache')).toMatch(
      /^costCenter=failed, /
    )
    expect(stack.platform.stats().graphql.refused).toEqual({ [refusal]: 1 })
    await quiesce(stack)
    expect(
      await readVBase(stack, tenant, ['cost-centers', 'org-1/cc-1'])
    ).toBeNull()
  })
})

describe('an outbound-access policy that does not admit the backend (a build narrowed to another host)', () => {
  const stack = useAppStack({
    outboundPolicies: [{ host: 'pricing.acme.test', path: '*/pricing' }],
  })

  it('the outbound proxy refuses every pricing call: 200, pricing cleared, public kept, nothing cached', async () => {
    const tenant = freshTenant('rules-outbound')
    const first = await stack.transform(nycInputs(), tenant)

    expect(first.status).toBe(200)
    expect(first.body).toEqual(withoutPricing(expectedAnswer(NYC)))
    expect(first.headers.get('x-pricing-session-cache')).toMatch(
      /, pricing=failed$/
    )
    const refusedOnce = stack.platform.stats().outbound.refused['not-admitted']

    expect(refusedOnce).toBeGreaterThan(0)

    // Not cached: the next transform asks the proxy again.
    const second = await stack.transform(nycInputs(), tenant)

    expect(second.body).toEqual(withoutPricing(expectedAnswer(NYC)))
    expect(stack.platform.stats().outbound).toEqual({
      out: 0,
      refused: { 'not-admitted': refusedOnce * 2 },
    })
    expect(stack.platform.stats().pricing.calls).toBe(0)
  })
})
