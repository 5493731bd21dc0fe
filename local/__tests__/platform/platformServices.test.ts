import type { Platform } from '../../platform'
import { loadFixtures } from '../../platform'
import { addressIdOf } from '../../platform/b2b/addressIds'
import { RECENT_REQUESTS } from '../../platform/stats'
import {
  APP_ID,
  b2bAuthorization,
  COST_CENTER_QUERY,
  GRAPHQL_URL,
  json,
  jsonBody,
  PRICING_KEY,
  pricingPath,
  removeDir,
  send,
  startTestPlatform,
  tempDataDir,
} from '../../../testkit/platformTestKit'

const settingsUrl = (account: string, appId = APP_ID) =>
  `https://infra.io.vtex.com/apps/v0/${account}/master/apps/${appId}/settings`

describe('platform stand-ins', () => {
  let dataDir: string
  let platform: Platform

  const askGraphql = (method: 'GET' | 'POST', body: unknown) =>
    send(platform.proxyUrl, GRAPHQL_URL, {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...b2bAuthorization() },
    })

  const askPricing = (path: string, apiKey = PRICING_KEY) =>
    send(platform.pricingUrl, path, { headers: { 'x-api-key': apiKey } })

  beforeAll(async () => {
    dataDir = tempDataDir()
    platform = await startTestPlatform(dataDir)
  })

  afterEach(() => platform.faults.reset())

  afterAll(async () => {
    await platform.stop()
    removeDir(dataDir)
  })

  describe('apps settings', () => {
    it('points the app at the pricing backend with its key', async () => {
      const answer = await send(platform.proxyUrl, settingsUrl('acme'))

      expect(answer.status).toBe(200)
      expect(json(answer)).toEqual({
        pricingBackendUrl: platform.pricingBaseUrl,
        pricingApiKey: PRICING_KEY,
      })
    })

    it("refuses a call without the app's token: 401", async () => {
      const before = platform.stats().settings.calls
      const answer = await send(platform.proxyUrl, settingsUrl('acme'), {
        headers: { authorization: '' },
      })

      expect(answer.status).toBe(401)
      expect(platform.stats().settings.calls).toBe(before)
    })

    it('lets a knob replace one account’s settings, until cleared', async () => {
      const override = { settingsOverrides: { other: { pricingApiKey: 'x' } } }

      await send(platform.proxyUrl, '/_local/faults', {
        ...jsonBody(override),
        method: 'POST',
      })

      expect(json(await send(platform.proxyUrl, settingsUrl('other')))).toEqual(
        {
          pricingApiKey: 'x',
        }
      )
      expect(
        json(await send(platform.proxyUrl, settingsUrl('acme')))
      ).toMatchObject({
        pricingApiKey: PRICING_KEY,
      })

      platform.faults.set({ settingsOverrides: { other: null } })
      expect(
        json(await send(platform.proxyUrl, settingsUrl('other')))
      ).toMatchObject({
        pricingApiKey: PRICING_KEY,
      })
    })

    it('answers any version of the app, 404 for another app', async () => {
      const otherVersion = settingsUrl('acme', 'acme.pricing-session@0.2.0')

      expect((await send(platform.proxyUrl, otherVersion)).status).toBe(200)
      expect(
        (await send(platform.proxyUrl, settingsUrl('acme', 'x.y@1.0.0'))).status
      ).toBe(404)
    })
  })

  describe('pricing backend', () => {
    it('answers the pair’s price table and store number', async () => {
      const answer = await askPricing(pricingPath('org-1', 'cc-1'))

      expect(answer.status).toBe(200)
      expect(json(answer)).toEqual({
        priceTable: 'b2b-nyc',
        storeNumber: '0042',
      })
    })

    it('answers 404 for a pair without pricing, 401 for a wrong or missing key', async () => {
      const noPricing = await askPricing(pricingPath('org-2', 'cc-4'))

      expect(noPricing.status).toBe(404)
      expect(json(noPricing)).toEqual({ error: 'not found' })
      expect(
        (await askPricing(pricingPath('org-1', 'cc-1'), 'wrong')).status
      ).toBe(401)
      expect(
        (await send(platform.pricingUrl, pricingPath('org-1', 'cc-1'))).status
      ).toBe(401)
      expect((await askPricing('/v1/pricing?organization=org-1')).status).toBe(
        400
      )
      expect((await askPricing('/elsewhere')).status).toBe(404)
      // Served under the docs' example base path only.
      expect(
        (await askPricing('/pricing?organization=org-1&costCenter=cc-1')).status
      ).toBe(404)
    })

    it('records the headers of the last requests, bounded', async () => {
      platform.resetStats()
      await send(platform.pricingUrl, pricingPath('org-1', 'cc-2'), {
        headers: { 'x-api-key': PRICING_KEY, 'x-probe': 'seen' },
      })

      const [recorded] = platform.stats().pricing.requests

      expect(recorded.headers['x-probe']).toBe('seen')
      expect(recorded.headers).not.toHaveProperty('proxy-authorization')

      for (let i = 0; i < RECENT_REQUESTS + 5; i++) {
        // eslint-disable-next-line no-await-in-loop
        await askPricing(pricingPath('org-1', `cc-${i}`))
      }

      const { requests } = platform.stats().pricing

      expect(requests).toHaveLength(RECENT_REQUESTS)
      expect(requests[requests.length - 1].url).toBe(
        pricingPath('org-1', `cc-${RECENT_REQUESTS + 4}`)
      )
    })
  })

  describe('proxy routing and local endpoints', () => {
    it('answers 502 JSON to hosts and paths it does not stand in for', async () => {
      const answer = await send(
        platform.proxyUrl,
        'https://portal.vtexcommercestable.com.br/api/x'
      )

      expect(answer.status).toBe(502)
      expect(json(answer)).toEqual({
        error:
          'no stand-in for GET https://portal.vtexcommercestable.com.br/api/x',
      })
      expect(platform.stats().unrouted).toBeGreaterThan(0)
    })

    it('answers health, the fixtures, 404 for unknown local paths', async () => {
      const health = json(await send(platform.proxyUrl, '/_local/health'))

      expect(health).toEqual({ ok: true })
      expect(json(await send(platform.proxyUrl, '/_local/fixtures'))).toEqual(
        loadFixtures()
      )
      expect((await send(platform.proxyUrl, '/_local/nope')).status).toBe(404)
    })

    it('serves fixture addresses with the ids B2B derives for those without one', async () => {
      const fixtures = loadFixtures()
      const [first, ...others] = fixtures.costCenters
      const [firstAddress, ...otherAddresses] = first.addresses
      const { addressId: _dropped, ...withoutId } = firstAddress
      const other = await startTestPlatform(dataDir, {
        fixtures: {
          ...fixtures,
          costCenters: [
            { ...first, addresses: [withoutId, ...otherAddresses] },
            ...others,
          ],
        },
      })

      try {
        const served = json(
          await send(other.proxyUrl, '/_local/fixtures')
        ) as typeof fixtures

        expect(served.costCenters[0].addresses[0]).toEqual({
          ...withoutId,
          addressId: addressIdOf(withoutId),
        })
        expect(served.costCenters[0].addresses[0].addressId).toMatch(/^-?\d+$/)
        expect(served.costCenters.slice(1)).toEqual(others)
      } finally {
        await other.stop()
      }
    })

    it('answers /_local calls sent in proxy form to itself', async () => {
      const proxied = `${platform.proxyUrl}/_local/health`

      expect(json(await send(platform.proxyUrl, proxied))).toEqual({ ok: true })
    })

    it('counts calls per service and key, over HTTP and in-process', async () => {
      await send(platform.proxyUrl, '/_local/stats/reset', { method: 'POST' })
      await send(platform.proxyUrl, settingsUrl('acme'))
      await askGraphql('GET', {
        query: COST_CENTER_QUERY,
        variables: { id: 'cc-1' },
      })
      await askGraphql('POST', {
        query: COST_CENTER_QUERY,
        variables: { id: 'cc-1' },
      })
      await askGraphql('GET', {
        query: COST_CENTER_QUERY,
        variables: { id: 'cc-2' },
      })
      await askPricing(pricingPath('org-1', 'cc-1'))
      await askPricing(pricingPath('org-1', 'cc-1'), 'wrong')

      const stats = json(await send(platform.proxyUrl, '/_local/stats'))

      expect(stats).toMatchObject({
        settings: { calls: 1, faulted: 0, byAccount: { acme: 1 } },
        graphql: {
          calls: 3,
          faulted: 0,
          byId: { 'cc-1': 2, 'cc-2': 1 },
          refused: {},
          senders: {},
        },
        pricing: { calls: 2, unauthorized: 1, byKey: { 'org-1/cc-1': 2 } },
        vbase: { get: 0, put: 0, delete: 0 },
      })
      expect(platform.stats()).toEqual(stats)

      platform.resetStats()
      expect(platform.stats().graphql).toEqual({
        calls: 0,
        faulted: 0,
        byId: {},
        refused: {},
        senders: {},
      })
    })
  })
})
