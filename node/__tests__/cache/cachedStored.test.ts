import { bucketStatus, cached } from '../../cache/cached'
import { recentFailures } from '../../observability/failures'
import { useCacheFixture } from './cacheFixture'
import { tick } from './fakeVBase'

/**
 * What VBase may hold, and how failures are logged: documents from the
 * future or of another shape, misses, and the summary a failure is logged
 * with (never the raw error, which carries request headers).
 */
const cache = useCacheFixture()
const { policy, key } = cache

describe('cached, reading VBase and logging failures', () => {
  it('tries the background refresh again on a later read once one failed', async () => {
    cache.vbase.put(cache.file, 'old', 90_000)
    const fetcher = jest.fn(async () => {
      throw new Error('upstream down')
    })

    await cached(key(), fetcher, policy())
    await tick()
    await cached(key(), fetcher, policy())
    await tick()

    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('logs a failure as its message, bucket, id and the error summary, nothing else of the error', async () => {
    const warn = jest.fn()
    const failing = Object.assign(
      new Error('Request failed with status code 503'),
      {
        code: 'ERR_BAD_RESPONSE',
        response: { status: 503, headers: { 'x-api-key': 'secret' } },
        config: { headers: { 'X-Api-Key': 'secret' } },
      }
    )

    cache.vbase.getJSON = async () => {
      throw failing
    }

    await cached(
      key('cc-1', { logger: { warn } }),
      async () => 'b2b-nyc',
      policy()
    )

    expect(warn).toHaveBeenCalledWith({
      message: 'cache: VBase read failed',
      bucket: cache.bucket,
      id: 'cc-1',
      error: 'Request failed with status code 503',
      // Failures are logged by kind (node/observability/failures.ts).
      code: 'http-503',
    })
  })

  it('throttles failures per bucket: two buckets failing at once both log', async () => {
    const warn = jest.fn()
    const other = policy({ bucket: `${cache.bucket}-other` })

    cache.vbase.failReads = true
    await cached(key('cc-1', { logger: { warn } }), async () => 'a', policy())
    await cached(key('cc-1', { logger: { warn } }), async () => 'b', other)

    expect(warn.mock.calls.map(([line]) => line.bucket)).toEqual([
      cache.bucket,
      `${cache.bucket}-other`,
    ])
  })

  it.each([
    ['an empty document', ''],
    ['no document', null],
  ])('reads %s as a miss, not as corruption', async (_, doc) => {
    const warn = jest.fn()

    cache.vbase.files.set(cache.file, doc)
    expect(
      await cached(
        key('cc-1', { logger: { warn } }),
        async () => 'b2b-nyc',
        policy()
      )
    ).toEqual({ value: 'b2b-nyc', layer: 'upstream' })
    expect(warn).not.toHaveBeenCalled()
  })

  it.each([
    ['fetched in the future (a clock 2 min ahead)', -120_000, 'upstream'],
    ['fetched 30 s ahead (clock skew within a minute)', -30_000, 'vbase-fresh'],
  ])('treats a document %s as %s', async (_, ageMs, source) => {
    cache.vbase.put(cache.file, 'stored', ageMs)

    expect((await cached(key(), async () => 'fetched', policy())).layer).toBe(
      source
    )
  })

  it.each([
    ['an infinite fetchedAt', { value: 'stored', fetchedAt: Infinity }],
    ['-Infinity as fetchedAt', { value: 'stored', fetchedAt: -Infinity }],
    ['a string fetchedAt', { value: 'stored', fetchedAt: '2026-01-01' }],
    [
      'a numeric string fetchedAt',
      { value: 'stored', fetchedAt: String(Date.now()) },
    ],
    ['no value', { fetchedAt: Date.now() }],
    ['a bare value', 'stored'],
  ])('ignores a document with %s', async (_, doc) => {
    cache.vbase.files.set(cache.file, doc)

    expect(await cached(key(), async () => 'fetched', policy())).toEqual({
      value: 'fetched',
      layer: 'upstream',
    })
  })

  it('keeps a stale value in memory no longer than it may be served', async () => {
    // Stored 119 s ago: servable 1 more second (fresh 60 s + stale 60 s).
    cache.vbase.put(cache.file, 'old', 119_000)
    const fetcher = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('refresh fails'))
      .mockResolvedValue('fetched')

    expect((await cached(key(), fetcher, policy())).layer).toBe('vbase-stale')
    await tick(1100)
    // Gone from memory (not kept the LRU's 60 s), too old in VBase: fetched.
    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'fetched',
      layer: 'upstream',
    })
  })

  it('asks VBase for a miss as a miss (null), so a cold key logs nothing', async () => {
    const warn = jest.fn()

    expect(
      await cached(
        key('cc-1', { logger: { warn } }),
        async () => 'b2b-nyc',
        policy()
      )
    ).toEqual({ value: 'b2b-nyc', layer: 'upstream' })
    expect(warn).not.toHaveBeenCalled()
  })

  it('reads a store answering nothing at all (undefined) as a miss', async () => {
    const warn = jest.fn()
    const store = { getJSON: async () => undefined, saveJSON: async () => {} }

    await cached(
      key('cc-1', { logger: { warn }, vbase: () => store as never }),
      async () => 'b2b-nyc',
      policy()
    )
    expect(warn).not.toHaveBeenCalled()
  })

  it('logs a failed write and a failed refresh with the id and the error', async () => {
    const warn = jest.fn()

    cache.vbase.failWrites = true
    await cached(
      key('cc-1', { logger: { warn } }),
      async () => 'b2b-nyc',
      policy()
    )
    cache.vbase.failWrites = false
    cache.vbase.put(`${cache.bucket}/cc-2`, 'old', 90_000)
    await cached(
      key('cc-2', { logger: { warn } }),
      async () => {
        throw new Error('upstream down')
      },
      policy()
    )
    await tick()

    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      expect.objectContaining({
        message: 'cache: VBase write failed',
        id: 'cc-1',
        error: 'connect ECONNREFUSED vbase',
      }),
      expect.objectContaining({
        message: 'cache: background revalidation failed',
        id: 'cc-2',
        error: 'upstream down',
      }),
    ])
  })

  it('counts a failed read, a failed write, a failed refresh and the answers where the status route shows them', async () => {
    const tenant = 'acme:master'
    const before = bucketStatus(policy(), tenant).answered

    cache.vbase.failReads = true
    cache.vbase.failWrites = true
    await Promise.all([
      cached(key('cc-3'), async () => 'b2b-nyc', policy()),
      cached(key('cc-3'), async () => 'b2b-nyc', policy()),
    ])
    cache.vbase.failReads = false
    cache.vbase.failWrites = false
    cache.vbase.put(`${cache.bucket}/cc-4`, 'old', 90_000)
    await cached(
      key('cc-4'),
      async () => {
        throw new Error('upstream down')
      },
      policy()
    )
    await tick()

    const after = bucketStatus(policy(), tenant).answered

    expect(after.upstream - before.upstream).toBe(2)
    expect(after['vbase-stale'] - before['vbase-stale']).toBe(1)
    expect(
      recentFailures(tenant)
        .filter(({ lookup }) => lookup === cache.bucket)
        .map(({ stage, code }) => `${stage} ${code}`)
        .sort((a, b) => a.localeCompare(b))
    ).toEqual(['upstream error', 'vbase-read error', 'vbase-write error'])
  })
})

describe('cached, at the exact edges of fresh and stale', () => {
  const NOW = new Date('2026-12-01T12:00:00Z').getTime()

  beforeEach(() =>
    jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate'] })
  )

  afterEach(() => jest.useRealTimers())

  it.each([
    ['fresh a millisecond before freshMs', 59_999, 'vbase-fresh'],
    ['stale at exactly freshMs', 60_000, 'vbase-stale'],
    ['stale a millisecond before it expires', 119_999, 'vbase-stale'],
    ['expired at exactly freshMs + maxStaleMs', 120_000, 'upstream'],
    // Clock skew between replicas: up to 60 s ahead is trusted, not a ms more.
    ['stamped exactly 60 s ahead of this clock', -60_000, 'vbase-fresh'],
    ['stamped 60 s and a millisecond ahead', -60_001, 'upstream'],
  ])('serves a stored value %s', async (_, ageMs, source) => {
    cache.vbase.put(cache.file, 'stored', ageMs)

    expect((await cached(key(), async () => 'fetched', policy())).layer).toBe(
      source
    )
  })

  it('refreshes a value held in memory once it is exactly freshMs old', async () => {
    const fetcher = jest.fn(async () => 'fetched')
    const inMemory = policy()

    await cached(key(), fetcher, inMemory)
    jest.setSystemTime(NOW + 59_999)
    expect((await cached(key(), fetcher, inMemory)).layer).toBe('lru')
    expect(fetcher).toHaveBeenCalledTimes(1)
    jest.setSystemTime(NOW + 60_000)
    expect((await cached(key(), fetcher, inMemory)).layer).toBe('lru')
    expect(fetcher).toHaveBeenCalledTimes(2)
  })
})
