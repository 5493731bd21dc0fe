/**
 * One truth for the pricing backend's URL: the manifest's outbound-access
 * policy, the settings schema's example, docs/README.md and the app's own
 * check agree; a base URL the policy cannot admit is refused when the
 * settings are read, with a failure code and no call.
 */
import { readFileSync } from 'fs'
import { join } from 'path'

import { clearMemoryCache } from '../../cache/cached'
import { resetThrottledWarn } from '../../observability/throttledWarn'
import {
  admits,
  PRICING_OUTBOUND_ACCESS,
  pricingUrlOf,
} from '../../clients/outboundAccess'
import { transform } from '../../middlewares/transform'
import { clearFailures, recentFailures } from '../../observability/failures'
import { buildContext, EMPTY_PRICING, NYC, upstreams } from './handlerContext'

const ROOT = join(__dirname, '..', '..', '..')
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'))
const docs = readFileSync(join(ROOT, 'docs', 'README.md'), 'utf8')

const EXAMPLE = /https:\/\/pricing\.example\.com[^\s`'"]*/g

describe('the pricing backend URL, one truth', () => {
  it("the app checks the manifest's own outbound-access policy", () => {
    const outbound = manifest.policies.filter(
      ({ name }: { name: string }) => name === 'outbound-access'
    )

    expect(outbound.map(({ attrs }: { attrs: unknown }) => attrs)).toEqual([
      PRICING_OUTBOUND_ACCESS,
    ])
  })

  it('admits the example base URL the settings schema and the docs give', () => {
    const schemaText =
      manifest.settingsSchema.properties.pricingBackendUrl.description

    const examples = [
      ...(schemaText.match(EXAMPLE) ?? []),
      ...(docs.match(EXAMPLE) ?? []),
    ].map((url: string) => url.replace(/[.,)]+$/, ''))

    expect(examples).toContain('https://pricing.example.com/v1')
    for (const example of examples) {
      expect({
        example,
        admitted: admits(PRICING_OUTBOUND_ACCESS, pricingUrlOf(example)),
      }).toEqual({ example, admitted: true })
    }
  })

  it.each([
    ['https://pricing.example.com', true],
    ['https://pricing.example.com/v1/', true],
    ['https://pricing.example.com/v1//', true],
    ['http://127.0.0.1:5071/api/v2', true],
    // The query string would land before /pricing.
    ['https://pricing.example.com/v1?tenant=acme', false],
  ])('%s: admitted %s', (baseUrl, expected) => {
    expect(admits(PRICING_OUTBOUND_ACCESS, pricingUrlOf(baseUrl))).toBe(
      expected
    )
  })

  it('calls {base}/pricing whatever trailing slashes the base has', () => {
    for (const base of ['https://p.example/v1', 'https://p.example/v1//']) {
      expect(pricingUrlOf(base).pathname).toBe('/v1/pricing')
    }
  })

  it('a narrowed host admits its own host only', () => {
    const narrowed = { host: 'pricing.acme.com', path: '*/pricing' }

    expect(admits(narrowed, pricingUrlOf('https://pricing.acme.com/v1'))).toBe(
      true
    )
    expect(admits(narrowed, pricingUrlOf('https://evil.example/v1'))).toBe(
      false
    )
    expect(
      admits(narrowed, pricingUrlOf('https://x.pricing.acme.com/v1'))
    ).toBe(false)
  })
})

describe('a base URL the policy cannot admit', () => {
  beforeAll(() => {
    process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
  })

  beforeEach(() => {
    clearMemoryCache()
    clearFailures()
    resetThrottledWarn()
  })

  it('is refused when the settings are read: no call, a failure code, one warning', async () => {
    const upstream = upstreams()

    upstream.getAppSettings.mockResolvedValue({
      pricingBackendUrl: 'https://pricing.example.com/v1?tenant=acme',
      pricingApiKey: 'merchant-key',
    })
    const {
      ctx,
      logger,
      upstream: stubs,
    } = buildContext({ inputs: NYC, upstream })

    await transform(ctx)
    const second = buildContext({ inputs: NYC, upstream })

    await transform(second.ctx)

    expect(ctx.body).toMatchObject({ pricing: EMPTY_PRICING })
    expect(stubs.getPricing).not.toHaveBeenCalled()
    expect(recentFailures()).toEqual([
      expect.objectContaining({
        lookup: 'pricing',
        stage: 'upstream',
        code: 'not-admitted',
        count: 2,
      }),
    ])
    const warnings = [
      ...logger.warn.mock.calls,
      ...second.logger.warn.mock.calls,
    ].filter(([line]) => line.code)

    // One line a second for this kind (the other is the generic one of an
    // answer without a resolved lookup).
    expect(warnings).toEqual([
      [
        expect.objectContaining({
          message: 'pricing: settings refused, no call made',
          error:
            "pricingBackendUrl is not admitted by the app's outbound-access policy",
          code: 'not-admitted',
        }),
      ],
    ])
  })
})
