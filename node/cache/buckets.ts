import { LRUCache } from 'lru-cache'

import { LookupStats } from '../observability/lookupStats'
import type { CacheKey, CachePolicy } from './cachePolicy'
import type { StoredEntry } from './storedEntry'

/** A fresh value read from the LRU, and until when it stays fresh. */
export interface FreshRead<T> {
  key: CacheKey
  value: T
  freshUntil: number
}

/** One policy's memory in this worker: its LRU and its counters. */
export interface Bucket<T> {
  lru: LRUCache<string, StoredEntry<T>>
  stats: LookupStats
  /** freshInMemory's last answer, given again for the same key while fresh. */
  lastFresh?: FreshRead<T>
}

const buckets = new Map<string, Bucket<unknown>>()

/** The policy's bucket, created on first use with the policy's bound. */
export function bucketFor<T>(policy: CachePolicy<T>) {
  let bucket = buckets.get(policy.bucket)

  if (!bucket) {
    const stats = new LookupStats(policy.bucket)

    bucket = {
      stats,
      lru: new LRUCache<string, StoredEntry<unknown>>({
        max: policy.lruMax,
        ttl: policy.lruTtlMs,
        // Called on removals only, never on a hit.
        dispose: (_value, _key, reason) => {
          if (reason === 'evict') stats.totals.evictions += 1
        },
      }),
    }
    buckets.set(policy.bucket, bucket)
  }

  return bucket as Bucket<T>
}

/** The policy's bucket if this worker has used it. */
export const existingBucket = <T>(policy: CachePolicy<T>) =>
  buckets.get(policy.bucket) as Bucket<T> | undefined

/** This worker's LRU and counters for one policy (status route, metrics). */
export function bucketReport<T>(policy: CachePolicy<T>) {
  const { lru, stats } = bucketFor(policy)

  return { size: lru.size, max: lru.max, stats }
}

/** Entries held in this worker's LRU for one policy (benchmarks, tests). */
export function lruSize(bucket: string) {
  return buckets.get(bucket)?.lru.size ?? 0
}

/** Empties every LRU; the counters keep counting. */
export function clearBuckets() {
  buckets.forEach((bucket) => {
    bucket.lru.clear()
    bucket.lastFresh = undefined
  })
}
