import type { LookupLayer } from '../observability/lookupStats'
import { existingBucket } from './buckets'
import type { CacheKey, CachePolicy } from './cached'
import { lruKeyOf } from './cached'

/** A hold on one LRU entry, for what was computed from its value. */
export interface MemoryLease {
  readonly lru: { get(key: string): unknown }
  readonly lruKey: string
  readonly entry: unknown
  readonly freshUntil: number
  /** The bucket's counters: a use of the lease is a lookup answered `lru`. */
  readonly stats: { answered(layer: LookupLayer, ms: number): void }
}

/**
 * A lease on this worker's LRU entry for `key`, if it holds `value` (the very
 * value a `cached()` call answered) and is fresh. Whatever was computed from
 * `value` stays right while `leaseHolds`.
 */
export function memoryLease<T>(
  key: CacheKey,
  policy: CachePolicy<T>,
  value: T
): MemoryLease | undefined {
  const bucket = existingBucket(policy)

  if (!bucket) return undefined
  const lruKey = lruKeyOf(key, policy)
  const entry = bucket.lru.peek(lruKey)

  if (entry === undefined || entry.value !== value) return undefined
  const freshUntil = entry.fetchedAt + policy.freshMs

  return Date.now() < freshUntil
    ? { lru: bucket.lru, lruKey, entry, freshUntil, stats: bucket.stats }
    : undefined
}

/**
 * The LRU still holds the leased entry (not evicted, expired, cleared or
 * replaced by a refresh) and it is still fresh: a stale entry must go back
 * through `cached()`, which revalidates it. Counts as a use of the entry, so
 * an entry served only through leases is not evicted as unused.
 */
export function leaseHolds(lease: MemoryLease, now: number) {
  return now < lease.freshUntil && lease.lru.get(lease.lruKey) === lease.entry
}
