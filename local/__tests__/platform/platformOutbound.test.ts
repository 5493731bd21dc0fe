/**
 * The outbound proxy stand-in: the path of every call the app makes outside
 * VTEX. It wants the app's token in Proxy-Authorization, lets out only what an
 * outbound-access policy of the manifest admits, consumes the credential and
 * honours X-Vtex-Use-Https; the pricing backend refuses any request that
 * still carries the app's token.
 */
import { readFileSync } from 'fs'
import { createServer } from 'https'
import type { Server } from 'https'
import type { AddressInfo } from 'net'
import { join } from 'path'

import type { Platform } from '../../platform'
import { appTokenFor } from '../../platform'
import { readAppManifest } from '../../platform/appTokens'
import {
  admitted,
  globMatches,
  outboundPolicies,
} from '../../platform/outboundProxy'
import {
  PRICING_KEY,
  pricingPath,
  removeDir,
  send,
  startTestPlatform,
  tempDataDir,
} from '../../../testkit/platformTestKit'

const SHIPPED = outboundPolicies(readAppManifest())

const TOKEN = { 'proxy-authorization': appTokenFor('acme') }

describe('outbound-access matching', () => {
  it.each([
    ['*/pricing', '/v1/pricing', true],
    ['*/pricing', '/pricing', true],
    ['*/pricing', '/api/v2/pricing', true],
    ['*/pricing', '/v1/pricing/extra', false],
    ['*/pricing', '/v1/prices', false],
    // The policy shipped before: a path is matched whole.
    ['/pricing*', '/v1/pricing', false],
    ['/pricing*', '/pricing', true],
    ['/arquivos/favicon.ico', '/arquivos/favicon.ico', true],
    ['/arquivos/favicon.ico', '/arquivos/favicon.icon', false],
    ['/api/*', '/api/a/b', true],
    ['*', 'anything.example.com', true],
    ['*.acme.test', 'pricing.acme.test', true],
    ['*.acme.test', 'acme.test', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
  ])('%s against %s: %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected)
  })

  it("the manifest's policy admits the documented base URL's calls", () => {
    expect(SHIPPED).toEqual([{ host: '*', path: '*/pricing' }])
    expect(
      admitted(SHIPPED, new URL('https://pricing.example.com/v1/pricing'))
    ).toBe(true)
  })
})

describe('the outbound proxy stand-in', () => {
  let dataDir: string
  let platform: Platform
  let narrow: Platform

  beforeAll(async () => {
    dataDir = tempDataDir()
    platform = await startTestPlatform(dataDir)
    // A merchant's build that narrowed the host to its own backend.
    narrow = await startTestPlatform(dataDir, {
      outboundPolicies: [{ host: 'pricing.acme.test', path: '*/pricing' }],
    })
  })

  afterAll(async () => {
    await Promise.all([platform.stop(), narrow.stop()])
    removeDir(dataDir)
  })

  beforeEach(() => {
    platform.resetStats()
    narrow.resetStats()
  })

  const pricingCall = (target: Platform, headers: Record<string, string>) =>
    send(
      target.proxyUrl,
      `${target.pricingUrl}${pricingPath('org-1', 'cc-1')}`,
      {
        headers: { 'x-api-key': PRICING_KEY, ...headers },
      }
    )

  it("lets an admitted call out with the app's token, and consumes the token", async () => {
    const answer = await pricingCall(platform, TOKEN)

    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text)).toEqual({
      priceTable: 'b2b-nyc',
      storeNumber: '0042',
    })
    const [request] = platform.stats().pricing.requests

    expect(request.headers).not.toHaveProperty('proxy-authorization')
    expect(JSON.stringify(request.headers)).not.toContain('local-app-token')
    expect(platform.stats().outbound).toEqual({ out: 1, refused: {} })
  })

  it.each([
    ['no credential', {}],
    [
      'a credential the platform did not mint',
      { 'proxy-authorization': 'forged' },
    ],
    [
      'the credential as a bearer Authorization only',
      { authorization: `bearer ${appTokenFor('acme')}` },
    ],
  ])('refuses %s: 407, nothing reaches the backend', async (_, headers) => {
    const answer = await pricingCall(platform, headers)

    expect(answer.status).toBe(407)
    expect(JSON.parse(answer.text).error).toMatch(/Proxy-Authorization/)
    expect(platform.stats().pricing.requests).toEqual([])
    expect(platform.stats().outbound).toEqual({
      out: 0,
      refused: { 'no-credential': 1 },
    })
  })

  it.each([
    [
      'a path the policy does not admit',
      'shipped',
      (p: Platform) => `${p.pricingUrl}/v1/prices?organization=org-1`,
    ],
    [
      'a host the narrowed policy does not admit',
      'narrowed',
      (p: Platform) => `${p.pricingUrl}${pricingPath('org-1', 'cc-1')}`,
    ],
  ])(
    'refuses %s: 403, nothing reaches the backend',
    async (_, which, urlOf) => {
      const target = which === 'shipped' ? platform : narrow
      const answer = await send(target.proxyUrl, urlOf(target), {
        headers: { 'x-api-key': PRICING_KEY, ...TOKEN },
      })

      expect(answer.status).toBe(403)
      expect(JSON.parse(answer.text).error).toMatch(
        /is not admitted by the app's outbound-access policies/
      )
      expect(target.stats().pricing.requests).toEqual([])
      expect(target.stats().outbound.refused).toEqual({ 'not-admitted': 1 })
    }
  )

  it('the pricing backend refuses a request that carries the app token', async () => {
    const direct = await send(
      platform.pricingUrl,
      pricingPath('org-1', 'cc-1'),
      { headers: { 'x-api-key': PRICING_KEY, ...TOKEN } }
    )

    expect(direct.status).toBe(400)
    expect(JSON.parse(direct.text).error).toMatch(/platform token/)
  })

  describe('X-Vtex-Use-Https', () => {
    let tls: Server
    const seen: Array<{ url?: string; headers: Record<string, unknown> }> = []

    beforeAll(async () => {
      const dir = join(__dirname, '..', '..', '..', 'testkit', 'tls')

      tls = createServer(
        {
          key: readFileSync(join(dir, 'localhost.key')),
          cert: readFileSync(join(dir, 'localhost.crt')),
        },
        (req, res) => {
          seen.push({ url: req.url, headers: { ...req.headers } })
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end('{"over":"tls"}')
        }
      )
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve))
    })

    afterAll(() => new Promise<void>((resolve) => tls.close(() => resolve())))

    it('calls the host over TLS, without the header or the credential', async () => {
      const { port } = tls.address() as AddressInfo
      const answer = await send(
        platform.proxyUrl,
        `http://127.0.0.1:${port}/v1/pricing?organization=org-1`,
        { headers: { ...TOKEN, 'x-vtex-use-https': 'true' } }
      )

      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.text)).toEqual({ over: 'tls' })
      expect(seen).toHaveLength(1)
      expect(seen[0].url).toBe('/v1/pricing?organization=org-1')
      expect(seen[0].headers).not.toHaveProperty('proxy-authorization')
      expect(seen[0].headers).not.toHaveProperty('x-vtex-use-https')
    })
  })
})
