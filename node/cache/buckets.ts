import { LRUCache } from 'lru-cache'

/** What memory and VBase hold: the value and when it was fetched upstream. */
export interface StoredEntry<T> {
  value: T
  fetchedAt: number
}

/** The layers a bucket counts answers by (`Layer`, in cached.ts, adds `timeout`). */
export type CountedLayer =
  | 'lru'
  | 'vbase-fresh'
  | 'vbase-stale'
  | 'upstream'
  | 'failed'

/** What one bucket counted since the worker started (status route). */
export interface BucketCounters {
  answered: Record<CountedLayer, number>
  evictions: number
  singleFlightJoins: number
  revalidationsStarted: number
  revalidationsSucceeded: number
  revalidationsFailed: number
}

/** One policy's memory in this worker. */
export interface Bucket<T> {
  lru: LRUCache<string, StoredEntry<T>>
  /** Cold loads, shared by concurrent misses of one key (single-flight). */
  loads: Map<string, Promise<{ value: T; layer: CountedLayer }>>
  /** Keys being refreshed in the background: one refresh per key at a time. */
  refreshing: Set<string>
  counters: BucketCounters
}

const buckets = new Map<string, Bucket<unknown>>()

/** The bucket named `name`, created on first use with its LRU's bound. */
export function bucketFor<T>(
  name: string,
  bound: { max: number; ttl: number }
): Bucket<T> {
  const existing = buckets.get(name)

  if (existing) return existing as Bucket<T>
  const counters: BucketCounters = {
    answered: {
      lru: 0,
      'vbase-fresh': 0,
      'vbase-stale': 0,
      upstream: 0,
      failed: 0,
    },
    evictions: 0,
    singleFlightJoins: 0,
    revalidationsStarted: 0,
    revalidationsSucceeded: 0,
    revalidationsFailed: 0,
  }

  const bucket: Bucket<T> = {
    lru: new LRUCache<string, StoredEntry<T>>({
      ...bound,
      // lru-cache reads the clock at most once per ttlResolution and arms a
      // timer to forget it: at 1 ms (its default) that is a timer on nearly
      // every hit under load. TTLs here are 30 s or more; freshness is
      // decided from each entry's own fetch time.
      ttlResolution: 1000,
      // Called on removals only, never on a hit.
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') counters.evictions += 1
      },
    }),
    loads: new Map(),
    refreshing: new Set(),
    counters,
  }

  buckets.set(name, bucket as Bucket<unknown>)

  return bucket
}

export function bucketReport<T>({
  lru,
  loads,
  refreshing,
  counters,
}: Bucket<T>) {
  return {
    lru: { size: lru.size, max: lru.max },
    inFlight: { loads: loads.size, revalidations: refreshing.size },
    counters,
  }
}

/** Entries held in this worker's LRU for one bucket (tests, benchmarks). */
export const lruSize = (name: string) => buckets.get(name)?.lru.size ?? 0

/**
 * Forgets everything this worker holds in memory, in-flight loads included
 * (tests, benchmarks); VBase is untouched. Counters keep counting.
 */
export function clearMemoryCache() {
  buckets.forEach((bucket) => {
    bucket.lru.clear()
    bucket.loads.clear()
    bucket.refreshing.clear()
  })
}
