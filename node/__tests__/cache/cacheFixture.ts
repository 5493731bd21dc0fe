import type { CacheIO, CacheKey, CachePolicy } from '../../cache/cached'
import { clearMemoryCache } from '../../cache/cached'
import { resetThrottledWarn } from '../../observability/throttledWarn'
import { FakeVBase, stringPolicy } from './fakeVBase'

export const cacheKey = (id = 'cc-1', account = 'acme') => ({
  account,
  workspace: 'master',
  id,
})

/**
 * What the cache tests share: a fresh VBase and a bucket of its own per test
 * (so each test gets its own LRU and VBase namespace), string values.
 */
export function useCacheFixture() {
  const fixture = { vbase: new FakeVBase(), bucket: 'test-0' }
  let count = 0

  beforeEach(() => {
    count++
    fixture.vbase = new FakeVBase()
    fixture.bucket = `test-${count}`
    clearMemoryCache()
    resetThrottledWarn()
  })

  return {
    get vbase() {
      return fixture.vbase
    },
    /** Where `cc-1` of this test's bucket lives in VBase. */
    get file() {
      return `${fixture.bucket}/cc-1`
    },
    get bucket() {
      return fixture.bucket
    },
    policy(overrides: Partial<CachePolicy<string>> = {}): CachePolicy<string> {
      return stringPolicy(fixture.bucket, overrides)
    },
    /** A key of this test's tenant, with this test's VBase as its store. */
    key(id = 'cc-1', io: CacheIO = {}): CacheKey & CacheIO {
      return { ...cacheKey(id), vbase: () => fixture.vbase, ...io }
    },
  }
}
