import { LRUCache } from 'lru-cache'

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

/** The layers a bucket counts answers by (`Layer`, in cached.ts, adds `timeout`). */
export type CountedLayer =
  | 'lru'
  | 'vbase-fresh'
  | 'vbase-stale'
  | 'upstream'
  | 'failed'

/** What one bucket counted for one tenant since the worker started (status route). */
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
  /** Counters per tenant (`account:workspace`): each reads only its own. */
  tenants: Map<string, BucketCounters>
}

/** Keys are `account:workspace:id`; the tenant is what precedes the id. */
export function tenantOfKey(key: string) {
  const accountEnd = key.indexOf(':')

  return key.slice(0, key.indexOf(':', accountEnd + 1))
}

// Accounts × workspaces this worker served: a bound against a flood of
// made-up workspaces, far above what one worker serves.
const MAX_TENANTS = 1_000

function newCounters(): BucketCounters {
  return {
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
}

/** One tenant's counters in `bucket`, created on first use. */
export function countersFor<T>(bucket: Bucket<T>, tenant: string) {
  const existing = bucket.tenants.get(tenant)

  if (existing) return existing
  const counters = newCounters()

  // Map keeps insertion order: the first key is the oldest tenant.
  if (bucket.tenants.size >= MAX_TENANTS) {
    bucket.tenants.delete(bucket.tenants.keys().next().value as string)
  }

  bucket.tenants.set(tenant, counters)

  return counters
}

const buckets = new Map<string, Bucket<unknown>>()

/** The bucket named `name`, created on first use with its LRU's bound. */
export function bucketFor<T>(
  name: string,
  bound: { max: number; ttl: number }
): Bucket<T> {
  const existing = buckets.get(name)

  if (existing) return existing as Bucket<T>
  const bucket: Bucket<T> = {
    lru: new LRUCache<string, StoredEntry<T>>({
      ...bound,
      // lru-cache reads the clock at most once per ttlResolution and arms a
      // timer to forget it: at 1 ms (its default) that is a timer on nearly
      // every hit under load. TTLs here are 30 s or more; freshness is
      // decided from each entry's own fetch time.
      ttlResolution: 1000,
      // Called on removals only, never on a hit.
      dispose: (_value, key, reason) => {
        if (reason === 'evict')
          countersFor(bucket, tenantOfKey(key)).evictions += 1
      },
    }),
    loads: new Map(),
    refreshing: new Set(),
    tenants: new Map(),
  }

  buckets.set(name, bucket as Bucket<unknown>)

  return bucket
}

const countOf = (keys: Iterable<string>, prefix: string) => {
  let count = 0

  for (const key of keys) if (key.startsWith(prefix)) count += 1

  return count
}

/** One tenant's part of a bucket: its entries, in-flight work and counters. */
export function bucketReport<T>(bucket: Bucket<T>, tenant: string) {
  const prefix = `${tenant}:`
  const { lru, loads, refreshing } = bucket

  return {
    lru: { size: countOf(lru.keys(), prefix), max: lru.max },
    inFlight: {
      loads: countOf(loads.keys(), prefix),
      revalidations: countOf(refreshing, prefix),
    },
    counters: bucket.tenants.get(tenant) ?? newCounters(),
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
