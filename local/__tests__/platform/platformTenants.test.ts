/**
 * `tenantFixtures`: each tenant's B2B answers and pricing rows are its own,
 * reached through its own settings' API key, so a test can tell one
 * tenant's values from another's.
 */
import type { Fixtures, Platform, TenantId } from '../../platform'
import { appTokenFor } from '../../platform'
import {
  b2bAuthorization,
  COST_CENTER_QUERY,
  json,
  PRICING_KEY,
  pricingPath,
  removeDir,
  send,
  startTestPlatform,
  tempDataDir,
} from '../../../testkit/platformTestKit'

const tagged = (base: Fixtures, { account, workspace }: TenantId) => ({
  ...base,
  costCenters: base.costCenters.map((costCenter) => ({
    ...costCenter,
    name: `${costCenter.name} of ${account}/${workspace}`,
  })),
  pricing: base.pricing.map((row) => ({
    ...row,
    priceTable: `${row.priceTable}@${account}/${workspace}`,
  })),
})

const graphqlUrl = ({ account, workspace }: TenantId) =>
  `https://app.io.vtex.com/vtex.b2b-organizations-graphql/v2/${account}/${workspace}/_v/graphql`

const settingsUrl = ({ account, workspace }: TenantId) =>
  `https://infra.io.vtex.com/apps/v0/${account}/${workspace}/apps/acme.pricing-session@0.1.0/settings`

const A = { account: 'tenant-a', workspace: 'master' }
const B = { account: 'tenant-b', workspace: 'dev' }

describe('per-tenant data (tenantFixtures)', () => {
  let dataDir: string
  let platform: Platform

  beforeAll(async () => {
    dataDir = tempDataDir()
    platform = await startTestPlatform(dataDir, { tenantFixtures: tagged })
  })

  afterAll(async () => {
    await platform.stop()
    removeDir(dataDir)
  })

  const costCenterName = async (tenant: TenantId) => {
    const answer = await send(platform.proxyUrl, graphqlUrl(tenant), {
      method: 'POST',
      body: JSON.stringify({
        query: COST_CENTER_QUERY,
        variables: { id: 'cc-1' },
      }),
      headers: {
        'content-type': 'application/json',
        ...b2bAuthorization(tenant.account),
      },
    })

    const { data } = json(answer) as {
      data: { getCostCenterById: { name: string } }
    }

    return data.getCostCenterById.name
  }

  const settingsOf = async (tenant: TenantId) =>
    json(
      await send(platform.proxyUrl, settingsUrl(tenant), {
        headers: { authorization: `bearer ${appTokenFor(tenant.account)}` },
      })
    ) as { pricingApiKey: string }

  const priceTableWith = async (apiKey: string) => {
    const answer = await send(
      platform.pricingUrl,
      pricingPath('org-1', 'cc-1'),
      {
        headers: { 'x-api-key': apiKey },
      }
    )

    return answer.status === 200
      ? (json(answer) as { priceTable: string }).priceTable
      : answer.status
  }

  it('B2B answers each tenant its own cost center', async () => {
    expect(await costCenterName(A)).toBe('NYC of tenant-a/master')
    expect(await costCenterName(B)).toBe('NYC of tenant-b/dev')
  })

  it("each tenant's settings carry its own key, and the key unlocks that tenant's rows", async () => {
    const [a, b] = [await settingsOf(A), await settingsOf(B)]

    expect(a.pricingApiKey).not.toBe(b.pricingApiKey)
    expect(await priceTableWith(a.pricingApiKey)).toBe(
      'b2b-nyc@tenant-a/master'
    )
    expect(await priceTableWith(b.pricingApiKey)).toBe('b2b-nyc@tenant-b/dev')
  })

  it('the shared key answers the shared rows; anything else is refused', async () => {
    expect(await priceTableWith(PRICING_KEY)).toBe('b2b-nyc')
    expect(await priceTableWith(`${PRICING_KEY}:tenant-a`)).toBe(401)
    expect(await priceTableWith(`other-key:tenant-a:master`)).toBe(401)
    expect(await priceTableWith(`${PRICING_KEY}:tenant-a:master:x`)).toBe(401)
  })
})
