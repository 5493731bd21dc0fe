/**
 * One worker serves many accounts and workspaces. The same cost center id in
 * two tenants must never share a value, neither in the worker's memory nor in
 * VBase, and one tenant's settings never apply to another.
 */
import { sfpInputs } from '../../../local/appStack'
import type { SessionAnswer, Tenant } from './reliabilityKit'
import {
  cacheHeader,
  expectedAnswer,
  freshTenant,
  NYC,
  nycInputs,
  quiesce,
  withoutPricing,
} from './reliabilityKit'
import { plantVBase, readVBase, vbaseKey } from './vbaseKit'
import { useAppStack } from '../worker/useAppStack'

const stack = useAppStack()

/** cc-1 as this tenant's B2B admin configured it: unique per tenant. */
function tenantValues({ account, workspace }: Tenant, index: number) {
  const priceTable = `table-${account}-${workspace}`
  const postalCode = `9000${index}`

  return {
    costCenter: {
      id: 'cc-1',
      organization: 'org-1',
      addresses: [
        { addressId: 'addr-1', postalCode, country: 'USA', state: 'NY' },
      ],
    },
    pricing: { priceTable, storeNumber: `${index}` },
    answer: {
      pricing: {
        priceTable: { value: priceTable },
        storeNumber: { value: `${index}` },
        appliedAddress: {
          value: JSON.stringify({
            from: 'org-1/cc-1/addr-1',
            postalCode,
            country: 'USA',
            state: 'NY',
          }),
        },
      },
      public: {
        postalCode: { value: postalCode },
        country: { value: 'USA' },
        state: { value: 'NY' },
      },
    } as SessionAnswer,
  }
}

describe('the same cost center id in several tenants', () => {
  const home = freshTenant('iso-a')
  const tenants: Tenant[] = [
    home,
    freshTenant('iso-b'),
    { account: home.account, workspace: 'dev' },
    { account: home.account, workspace: 'qa' },
  ]

  const values = tenants.map(tenantValues)

  beforeAll(async () => {
    const now = Date.now()

    for (const [index, tenant] of tenants.entries()) {
      const { costCenter, pricing } = values[index]

      /* eslint-disable no-await-in-loop */
      await plantVBase(stack, {
        tenant,
        where: ['cost-centers', 'org-1/cc-1'],
        doc: { value: costCenter, fetchedAt: now },
      })
      await plantVBase(stack, {
        tenant,
        where: ['pricing', 'org-1/cc-1'],
        doc: { value: pricing, fetchedAt: now },
      })
      /* eslint-enable no-await-in-loop */
    }
  })

  it('reads only its own VBase documents, then only its own memory', async () => {
    for (const [index, tenant] of tenants.entries()) {
      // eslint-disable-next-line no-await-in-loop
      const answer = await stack.transform(nycInputs(), tenant)

      expect(cacheHeader(answer)).toBe(
        'costCenter=vbase-fresh, pricing=vbase-fresh'
      )
      expect(answer.body).toEqual(values[index].answer)
    }

    // Interleaved, concurrent: memory hits stay per tenant.
    const rounds = await Promise.all(
      Array.from({ length: 5 }, () =>
        Promise.all(tenants.map((t) => stack.transform(nycInputs(), t)))
      )
    )

    for (const answers of rounds) {
      answers.forEach((answer, index) => {
        expect(cacheHeader(answer)).toBe('costCenter=lru, pricing=lru')
        expect(answer.body).toEqual(values[index].answer)
      })
    }

    const { graphql, pricing } = stack.platform.stats()

    expect([graphql.calls, pricing.calls]).toEqual([0, 0])
  })

  it('a tenant without documents gets its own upstream values, stored under its own keys', async () => {
    const newcomer = freshTenant('iso-new')
    const answer = await stack.transform(nycInputs(), newcomer)

    expect(cacheHeader(answer)).toBe('costCenter=upstream, pricing=upstream')
    expect(answer.body).toEqual(expectedAnswer(NYC))
    await quiesce(stack)

    const written = Object.entries(stack.platform.stats().vbase.byKey)
      .filter(([, perKey]) => perKey.put > 0)
      .map(([key]) => key)
      .sort((a, b) => a.localeCompare(b))

    // One document per lookup, in the newcomer's account only.
    expect(written).toEqual([
      vbaseKey(newcomer, ['cost-centers', 'org-1/cc-1']),
      vbaseKey(newcomer, ['pricing', 'org-1/cc-1']),
    ])

    for (const [index, tenant] of tenants.entries()) {
      // eslint-disable-next-line no-await-in-loop
      const stored = await readVBase(stack, tenant, ['pricing', 'org-1/cc-1'])

      expect(stored?.value).toEqual(values[index].pricing)
    }
  })
})

describe('tenants with nothing stored', () => {
  const inOtherWorkspace = (tenant: Tenant) => ({ ...tenant, workspace: 'z' })
  const ws = freshTenant('ws')

  it.each([
    ['two accounts', freshTenant('acct-x'), freshTenant('acct-y')],
    ['two workspaces', ws, inOtherWorkspace(ws)],
  ])('%s each ask upstream for themselves', async (_, first, second) => {
    const boston = { costcenter: 'cc-2', organization: 'org-1' }

    for (const tenant of [first, second]) {
      // eslint-disable-next-line no-await-in-loop
      const answer = await stack.transform(sfpInputs(boston), tenant)

      expect(cacheHeader(answer)).toBe('costCenter=upstream, pricing=upstream')
      expect(answer.body).toEqual(expectedAnswer(boston))
    }

    expect(stack.platform.stats().graphql.byId['cc-2']).toBe(2)
    expect(stack.platform.stats().pricing.byKey['org-1/cc-2']).toBe(2)
  })

  it("never applies one account's settings to another", async () => {
    const misconfigured = freshTenant('bad-key')
    const healthy = freshTenant('good-key')

    stack.platform.faults.set({
      settingsOverrides: {
        [misconfigured.account]: {
          pricingBackendUrl: stack.platform.pricingBaseUrl,
          pricingApiKey: 'a-key-the-backend-refuses',
        },
      },
    })

    const answers = []

    for (const tenant of [misconfigured, healthy, misconfigured]) {
      // eslint-disable-next-line no-await-in-loop
      answers.push(await stack.transform(nycInputs(), tenant))
    }

    const [refused, served, refusedAgain] = answers

    expect(refused.body).toEqual(withoutPricing(expectedAnswer(NYC)))
    expect(served.body).toEqual(expectedAnswer(NYC))
    // The healthy tenant's pricing, now in memory, is not the other's.
    expect(cacheHeader(refusedAgain)).toBe('costCenter=lru, pricing=failed')
    expect(stack.platform.stats().pricing.unauthorized).toBe(2)
  })
})
