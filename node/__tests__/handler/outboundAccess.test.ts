/**
 * One truth for the pricing backend's URL: the manifest's outbound-access
 * policy, the settings schema's example, docs/README.md and the app's own
 * check agree (a URL it cannot admit is refused when the settings are read:
 * transformSettings.test.ts).
 */
import { readFileSync } from 'fs'
import { join } from 'path'

import {
  admits,
  PRICING_OUTBOUND_ACCESS,
  pricingUrlOf,
} from '../../clients/outboundAccess'

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
