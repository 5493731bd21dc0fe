import { bucketStatus, cached } from '../../cache/cached'
import { cacheKey, useCacheFixture } from './cacheFixture'
import { tick } from './fakeVBase'

const cache = useCacheFixture()
const { policy, key } = cache

describe('cached', () => {
  it('fetches a missing value once, stores it in VBase, then answers from the LRU', async () => {
    const fetcher = jest.fn(async () => 'b2b-nyc')

    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'b2b-nyc',
      layer: 'upstream',
    })
    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'b2b-nyc',
      layer: 'lru',
    })
    expect(fetcher).toHaveBeenCalledTimes(1)
    await tick()
    expect(cache.vbase.files.get(cache.file)).toMatchObject({
      value: 'b2b-nyc',
    })
  })

  it('serves a fresh VBase value without calling upstream', async () => {
    cache.vbase.put(cache.file, 'from-vbase', 1_000)
    const fetcher = jest.fn(async () => 'from-upstream')

    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'from-vbase',
      layer: 'vbase-fresh',
    })
    expect(fetcher).not.toHaveBeenCalled()
  })

  it('serves a stale value at once and revalidates it once in the background', async () => {
    cache.vbase.put(cache.file, 'old', 90_000)
    let release!: (value: string) => void
    const fetcher = jest.fn(
      () => new Promise<string>((resolve) => (release = resolve))
    )

    const first = await cached(key(), fetcher, policy())
    const second = await cached(key(), fetcher, policy())

    expect(first).toEqual({ value: 'old', layer: 'vbase-stale' })
    expect(second).toEqual({ value: 'old', layer: 'lru' })
    expect(fetcher).toHaveBeenCalledTimes(1)

    release('new')
    await tick()
    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'new',
      layer: 'lru',
    })
    expect(cache.vbase.files.get(cache.file)).toMatchObject({
      value: 'new',
    })
  })

  it('does not serve a value older than freshMs + maxStaleMs', async () => {
    cache.vbase.put(cache.file, 'ancient', 200_000)
    const fetcher = jest.fn(async () => 'current')

    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'current',
      layer: 'upstream',
    })
  })

  it('shares one upstream call among 100 concurrent misses', async () => {
    let calls = 0
    const fetcher = async () => {
      calls++
      await tick(20)

      return 'b2b-nyc'
    }

    const results = await Promise.all(
      Array.from({ length: 100 }, () => cached(key(), fetcher, policy()))
    )

    expect(calls).toBe(1)
    expect(cache.vbase.reads).toBe(1)
    expect(new Set(results.map((r) => r.value))).toEqual(new Set(['b2b-nyc']))
  })

  it('never caches a failure', async () => {
    const fetcher = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('503'))
      .mockResolvedValueOnce('recovered')

    await expect(cached(key(), fetcher, policy())).rejects.toThrow('503')
    expect(cache.vbase.writes).toBe(0)
    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'recovered',
      layer: 'upstream',
    })
  })

  it('keeps serving the stale value when the background refresh fails', async () => {
    cache.vbase.put(cache.file, 'old', 90_000)
    const fetcher = jest.fn(async () => {
      throw new Error('upstream down')
    })

    const warn = jest.fn()

    expect(
      (await cached(key('cc-1', { logger: { warn } }), fetcher, policy())).value
    ).toBe('old')
    await tick()
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'cache: background revalidation failed',
      })
    )
    expect((await cached(key(), fetcher, policy())).value).toBe('old')
    expect(cache.vbase.files.get(cache.file)).toMatchObject({
      value: 'old',
    })
  })

  it('falls back to upstream when VBase reads and writes fail', async () => {
    cache.vbase.failReads = true
    cache.vbase.failWrites = true
    const warn = jest.fn()
    const fetcher = jest.fn(async () => 'b2b-nyc')

    expect(
      await cached(key('cc-1', { logger: { warn } }), fetcher, policy())
    ).toEqual({
      value: 'b2b-nyc',
      layer: 'upstream',
    })
    await tick()
    expect(warn.mock.calls.map(([log]) => log.message)).toEqual([
      'cache: VBase read failed',
      'cache: VBase write failed',
    ])
  })

  it('ignores a corrupt VBase document', async () => {
    cache.vbase.files.set(cache.file, { oops: 1 })
    const fetcher = jest.fn(async () => 'b2b-nyc')

    expect(await cached(key(), fetcher, policy())).toEqual({
      value: 'b2b-nyc',
      layer: 'upstream',
    })
  })

  it('never mixes values of two accounts with the same id', async () => {
    const p = policy()

    await cached(cacheKey('cc-1', 'acme'), async () => 'acme-table', p)
    await cached(cacheKey('cc-1', 'globex'), async () => 'globex-table', p)

    expect((await cached(cacheKey('cc-1', 'acme'), jest.fn(), p)).value).toBe(
      'acme-table'
    )
    expect((await cached(cacheKey('cc-1', 'globex'), jest.fn(), p)).value).toBe(
      'globex-table'
    )
    expect(
      (
        await cached(
          { ...cacheKey('cc-1'), workspace: 'dev' },
          async () => 'dev',
          p
        )
      ).layer
    ).toBe('upstream')
  })

  it('holds no more entries than lruMax', async () => {
    const p = policy({ lruMax: 10 })

    for (let i = 0; i < 50; i++) {
      // eslint-disable-next-line no-await-in-loop
      await cached(cacheKey(`cc-${i}`), async () => `table-${i}`, p)
    }

    expect(bucketStatus(p, 'acme:master').lru).toEqual({ size: 10, max: 10 })
  })
})
