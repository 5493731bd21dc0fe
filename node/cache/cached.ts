import type { FailureStage } from '../observability/failures'
import { failureCode, recordFailure } from '../observability/failures'
import type { Bucket } from './buckets'
import { bucketFor, clearBuckets, existingBucket } from './buckets'
import type { CacheKey, CachePolicy, Cached } from './cachePolicy'
import type { StoredEntry } from './storedEntry'
import { ageOf, errorSummary, isStoredEntry } from './storedEntry'
import { throttledWarn } from './throttledWarn'

export { bucketReport, lruSize } from './buckets'
export type {
  CacheKey,
  CachePolicy,
  Cached,
  CacheSource,
  VBaseStore,
} from './cachePolicy'

// Cold loads, shared by concurrent misses of one key (single-flight).
const loads = new Map<string, Promise<Cached<unknown>>>()
// Background refreshes of stale values: at most one per key at a time.
const revalidations = new Map<string, Promise<unknown>>()

function warn<T>(
  policy: CachePolicy<T>,
  message: string,
  details: Record<string, unknown>
) {
  throttledWarn(policy.logger, `${message} ${policy.bucket}`, {
    message,
    bucket: policy.bucket,
    ...details,
  })
}

interface VBaseFailure {
  stage: FailureStage
  message: string
  /** Absent for a document that was read but is not an entry. */
  error?: unknown
}

/** A VBase failure: counted by code for the status route, and logged. */
function vbaseFailed<T>(
  policy: CachePolicy<T>,
  key: CacheKey,
  { stage, message, error }: VBaseFailure
) {
  const code = error === undefined ? 'corrupt-document' : failureCode(error)

  recordFailure(policy.bucket, stage, code)
  warn(policy, message, { id: key.id, ...errorSummary(error), code })
}

/** Keep an entry in memory only as long as it may still be served. */
function remember<T>(
  lookup: Lookup<T>,
  entry: StoredEntry<T>,
  policy: CachePolicy<T>
) {
  const servableFor = policy.freshMs + policy.maxStaleMs - ageOf(entry)
  const ttl = Math.min(policy.lruTtlMs, servableFor)

  if (ttl > 0) lookup.bucket.lru.set(lookup.lruKey, entry, { ttl })
}

async function readStored<T>(key: CacheKey, policy: CachePolicy<T>) {
  if (!policy.vbase) return null
  try {
    const doc = await policy
      .vbase()
      .getJSON<unknown>(policy.bucket, key.id, true)

    if (doc === null || doc === undefined || doc === '') return null
    if (isStoredEntry(doc, policy.isValue)) return doc
    vbaseFailed(policy, key, {
      stage: 'vbase-read',
      message: 'cache: ignoring a corrupt VBase document',
    })
  } catch (error) {
    // VBase down or slow: degrade to the upstream, never fail the caller.
    vbaseFailed(policy, key, {
      stage: 'vbase-read',
      message: 'cache: VBase read failed',
      error,
    })
  }

  return null
}

/** One `cached` call, as the helpers below see it. */
interface Lookup<T> {
  lruKey: string
  key: CacheKey
  fetcher: () => Promise<T>
  policy: CachePolicy<T>
  bucket: Bucket<T>
}

async function fetchAndStore<T>(lookup: Lookup<T>): Promise<StoredEntry<T>> {
  const { key, fetcher, policy } = lookup
  let value: T

  try {
    value = await fetcher()
  } catch (error) {
    // A rejected fetch stores nothing: failures are never cached.
    recordFailure(policy.bucket, 'upstream', failureCode(error))
    throw error
  }

  const entry = { value, fetchedAt: Date.now() }

  remember(lookup, entry, policy)
  policy
    .vbase?.()
    .saveJSON(policy.bucket, key.id, entry)
    .catch((error) =>
      vbaseFailed(policy, key, {
        stage: 'vbase-write',
        message: 'cache: VBase write failed',
        error,
      })
    )

  return entry
}

function revalidate<T>(lookup: Lookup<T>) {
  const { lruKey, key, policy, bucket } = lookup
  const { stats } = bucket

  if (revalidations.has(lruKey)) return
  stats.totals.revalidationsStarted += 1
  stats.inFlightRevalidations += 1
  const refresh = fetchAndStore(lookup)
    .then(() => {
      stats.totals.revalidationsSucceeded += 1
    })
    .catch((error) => {
      stats.totals.revalidationsFailed += 1
      // The stale value keeps being served until it expires or a refresh works.
      warn(policy, 'cache: background revalidation failed', {
        id: key.id,
        ...errorSummary(error),
      })
    })
    .finally(() => {
      stats.inFlightRevalidations -= 1
      revalidations.delete(lruKey)
    })

  revalidations.set(lruKey, refresh)
}

async function load<T>(lookup: Lookup<T>): Promise<Cached<T>> {
  const { key, policy } = lookup
  const stored = await readStored(key, policy)

  if (stored) {
    const age = ageOf(stored)

    if (age < policy.freshMs) {
      remember(lookup, stored, policy)

      return { value: stored.value, source: 'vbase-fresh' }
    }

    if (age < policy.freshMs + policy.maxStaleMs) {
      remember(lookup, stored, policy)
      revalidate(lookup)

      return { value: stored.value, source: 'vbase-stale' }
    }
  }

  const entry = await fetchAndStore(lookup)

  return { value: entry.value, source: 'upstream' }
}

/** The load of a missing key: this caller's own, or one already running. */
function pendingLoad<T>(lookup: Lookup<T>) {
  const { lruKey, bucket } = lookup
  const running = loads.get(lruKey) as Promise<Cached<T>> | undefined

  if (running) {
    bucket.stats.totals.singleFlightJoins += 1

    return running
  }

  bucket.stats.inFlightLoads += 1
  const pending = load(lookup).finally(() => {
    bucket.stats.inFlightLoads -= 1
    loads.delete(lruKey)
  })

  loads.set(lruKey, pending)

  return pending
}

/** Where `cached()` keeps `key` in the policy's LRU (the answer memo leases it). */
export const lruKeyOf = <T>(key: CacheKey, policy: CachePolicy<T>) =>
  `${key.account}:${key.workspace}:${policy.bucket}:${key.id}`

const sameKey = (a: CacheKey, b: CacheKey) =>
  a.id === b.id && a.account === b.account && a.workspace === b.workspace

/**
 * The value this worker holds in memory for `key` while it is fresh at `now`;
 * `undefined` otherwise. Loads nothing, starts nothing and counts nothing:
 * for a caller that can make do without (and then calls `cached`). Asked for
 * the same key again, it answers its last read until that goes stale, without
 * an LRU lookup (the step-timing settings are asked on every transform).
 */
export function freshInMemory<T>(
  key: CacheKey,
  policy: CachePolicy<T>,
  now = Date.now()
) {
  const bucket = existingBucket(policy)

  if (!bucket) return undefined
  const last = bucket.lastFresh

  if (last && now < last.freshUntil && sameKey(last.key, key)) return last.value
  const entry = bucket.lru.get(lruKeyOf(key, policy))

  if (!entry) return undefined
  const freshUntil = entry.fetchedAt + policy.freshMs

  if (now >= freshUntil) return undefined
  bucket.lastFresh = { key, value: entry.value, freshUntil }

  return entry.value
}

/**
 * Read-through cache: per-worker LRU → VBase (stale-while-revalidate) →
 * `fetcher`. Concurrent misses of one key share one `fetcher` call, a failed
 * `fetcher` is never cached, and a VBase failure only costs a trip upstream.
 * Every call counts the layer that answered it, and times it unless memory
 * answered (observability/lookupStats.ts).
 */
export async function cached<T>(
  key: CacheKey,
  fetcher: () => Promise<T>,
  policy: CachePolicy<T>
): Promise<Cached<T>> {
  const bucket = bucketFor(policy)
  const lruKey = lruKeyOf(key, policy)
  const lookup = { lruKey, key, fetcher, policy, bucket }
  const hit = bucket.lru.get(lruKey)

  if (hit) {
    if (ageOf(hit) >= policy.freshMs) revalidate(lookup)
    bucket.stats.answered('lru', 0)

    return { value: hit.value, source: 'lru' }
  }

  const startedAt = performance.now()

  try {
    const answer = await pendingLoad(lookup)

    bucket.stats.answered(answer.source, performance.now() - startedAt)

    return answer
  } catch (error) {
    bucket.stats.answered('failed', performance.now() - startedAt)
    throw error
  }
}

/**
 * Forgets everything this worker holds in memory, in-flight loads included
 * (tests, benchmarks); VBase is untouched. Counters keep counting.
 */
export function clearMemoryCache() {
  clearBuckets()
  loads.clear()
  revalidations.clear()
}
