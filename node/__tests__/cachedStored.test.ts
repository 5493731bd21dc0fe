import { cached } from '../cache/cached'
import { cacheKey as key, useCacheFixture } from './cacheFixture'
import { tick } from './fakeVBase'

/**
 * What VBase may hold, and how failures are logged: documents from the
 * future or of another shape, misses, and the summary a failure is logged
 * with (never the raw error, which carries request headers).
 */
const cache = useCacheFixture()
const { policy } = cache

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

    await cached(key(), async () => 'b2b-nyc', policy({ logger: { warn } }))

    expect(warn).toHaveBeenCalledWith({
      message: 'cache: VBase read failed',
      bucket: cache.bucket,
      id: 'cc-1',
      error: 'Request failed with status code 503',
      code: 'ERR_BAD_RESPONSE',
      status: 503,
    })
  })

  it('throttles failures per bucket: two buckets failing at once both log', async () => {
    const warn = jest.fn()
    const other = policy({ bucket: `${cache.bucket}-other`, logger: { warn } })

    cache.vbase.failReads = true
    await cached(key(), async () => 'a', policy({ logger: { warn } }))
    await cached(key(), async () => 'b', other)

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
      await cached(key(), async () => 'b2b-nyc', policy({ logger: { warn } }))
    ).toEqual({ value: 'b2b-nyc', source: 'upstream' })
    expect(warn).not.toHaveBeenCalled()
  })

  it.each([
    ['fetched in the future (a clock 2 min ahead)', -120_000, 'upstream'],
    ['fetched 30 s ahead (clock skew within a minute)', -30_000, 'vbase-fresh'],
  ])('treats a document %s as %s', async (_, ageMs, source) => {
    cache.vbase.put(cache.file, 'stored', ageMs)

    expect((await cached(key(), async () => 'fetched', policy())).source).toBe(
      source
    )
  })

  it.each([
    ['an infinite fetchedAt', { value: 'stored', fetchedAt: Infinity }],
    ['a string fetchedAt', { value: 'stored', fetchedAt: '2026-01-01' }],
    ['no value', { fetchedAt: Date.now() }],
    ['a bare value', 'stored'],
  ])('ignores a document with %s', async (_, doc) => {
    cache.vbase.files.set(cache.file, doc)

    expect(await cached(key(), async () => 'fetched', policy())).toEqual({
      value: 'fetched',
      source: 'upstream',
    })
  })

  it('keeps a stale value in memory no longer than it may be served', async () => {
    // Stored 119 s ago: servable 1 more second (fresh 60 s + stale 60 s).
    cache.vbase.put(cache.file, 'old', 119_000)
    const fetcher = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('refresh fails'))
      .mockResolvedValue('fetched')

    expect((await cached(key(), fetcher, policy())).source).toBe('vbase-stale')
    await tick(1100)
    // Gone from memory (not kept the LRU's 60 s), too old in VBase: fetched.
    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'fetched',
      source: 'upstream',
    })
  })
})
