/**
 * The B2B Organizations stand-in refuses what vtex.b2b-organizations-graphql
 * 2.x and the platform router refuse (vtex-platform-facts.md): each test is a
 * rule the app would otherwise only meet on VTEX.
 */
import { useB2BStandIn } from '../../../testkit/b2bStandInKit'
import {
  appAuthorization,
  COST_CENTER_QUERY,
  GRAPHQL_URL,
  json,
} from '../../../testkit/platformTestKit'

const POLICIES = [
  'vbase-read-write',
  'vtex.b2b-organizations-graphql:resolve-graphql',
  'buyer_organization_view',
]

describe('B2B Organizations GraphQL stand-in', () => {
  const { ask, costCenter, withPlatform, stats } = useB2BStandIn()

  /** The shared platform's fixtures, its manifest granting only `policies`. */
  const withPolicies = (policies: string[], test: () => Promise<void>) =>
    withPlatform({ appPolicies: policies }, test)

  describe('answers the app as the B2B Suite calls it', () => {
    it.each(['GET', 'POST'])('getCostCenterById sent as %s', async (method) => {
      const answer = await ask(
        { query: COST_CENTER_QUERY, variables: { id: 'cc-1' } },
        { method }
      )

      expect(answer.status).toBe(200)
      expect(json(answer)).toEqual({
        data: {
          getCostCenterById: {
            id: 'cc-1',
            name: 'NYC',
            organization: 'org-1',
            addresses: [
              expect.objectContaining({
                addressId: 'addr-1',
                postalCode: '10001',
              }),
              expect.objectContaining({
                addressId: 'addr-2',
                postalCode: '11201',
              }),
            ],
          },
        },
      })
    })

    it('an inline argument and an alias, as any GraphQL server', async () => {
      const query = '{ costCenter: getCostCenterById(id: "cc-3") { id } }'

      expect(json(await ask({ query }))).toEqual({
        data: { costCenter: { id: 'cc-3' } },
      })
    })

    it('an unknown id: an object whose every field is null, no error', async () => {
      const answer = await costCenter('cc-deleted')

      expect(answer.status).toBe(200)
      expect(json(answer)).toEqual({
        data: {
          getCostCenterById: {
            id: null,
            name: null,
            organization: null,
            addresses: null,
          },
        },
      })
    })

    it('a store-user token of a buyer passes without the app token', async () => {
      const answer = await costCenter('cc-1', {
        ...appAuthorization(),
        cookie: 'VtexIdclientAutCookie_acme=buyer@acme.test',
      })

      expect(json(answer)).toMatchObject({
        data: { getCostCenterById: { id: 'cc-1' } },
      })
    })
  })

  describe('refuses what the real service refuses', () => {
    it('a field CostCenter does not have: a validation error, 500', async () => {
      const query =
        'query($id: ID!) { getCostCenterById(id: $id) { id priceTable } }'

      const answer = await ask({ query, variables: { id: 'cc-1' } })

      expect(answer.status).toBe(500)
      expect(json(answer)).toEqual({
        errors: [
          expect.objectContaining({
            message: 'Cannot query field "priceTable" on type "CostCenter".',
          }),
        ],
      })
      expect(stats().graphql).toMatchObject({
        calls: 0,
        refused: { 'invalid-query': 1 },
      })
    })

    it('a Query field it does not serve, and a syntax error: 500', async () => {
      const other = await ask({
        query: '{ getOrganizationById(id: "o") { id } }',
      })

      const broken = await ask({
        query: '{ getCostCenterById(id: "cc-1") { id }',
      })

      expect(other.status).toBe(500)
      expect(json(other)).toMatchObject({
        errors: [
          {
            message:
              'Cannot query field "getOrganizationById" on type "Query".',
          },
        ],
      })
      expect(broken.status).toBe(500)
      expect(json(broken)).toMatchObject({
        errors: [{ message: expect.stringMatching(/^Syntax Error/) }],
      })
    })

    it('a major that is not installed (/v0/): 404, nothing served', async () => {
      const answer = await ask(
        { query: COST_CENTER_QUERY, variables: { id: 'cc-1' } },
        { url: GRAPHQL_URL.replace('/v2/', '/v0/') }
      )

      expect(answer.status).toBe(404)
      expect(json(answer)).toEqual({
        error:
          'vtex.b2b-organizations-graphql@0.x is not installed in acme/master',
      })
      expect(stats().graphql).toMatchObject({
        calls: 0,
        refused: { 'not-installed': 1 },
      })
    })

    it('no app token, or one of another account: 401 at the router', async () => {
      const none = await costCenter('cc-1', { authorization: '' })
      const foreign = await costCenter('cc-1', appAuthorization('globex'))

      expect([none.status, foreign.status]).toEqual([401, 401])
      expect(stats().graphql.refused).toEqual({ 'no-app-token': 2 })
    })

    it('no token where the directive looks: "No token was provided"', async () => {
      const answer = await costCenter('cc-1', appAuthorization())

      expect(answer.status).toBe(200)
      expect(json(answer)).toEqual({
        data: { getCostCenterById: null },
        errors: [
          expect.objectContaining({
            message: 'No token was provided',
            path: ['getCostCenterById'],
            extensions: { code: 'UNAUTHENTICATED' },
          }),
        ],
      })
    })

    it('a store token of someone in no buyer organization: "Unauthorized Access"', async () => {
      const answer = await costCenter('cc-1', {
        ...appAuthorization(),
        cookie: 'VtexIdclientAutCookie_acme=stranger@example.test',
      })

      expect(json(answer)).toMatchObject({
        data: { getCostCenterById: null },
        errors: [
          { message: 'Unauthorized Access', extensions: { code: 'FORBIDDEN' } },
        ],
      })
    })

    it('a manifest without buyer_organization_view: "Unauthorized Access"', async () => {
      await withPolicies(
        POLICIES.filter((policy) => policy !== 'buyer_organization_view'),
        async () => {
          expect(json(await costCenter('cc-1'))).toMatchObject({
            data: { getCostCenterById: null },
            errors: [{ message: 'Unauthorized Access' }],
          })
        }
      )
    })

    it('a manifest without resolve-graphql: 403 at the router', async () => {
      await withPolicies(
        POLICIES.filter((policy) => !policy.endsWith(':resolve-graphql')),
        async () => {
          const answer = await costCenter('cc-1')

          expect(answer.status).toBe(403)
          expect(json(answer)).toEqual({
            error:
              "the app's manifest lacks the policy vtex.b2b-organizations-graphql:resolve-graphql",
          })
        }
      )
    })

    it('bodies that are not a GraphQL request: 400', async () => {
      expect((await ask('nope', { method: 'POST' })).status).toBe(400)
      expect((await ask({ variables: {} })).status).toBe(400)
    })
  })

  it('derives the id of an address stored without one, as the resolver does', async () => {
    const fixtures = {
      users: [],
      pricing: [],
      costCenters: [
        {
          id: 'cc-x',
          organization: 'org-x',
          name: 'X',
          addresses: [
            {
              postalCode: '62701',
              country: 'USA',
              state: 'IL',
              city: 'Springfield',
              street: 'Main St',
            },
          ],
        },
      ],
    }

    await withPlatform({ fixtures }, async () => {
      // hash(street) + hash(complement) + hash(city) + hash(state), 32-bit.
      expect(json(await costCenter('cc-x'))).toMatchObject({
        data: {
          getCostCenterById: { addresses: [{ addressId: '-849633736' }] },
        },
      })
    })
  })
})
