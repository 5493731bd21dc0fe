/**
 * The counters `cached()` keeps and what reaches `@vtex/api`'s real
 * MetricsAccumulator: each layer counted and timed as the cache tests say it
 * answers, revalidations, single-flight joins, evictions, and failures by
 * code. Metric names are bounded: policy bucket × layer, never an id.
 */
import { HttpAgentSingleton } from '@vtex/api/lib/HttpClient/middlewares/request/HttpAgentSingleton'
import { MetricsAccumulator } from '@vtex/api/lib/metrics/MetricsAccumulator'

import type { CachePolicy } from '../cache/cached'
import { bucketReport, cached, clearMemoryCache } from '../cache/cached'
import {
  cacheMetricName,
  trackCacheMetrics,
} from '../observability/cacheMetrics'
import { clearFailures, recentFailures } from '../observability/failures'
import { LAYERS, latencyMetricName } from '../observability/lookupStats'
import { FakeVBase, stringPolicy, tick } from './fakeVBase'

let accumulator: MetricsAccumulator
let vbase: FakeVBase
let bucket = 0

const policy = (overrides: Partial<CachePolicy<string>> = {}) =>
  stringPolicy(`metrics-${bucket}`, vbase, overrides)

const key = (id = 'cc-secret-1') => ({
  account: 'acme',
  workspace: 'master',
  id,
})

const totals = () => bucketReport(policy()).stats.totals
const answered = () => totals().answered

/** Our metrics in one accumulator flush, by name. */
function flushed() {
  const ours = accumulator
    .statusTrack()
    .filter(({ name }) => name.startsWith('pricing-session-'))

  return Object.fromEntries(ours.map((metric) => [metric.name, metric]))
}

// A flush also reports the HTTP agent, which a worker creates on its first
// client call.
beforeAll(() => HttpAgentSingleton.getHttpAgent())

beforeEach(() => {
  bucket++
  vbase = new FakeVBase()
  accumulator = new MetricsAccumulator()
  ;(globalThis as { metrics?: MetricsAccumulator }).metrics = accumulator
  clearMemoryCache()
  clearFailures()
})

afterAll(() => {
  delete (globalThis as { metrics?: MetricsAccumulator }).metrics
})

describe('cache counters and metrics', () => {
  it('counts an LRU hit as lru without timing it, and times the upstream read', async () => {
    const fetcher = jest.fn(async () => 'b2b-nyc')

    await cached(key(), fetcher, policy())
    await cached(key(), fetcher, policy())
    await cached(key(), fetcher, policy())

    expect(answered()).toEqual({
      lru: 2,
      'vbase-fresh': 0,
      'vbase-stale': 0,
      upstream: 1,
      failed: 0,
    })
    const metrics = flushed()

    expect(metrics[latencyMetricName(policy().bucket, 'lru')]).toBeUndefined()
    expect(
      metrics[latencyMetricName(policy().bucket, 'upstream')]
    ).toMatchObject({ count: 1 })
  })

  it('counts a fresh VBase read as vbase-fresh', async () => {
    vbase.put(`${policy().bucket}/cc-secret-1`, 'stored', 1_000)

    await cached(key(), jest.fn(), policy())

    expect(answered()['vbase-fresh']).toBe(1)
    expect(totals().revalidationsStarted).toBe(0)
  })

  it('counts a stale read as vbase-stale and one revalidation that succeeds', async () => {
    vbase.put(`${policy().bucket}/cc-secret-1`, 'old', 90_000)
    let release!: (value: string) => void
    const fetcher = jest.fn(
      () => new Promise<string>((resolve) => (release = resolve))
    )

    expect((await cached(key(), fetcher, policy())).source).toBe('vbase-stale')
    await cached(key(), fetcher, policy())

    const { stats } = bucketReport(policy())

    expect(stats.totals.revalidationsStarted).toBe(1)
    expect(stats.inFlightRevalidations).toBe(1)
    release('new')
    await tick()
    expect(stats.inFlightRevalidations).toBe(0)
    expect(stats.totals).toMatchObject({
      revalidationsStarted: 1,
      revalidationsSucceeded: 1,
      revalidationsFailed: 0,
    })
    expect(answered()).toMatchObject({ 'vbase-stale': 1, lru: 1 })
  })

  it('counts a failed background revalidation, and the failure by code', async () => {
    vbase.put(`${policy().bucket}/cc-secret-1`, 'old', 90_000)
    const fetcher = jest.fn(async () => {
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    })

    await cached(key(), fetcher, policy())
    await tick()

    expect(totals()).toMatchObject({
      revalidationsStarted: 1,
      revalidationsFailed: 1,
    })
    expect(recentFailures()).toEqual([
      {
        lookup: policy().bucket,
        stage: 'upstream',
        code: 'ECONNRESET',
        count: 1,
        lastAt: expect.any(String),
      },
    ])
  })

  it('counts a failed upstream as failed, caches nothing and keeps the code only', async () => {
    const fetcher = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(
        Object.assign(new Error('Request failed for cc-secret-1'), {
          response: { status: 503 },
        })
      )
      .mockResolvedValueOnce('recovered')

    await expect(cached(key(), fetcher, policy())).rejects.toThrow()
    expect(answered().failed).toBe(1)
    expect(bucketReport(policy()).size).toBe(0)
    expect(vbase.writes).toBe(0)

    const [failure] = recentFailures()

    expect(failure).toMatchObject({ stage: 'upstream', code: 'http-503' })
    expect(JSON.stringify(recentFailures())).not.toContain('cc-secret-1')

    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'recovered',
      source: 'upstream',
    })
    expect(fetcher).toHaveBeenCalledTimes(2)
    expect(
      flushed()[latencyMetricName(policy().bucket, 'failed')]
    ).toMatchObject({ count: 1 })
  })

  it('counts concurrent misses that join one load', async () => {
    const fetcher = jest.fn(async () => {
      await tick(10)

      return 'b2b-nyc'
    })

    const loads = Array.from({ length: 10 }, () =>
      cached(key(), fetcher, policy())
    )

    expect(bucketReport(policy()).stats.inFlightLoads).toBe(1)
    await Promise.all(loads)

    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(totals().singleFlightJoins).toBe(9)
    expect(answered().upstream).toBe(10)
    expect(bucketReport(policy()).stats.inFlightLoads).toBe(0)
  })

  it('counts LRU evictions past the bound, not expiries or clears', async () => {
    const small = policy({ lruMax: 2, vbase: undefined })

    for (const id of ['a', 'b', 'c', 'd']) {
      // eslint-disable-next-line no-await-in-loop
      await cached(key(id), async () => id, small)
    }

    expect(bucketReport(small)).toMatchObject({ size: 2, max: 2 })
    expect(totals().evictions).toBe(2)
    clearMemoryCache()
    expect(totals().evictions).toBe(2)
  })

  it('records VBase failures by stage and code', async () => {
    vbase.failReads = true
    vbase.failWrites = true

    await cached(key(), async () => 'b2b-nyc', policy())
    await tick()

    expect(new Set(recentFailures().map(({ stage }) => stage))).toEqual(
      new Set(['vbase-read', 'vbase-write'])
    )
  })

  it('reports each flush through metrics.trackCache, as counts since the last one', async () => {
    trackCacheMetrics([policy()], accumulator)
    const name = `${cacheMetricName(policy().bucket)}-cache`
    const fetcher = async () => 'b2b-nyc'

    await cached(key(), fetcher, policy())
    await cached(key(), fetcher, policy())

    expect(flushed()[name]).toMatchObject({
      itemCount: 1,
      max: 100,
      total: 2,
      hits: 1,
      hitRate: 0.5,
      upstream: 1,
      failed: 0,
    })

    await cached(key(), fetcher, policy())
    expect(flushed()[name]).toMatchObject({ total: 1, hits: 1, upstream: 0 })
    // No lookup since the last flush: no rate (not NaN, not 0).
    expect(flushed()[name]).toMatchObject({
      total: 0,
      itemCount: 1,
      hitRate: undefined,
    })
  })

  it('names metrics by bucket and layer only, never by key', async () => {
    trackCacheMetrics([policy()], accumulator)
    vbase.put(`${policy().bucket}/cc-stale`, 'old', 90_000)
    vbase.put(`${policy().bucket}/cc-fresh`, 'stored', 1_000)

    await cached(key('cc-upstream'), async () => 'v', policy())
    await cached(key('cc-upstream'), async () => 'v', policy())
    await cached(key('cc-stale'), async () => 'v', policy())
    await cached(key('cc-fresh'), async () => 'v', policy())
    await expect(
      cached(key('cc-failing'), () => Promise.reject(new Error('x')), policy())
    ).rejects.toThrow()

    const metrics = flushed()
    const names = Object.keys(metrics)
    const expected = [
      ...LAYERS.filter((layer) => layer !== 'lru').map((layer) =>
        latencyMetricName(policy().bucket, layer)
      ),
      `${cacheMetricName(policy().bucket)}-cache`,
    ]

    expect(new Set(names)).toEqual(new Set(expected))
    expect(names).toHaveLength(expected.length)
    expect(names.join()).not.toMatch(/cc-|acme|master/)
    // Each layer under its own count in the cache's line.
    expect(metrics[`${cacheMetricName(policy().bucket)}-cache`]).toMatchObject({
      total: 5,
      hits: 1,
      vbaseFresh: 1,
      vbaseStale: 1,
      upstream: 1,
      failed: 1,
    })
  })

  it('registers nothing, and does not throw, outside the platform runtime', () => {
    delete (globalThis as { metrics?: MetricsAccumulator }).metrics

    expect(() => trackCacheMetrics([policy()])).not.toThrow()
    expect(flushed()).toEqual({})
  })
})
