/**
 * The warm path's answer memo: the same bytes for the same tenant and inputs
 * while, and only while, the LRU entries they came from are the LRU's and
 * fresh; stale-while-revalidate goes on as before.
 */
import { bucketReport, cached, clearMemoryCache } from '../cache/cached'
import { leaseHolds, memoryLease } from '../cache/memoryLease'
import { COST_CENTER_POLICY, PRICING_POLICY } from '../cache/policies'
import { clearAnswerMemo } from '../middlewares/answerMemo'
import { transform } from '../middlewares/transform'
import { FakeVBase, tick } from './fakeVBase'
import type { Upstreams } from './handlerContext'
import { buildContext, COST_CENTERS, upstreams } from './handlerContext'

const NYC = {
  costcenter: 'cc-1',
  organization: 'org-1',
  costCenterAddressId: 'addr-1',
}

beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(() => {
  clearMemoryCache()
  clearAnswerMemo()
})

interface Run {
  inputs?: typeof NYC | Record<string, string>
  upstream?: Upstreams
  vbase?: FakeVBase
  account?: string
}

async function run({ inputs = NYC, ...options }: Run = {}) {
  const context = buildContext({ inputs, ...options })

  await transform(context.ctx)

  const { body } = context.ctx
  const memoized = Buffer.isBuffer(body)

  return {
    ...context,
    memoized,
    text: memoized ? body.toString() : JSON.stringify(body),
    source: context.headers['x-pricing-session-cache'],
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the answer memo', () => {
  it('keeps the first answer from memory, then answers the same bytes with no lookup', async () => {
    const upstream = upstreams()
    const first = await run({ upstream })
    const fromMemory = await run({ upstream })
    const memoized = await run({ upstream })

    expect(first.memoized).toBe(false)
    expect(fromMemory.memoized).toBe(false)
    expect(fromMemory.source).toBe('costCenter=lru, pricing=lru')
    expect(memoized.memoized).toBe(true)
    expect(memoized.text).toBe(first.text)
    // Says what it is: both lookups answered from this worker's memory.
    expect(memoized.source).toBe('costCenter=lru, pricing=lru')
    expect(memoized.headers['content-type']).toBe(
      'application/json; charset=utf-8'
    )
    expect(memoized.headers['cache-control']).toBe('no-cache, no-store')
    expect(memoized.ctx.status).toBe(200)
    expect(upstream.getCostCenterById).toHaveBeenCalledTimes(1)
    expect(upstream.getPricing).toHaveBeenCalledTimes(1)
  })

  it('counts a memoized answer as two LRU hits, as cached() would', async () => {
    await run()
    await run()
    const lruHits = () => [
      bucketReport(COST_CENTER_POLICY).stats.totals.answered.lru,
      bucketReport(PRICING_POLICY).stats.totals.answered.lru,
    ]

    const before = lruHits()

    expect((await run()).memoized).toBe(true)
    expect(lruHits()).toEqual(before.map((count) => count + 1))
  })

  it('keeps tenants and inputs apart', async () => {
    await run()
    await run()
    expect((await run()).memoized).toBe(true)
    // Same lookups (LRU hits), other inputs: not NYC's memoized bytes.
    const otherAddress = await run({
      inputs: { ...NYC, costCenterAddressId: 'addr-2' },
    })

    const noAddress = await run({
      inputs: { costcenter: 'cc-1', organization: 'org-1' },
    })

    // "" is storefront-permissions' "no address": no `public`, unlike absent.
    const noneSelected = await run({
      inputs: { ...NYC, costCenterAddressId: '' },
    })

    const otherTenant = await run({ account: 'globex' })

    expect(otherAddress.memoized).toBe(false)
    expect(JSON.parse(otherAddress.text).public.postalCode.value).toBe('07030')
    expect(noAddress.memoized).toBe(false)
    expect(noAddress.source).toBe('costCenter=lru, pricing=lru')
    expect(JSON.parse(noAddress.text).public.postalCode.value).toBe('10001')
    expect(noneSelected.memoized).toBe(false)
    expect(JSON.parse(noneSelected.text)).not.toHaveProperty('public')
    expect(otherTenant.memoized).toBe(false)
    expect(otherTenant.source).toBe('costCenter=upstream, pricing=upstream')
  })

  it('is forgotten with the LRU entries it came from', async () => {
    const vbase = new FakeVBase()

    await run({ vbase })
    await run({ vbase })
    expect((await run({ vbase })).memoized).toBe(true)
    await tick()
    clearMemoryCache()

    const after = await run({ vbase })

    expect(after.memoized).toBe(false)
    expect(after.source).toBe('costCenter=vbase-fresh, pricing=vbase-fresh')
  })

  it('is not used once an entry is stale: the stale value is served and refreshed, then the refreshed one is memoized', async () => {
    const vbase = new FakeVBase()
    const almostStale = PRICING_POLICY.freshMs - 150

    vbase.putLookup('org-1/cc-1', { 'cost-centers': COST_CENTERS['cc-1'] }, 0)
    vbase.putLookup(
      'org-1/cc-1',
      { pricing: { priceTable: 'b2b-nyc', storeNumber: '0042' } },
      almostStale
    )
    const upstream = upstreams()

    upstream.getPricing.mockResolvedValue({
      priceTable: 'b2b-nyc-2',
      storeNumber: '0043',
    })

    expect((await run({ vbase, upstream })).source).toBe(
      'costCenter=vbase-fresh, pricing=vbase-fresh'
    )
    expect((await run({ vbase, upstream })).memoized).toBe(false)
    expect((await run({ vbase, upstream })).memoized).toBe(true)
    await sleep(200)

    const stale = await run({ vbase, upstream })

    expect(stale.memoized).toBe(false)
    expect(stale.source).toBe('costCenter=lru, pricing=lru')
    expect(JSON.parse(stale.text).pricing.priceTable.value).toBe('b2b-nyc')
    await tick(10)
    expect(upstream.getPricing).toHaveBeenCalledTimes(1)

    const refreshed = await run({ vbase, upstream })
    const again = await run({ vbase, upstream })

    expect(refreshed.memoized).toBe(false)
    expect(JSON.parse(refreshed.text).pricing.priceTable.value).toBe(
      'b2b-nyc-2'
    )
    expect(again.memoized).toBe(true)
    expect(again.text).toBe(refreshed.text)
  })

  it.each([
    ['cost center', 'getCostCenterById', 'costCenter=upstream, pricing=lru'],
    ['pricing', 'getPricing', 'costCenter=lru, pricing=upstream'],
  ] as const)(
    'keeps no answer whose %s did not come from memory',
    async (_, failingFirst, secondSources) => {
      const upstream = upstreams()

      upstream[failingFirst].mockRejectedValueOnce(new Error('503'))
      await run({ upstream })
      expect((await run({ upstream })).source).toBe(secondSources)

      const third = await run({ upstream })

      expect(third.memoized).toBe(false)
      expect(third.source).toBe('costCenter=lru, pricing=lru')
      expect((await run({ upstream })).memoized).toBe(true)
    }
  )

  it('never keeps an answer a lookup failed for', async () => {
    const upstream = upstreams()

    upstream.getPricing.mockRejectedValueOnce(new Error('503'))
    const failed = await run({ upstream })
    const next = await run({ upstream })

    expect(failed.source).toBe('costCenter=upstream, pricing=error')
    expect(next.memoized).toBe(false)
    expect(next.source).toBe('costCenter=lru, pricing=upstream')
    expect(JSON.parse(next.text).pricing.priceTable.value).toBe('b2b-nyc')
  })
})

describe('a memory lease', () => {
  const isString = (value: unknown): value is string =>
    typeof value === 'string'

  const policy = (bucket: string, overrides = {}) => ({
    bucket,
    lruMax: 10,
    lruTtlMs: 60_000,
    freshMs: 60_000,
    maxStaleMs: 60_000,
    isValue: isString,
    ...overrides,
  })

  const key = (id: string) => ({ account: 'acme', workspace: 'master', id })

  async function leased(bucket: string, id: string, overrides = {}) {
    const { value } = await cached(
      key(id),
      async () => `value of ${id}`,
      policy(bucket, overrides)
    )

    return memoryLease(key(id), policy(bucket, overrides), value)
  }

  it('holds while the entry is in the LRU and fresh', async () => {
    const lease = await leased('lease-hold', 'a')

    expect(lease && leaseHolds(lease, Date.now())).toBe(true)
    // The millisecond cached() would call the entry stale, the lease breaks.
    expect(lease && leaseHolds(lease, lease.freshUntil - 1)).toBe(true)
    expect(lease && leaseHolds(lease, lease.freshUntil)).toBe(false)
    expect(lease && leaseHolds(lease, Date.now() + 60_001)).toBe(false)
  })

  it('is refused for a value that is not the entry the LRU holds', async () => {
    await leased('lease-other', 'a')

    expect(
      memoryLease(key('a'), policy('lease-other'), 'another value')
    ).toBeUndefined()
  })

  it('is refused where this worker holds nothing: a cache it never used, a key it does not hold', async () => {
    expect(
      memoryLease(key('a'), policy('lease-never-used'), 'value of a')
    ).toBeUndefined()
    await leased('lease-absent', 'a')
    expect(
      memoryLease(key('b'), policy('lease-absent'), 'value of b')
    ).toBeUndefined()
  })

  it('breaks when its entry is evicted or expires', async () => {
    const evicted = await leased('lease-evict', 'a', { lruMax: 1 })

    await leased('lease-evict', 'b', { lruMax: 1 })
    expect(evicted && leaseHolds(evicted, Date.now())).toBe(false)

    const expiring = await leased('lease-ttl', 'a', { lruTtlMs: 40 })

    await sleep(80)
    expect(expiring && leaseHolds(expiring, Date.now())).toBe(false)
  })
})
