import { LRUCache } from 'lru-cache'

import { perTenant } from '../observability/tenant'

/** What memory and VBase hold: the value and when it was fetched upstream. */
export interface StoredEntry<T> {
  value: T
  fetchedAt: number
}

/** Rejects documents that are not an entry of T (corrupt, or an old shape). */
export function isStoredEntry<T>(
  doc: unknown,
  isValue: (value: unknown) => value is T
): doc is StoredEntry<T> {
  if (typeof doc !== 'object' || doc === null) return false
  const { fetchedAt, value } = doc as Partial<StoredEntry<unknown>>

  // A numeric string is not a time; a time in the future is not trusted.
  return (
    typeof fetchedAt === 'number' &&
    fetchedAt <= Date.now() + 60_000 &&
    isValue(value)
  )
}

/** What a bucket counts answers by (`Layer`, cached.ts, adds `timeout`). */
export type CountedLayer =
  | 'lru'
  | 'vbase-fresh'
  | 'vbase-stale'
  | 'upstream'
  | 'failed'

/** One tenant's lookups answered by each layer since the worker started. */
export type AnsweredCounts = Record<CountedLayer, number>

const noAnswers = (): AnsweredCounts => ({
  lru: 0,
  'vbase-fresh': 0,
  'vbase-stale': 0,
  upstream: 0,
  failed: 0,
})

/** One policy's memory in this worker. */
function newBucket<T>(bound: { max: number; ttl: number }) {
  return {
    lru: new LRUCache<string, StoredEntry<T>>({
      ...bound,
      // Read the clock at most once a second: at lru-cache's default (1 ms)
      // it arms a timer on nearly every hit under load. TTLs here are 30 s or
      // more; freshness is decided from each entry's own fetch time.
      ttlResolution: 1000,
    }),
    /** Cold loads, shared by concurrent misses of one key (single-flight). */
    loads: new Map<string, Promise<{ value: T; layer: CountedLayer }>>(),
    /** Keys being refreshed in the background: one refresh per key at a time. */
    refreshing: new Set<string>(),
    answered: perTenant(noAnswers),
  }
}

export type Bucket<T> = ReturnType<typeof newBucket<T>>

const buckets = new Map<string, Bucket<unknown>>()

/** The bucket named `name`, created on first use with its LRU's bound. */
export function bucketFor<T>(
  name: string,
  bound: { max: number; ttl: number }
): Bucket<T> {
  let bucket = buckets.get(name) as Bucket<T> | undefined

  if (!bucket) {
    bucket = newBucket<T>(bound)
    buckets.set(name, bucket as Bucket<unknown>)
  }

  return bucket
}

/** One tenant's part of a bucket (keys are `account:workspace:id`). */
export function bucketReport<T>(bucket: Bucket<T>, tenant: string) {
  let size = 0

  for (const key of bucket.lru.keys()) if (key.startsWith(`${tenant}:`)) size++

  return {
    lru: { size, max: bucket.lru.max },
    answered: { ...(bucket.answered.peek(tenant) ?? noAnswers()) },
  }
}

/** Forgets this worker's memory, in-flight loads included (tests, benchmarks). */
export function clearMemoryCache() {
  buckets.forEach((bucket) => {
    bucket.lru.clear()
    bucket.loads.clear()
    bucket.refreshing.clear()
  })
}
