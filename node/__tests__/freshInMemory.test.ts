import { existingBucket } from '../cache/buckets'
import { cached, clearMemoryCache, freshInMemory } from '../cache/cached'
import { cacheKey as key, useCacheFixture } from './cacheFixture'

const cache = useCacheFixture()
// Memory only: the fake VBase keeps one file per id, whatever the account.
const policy = () => cache.policy({ vbase: undefined })

/** Stores `value` for `id` through `cached()`; answers its `fetchedAt`. */
async function store(id: string, value: string, account = 'acme') {
  const fetchedAt = Date.now()
  const clock = jest.spyOn(Date, 'now').mockReturnValue(fetchedAt)

  try {
    await cached(key(id, account), async () => value, policy())
  } finally {
    clock.mockRestore()
  }

  return fetchedAt
}

/** Counts the LRU lookups of this test's bucket from here on. */
function countLruGets() {
  const bucket = existingBucket(policy())

  if (!bucket) throw new Error('the bucket is not in use yet')

  return jest.spyOn(bucket.lru, 'get')
}

afterEach(() => jest.restoreAllMocks())

describe('freshInMemory', () => {
  it('answers nothing for a key this worker does not hold', async () => {
    expect(freshInMemory(key(), policy())).toBeUndefined()
    await store('cc-2', 'other')
    expect(freshInMemory(key(), policy())).toBeUndefined()
  })

  it('answers the same key again without an LRU lookup while it is fresh', async () => {
    const fetchedAt = await store('cc-1', 'b2b-nyc')
    const gets = countLruGets()

    expect(freshInMemory(key(), policy(), fetchedAt)).toBe('b2b-nyc')
    expect(gets).toHaveBeenCalledTimes(1)
    expect(freshInMemory(key(), policy(), fetchedAt + 59_000)).toBe('b2b-nyc')
    expect(gets).toHaveBeenCalledTimes(1)
  })

  it('looks up another id, account or workspace in the LRU', async () => {
    await store('cc-1', 'b2b-nyc')
    await store('cc-2', 'b2b-sfo')
    await store('cc-1', 'globex-nyc', 'globex')
    const gets = countLruGets()

    // Each differs from the read just before it in one part of the key only.
    expect(freshInMemory(key('cc-1'), policy())).toBe('b2b-nyc')
    expect(freshInMemory(key('cc-2'), policy())).toBe('b2b-sfo')
    expect(freshInMemory(key('cc-1'), policy())).toBe('b2b-nyc')
    expect(freshInMemory(key('cc-1', 'globex'), policy())).toBe('globex-nyc')
    expect(freshInMemory(key('cc-1'), policy())).toBe('b2b-nyc')
    expect(
      freshInMemory({ ...key('cc-1'), workspace: 'dev' }, policy())
    ).toBeUndefined()
    expect(gets).toHaveBeenCalledTimes(6)
  })

  it('stops answering when the value goes stale, to the millisecond', async () => {
    const fetchedAt = await store('cc-1', 'b2b-nyc')

    expect(freshInMemory(key(), policy(), fetchedAt)).toBe('b2b-nyc')
    // 60 s fresh (stringPolicy): its last read is not answered past that.
    expect(freshInMemory(key(), policy(), fetchedAt + 59_999)).toBe('b2b-nyc')
    expect(freshInMemory(key(), policy(), fetchedAt + 60_000)).toBeUndefined()
  })

  it('does not remember a read that found the value stale', async () => {
    const fetchedAt = await store('cc-1', 'b2b-nyc')

    expect(freshInMemory(key(), policy(), fetchedAt + 60_000)).toBeUndefined()
    expect(freshInMemory(key(), policy(), fetchedAt + 1_000)).toBe('b2b-nyc')
  })

  it('forgets its last read with the rest of memory', async () => {
    await store('cc-1', 'b2b-nyc')
    expect(freshInMemory(key(), policy())).toBe('b2b-nyc')

    clearMemoryCache()
    expect(freshInMemory(key(), policy())).toBeUndefined()
  })
})
