/**
 * The compiled app in the real `@vtex/api` worker, over HTTP, with VBase,
 * Apps settings, B2B GraphQL and the pricing backend served by the local
 * stand-ins on 127.0.0.1 (reached through the app's platform-proxy seam).
 */
import { sfpInputs } from '../../../local/appStack'
import { routeHeaders, TRANSFORM_PATH } from '../../../local/appWorker'
import { DEFAULT_PRICING_API_KEY } from '../../../local/platform'
import { useAppStack } from './useAppStack'

const BROOKLYN = sfpInputs({
  costcenter: 'cc-1',
  organization: 'org-1',
  costCenterAddressId: 'addr-2',
})

// One replica: these tests follow one worker's memory (its LRU).
const stack = useAppStack({ replicas: 1 })

describe('the app in the real @vtex/api worker', () => {
  it('answers pricing and the chosen address, then serves it from memory', async () => {
    const first = await stack.transform(BROOKLYN)

    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toMatch(/^application\/json/)
    expect(first.headers.get('cache-control')).toBe('no-cache, no-store')
    expect(first.headers.get('x-pricing-session-cache')).toBe(
      'costCenter=upstream, pricing=upstream'
    )
    expect(first.body).toEqual({
      pricing: {
        priceTable: { value: 'b2b-nyc' },
        storeNumber: { value: '0042' },
        appliedAddress: {
          value:
            '{"from":"org-1/cc-1/addr-2","postalCode":"11201","country":"USA","state":"NY"}',
        },
      },
      public: {
        postalCode: { value: '11201' },
        country: { value: 'USA' },
        state: { value: 'NY' },
      },
    })

    const second = await stack.transform(BROOKLYN)

    expect(second.headers.get('x-pricing-session-cache')).toBe(
      'costCenter=lru, pricing=lru'
    )
    expect(second.body).toEqual(first.body)

    const stats = stack.platform.stats()

    expect(stats.graphql.byId['cc-1']).toBe(1)
    expect(stats.pricing.byKey['org-1/cc-1']).toBe(1)
  })

  it('persists lookups in VBase: a fresh worker answers without upstream calls', async () => {
    await stack.transform(BROOKLYN)
    await stack.restartWorker()
    stack.platform.resetStats()

    const answer = await stack.transform(BROOKLYN)

    expect(answer.headers.get('x-pricing-session-cache')).toBe(
      'costCenter=vbase-fresh, pricing=vbase-fresh'
    )
    expect(stack.platform.stats().graphql.calls).toBe(0)
    expect(stack.platform.stats().pricing.calls).toBe(0)
  })

  it('sends the API key, and never the platform credential, to the pricing backend', async () => {
    await stack.transform(
      sfpInputs({ costcenter: 'cc-3', organization: 'org-2' })
    )

    const [request] = stack.platform.stats().pricing.requests

    // Through the outbound proxy, which took the credential off.
    expect(request.url).toBe('/v1/pricing?organization=org-2&costCenter=cc-3')
    expect(stack.platform.stats().outbound).toEqual({ out: 1, refused: {} })
    expect(request.headers['x-api-key']).toBe(DEFAULT_PRICING_API_KEY)
    expect(request.headers['proxy-authorization']).toBeUndefined()
    expect(JSON.stringify(request.headers)).not.toContain('local-app-token')
  })

  it('keeps two accounts apart for the same cost center id', async () => {
    const inputs = sfpInputs({ costcenter: 'cc-2', organization: 'org-1' })

    const first = await stack.transform(inputs, { account: 'tenant-a' })
    const second = await stack.transform(inputs, { account: 'tenant-b' })
    const again = await stack.transform(inputs, { account: 'tenant-b' })

    expect(first.headers.get('x-pricing-session-cache')).toMatch(/upstream/)
    expect(second.headers.get('x-pricing-session-cache')).toBe(
      'costCenter=upstream, pricing=upstream'
    )
    expect(again.headers.get('x-pricing-session-cache')).toBe(
      'costCenter=lru, pricing=lru'
    )
    expect(stack.platform.stats().settings.byAccount).toEqual({
      'tenant-a': 1,
      'tenant-b': 1,
    })
    expect(stack.platform.stats().graphql.byId['cc-2']).toBe(2)
    expect(stack.platform.stats().pricing.byKey['org-1/cc-2']).toBe(2)
  })

  it.each([
    ['without a cost center', {}],
    ['without an organization', { costcenter: 'cc-1' }],
    [
      'without a cost center but with an organization',
      { organization: 'org-1' },
    ],
  ])('clears pricing %s and calls no upstream', async (_, fields) => {
    stack.platform.resetStats()
    const answer = await stack.transform(sfpInputs(fields), {
      account: 'no-inputs',
    })

    expect(answer.body).toEqual({
      pricing: {
        priceTable: { value: '' },
        storeNumber: { value: '' },
        appliedAddress: { value: '' },
      },
    })
    const { vbase, settings, graphql, pricing } = stack.platform.stats()

    expect([
      vbase.get + vbase.put,
      settings.calls,
      graphql.calls,
      pricing.calls,
    ]).toEqual([0, 0, 0, 0])
  })

  it('answers an upstream failure with empty pricing and does not cache it', async () => {
    const inputs = sfpInputs({ costcenter: 'cc-2', organization: 'org-1' })

    stack.platform.faults.set({
      pricing: { fault: { kind: 'status', status: 503 } },
    })
    const failed = await stack.transform(inputs, { account: 'failing' })

    expect(failed.status).toBe(200)
    expect(failed.headers.get('x-pricing-session-cache')).toBe(
      'costCenter=upstream, pricing=failed'
    )
    expect(failed.body).toMatchObject({
      pricing: { priceTable: { value: '' } },
      public: { postalCode: { value: '02108' } },
    })

    stack.platform.faults.reset()
    const recovered = await stack.transform(inputs, { account: 'failing' })

    expect(recovered.headers.get('x-pricing-session-cache')).toBe(
      'costCenter=lru, pricing=upstream'
    )
    expect(recovered.body).toMatchObject({
      pricing: { priceTable: { value: 'b2b-boston' } },
    })
  })

  it.each([
    ['malformed JSON', '{"storefront-permissions":', 400],
    ['a wrong shape', '{"storefront-permissions": []}', 400],
    ['a non-object input namespace', '{"storefront-permissions": []}', 400],
  ])('answers %s with a JSON 4xx', async (_, body, status) => {
    const answer = await stack.transform(body)

    expect(answer.status).toBe(status)
    expect(answer.headers.get('cache-control')).toBe('no-cache, no-store')
    expect(answer.body).toEqual({
      error: { code: expect.any(String), message: expect.any(String) },
    })
  })

  it('answers other methods with 405 and too large bodies with 413', async () => {
    const url = `${stack.worker.url}${TRANSFORM_PATH}`
    const get = await fetch(url, { headers: routeHeaders('acme') })

    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect(get.headers.get('cache-control')).toBe('no-cache, no-store')

    const huge = await stack.transform({ x: 'a'.repeat(100_000) })

    expect(huge.status).toBe(413)
    expect(huge.headers.get('cache-control')).toBe('no-cache, no-store')
  })

  it('never logs the pricing API key', () => {
    expect(stack.logs.length).toBeGreaterThan(0)
    expect(stack.logs.join('\n')).not.toContain(DEFAULT_PRICING_API_KEY)
  })
})
