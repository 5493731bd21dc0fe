/**
 * A read-through cache: per-worker LRU → VBase (stale-while-revalidate) →
 * `fetcher`, one `fetcher` call per key at a time, failures never cached.
 */
import type { FailureStage } from '../observability/failures'
import { failureCode, recordFailure } from '../observability/failures'
import { tenantOf } from '../observability/tenant'
import type { WarnLogger } from '../observability/throttledWarn'
import { throttledWarn } from '../observability/throttledWarn'
import type {
  AnsweredCounts,
  Bucket,
  CountedLayer,
  StoredEntry,
} from './buckets'
import { bucketFor, bucketReport, isStoredEntry } from './buckets'

/** Where an answer came from (header, status route, logs), or why none came. */
export type Layer = CountedLayer | 'timeout'

export interface Cached<T> {
  value: T
  layer: Exclude<Layer, 'failed' | 'timeout'>
}

/** Tenant-scoped: one worker serves many accounts. `id` is path-safe. */
export interface CacheKey {
  account: string
  workspace: string
  id: string
}

/** The subset of `@vtex/api`'s VBase client the cache needs. */
export interface VBaseStore {
  getJSON<T>(bucket: string, path: string, nullIfNotFound?: boolean): Promise<T>
  saveJSON<T>(bucket: string, path: string, data: T): Promise<unknown>
}

/** A lookup's fixed rules: one constant per kind of value (policies.ts). */
export interface CachePolicy<T> {
  /** Names the per-worker LRU and the VBase bucket. */
  bucket: string
  lruMax: number
  lruTtlMs: number
  /** Age under which a stored value is served as is. */
  freshMs: number
  /** Extra age during which it is served while one refetch runs. */
  maxStaleMs: number
  /** Rejects stored documents that are not a T (corrupt or an old shape). */
  isValue: (value: unknown) => value is T
}

/** The requesting tenant's own clients, used on a miss or a refresh only. */
export interface CacheIO {
  /** Where values persist across workers (absent: memory only). */
  vbase?: () => VBaseStore
  logger?: WarnLogger
}

const bucketOf = <T>(policy: CachePolicy<T>) =>
  bucketFor<T>(policy.bucket, { max: policy.lruMax, ttl: policy.lruTtlMs })

const ageOf = (entry: StoredEntry<unknown>) => Date.now() - entry.fetchedAt

/** Never the raw error: axios errors carry request headers (API keys). */
const errorSummary = (error: unknown) => ({
  error: (error as { message?: string } | undefined)?.message,
  code: failureCode(error),
})

/** One `cached` call, as the helpers below see it. */
interface Lookup<T> {
  tenant: string
  lruKey: string
  key: CacheKey & CacheIO
  fetcher: () => Promise<T>
  policy: CachePolicy<T>
  bucket: Bucket<T>
}

/** At most one line a second per tenant, message and bucket. */
function warn<T>(
  { tenant, key, policy }: Lookup<T>,
  message: string,
  details: Record<string, unknown>
) {
  throttledWarn(key.logger, `${tenant} ${message} ${policy.bucket}`, {
    message,
    bucket: policy.bucket,
    id: key.id,
    ...details,
  })
}

/** A failure: counted by code for the status route, and logged. */
function failed<T>(
  lookup: Lookup<T>,
  { stage, message }: { stage: FailureStage; message: string },
  error?: unknown
) {
  const code = error === undefined ? 'corrupt-document' : failureCode(error)

  recordFailure(lookup.tenant, { lookup: lookup.policy.bucket, stage, code })
  warn(lookup, message, { ...errorSummary(error), code })
}

/** Keep an entry in memory only as long as it may still be served. */
function remember<T>(
  { bucket, lruKey, policy }: Lookup<T>,
  entry: StoredEntry<T>
) {
  const servableFor = policy.freshMs + policy.maxStaleMs - ageOf(entry)
  const ttl = Math.min(policy.lruTtlMs, servableFor)

  if (ttl > 0) bucket.lru.set(lruKey, entry, { ttl })
}

async function readStored<T>(lookup: Lookup<T>) {
  const { key, policy } = lookup

  if (!key.vbase) return null
  try {
    const doc = await key.vbase().getJSON<unknown>(policy.bucket, key.id, true)

    if (doc === null || doc === undefined || doc === '') return null
    if (isStoredEntry(doc, policy.isValue)) return doc
    failed(lookup, {
      stage: 'vbase-read',
      message: 'cache: ignoring a corrupt VBase document',
    })
  } catch (error) {
    // VBase down or slow: degrade to the upstream, never fail the caller.
    failed(
      lookup,
      { stage: 'vbase-read', message: 'cache: VBase read failed' },
      error
    )
  }

  return null
}

async function fetchAndStore<T>(lookup: Lookup<T>): Promise<StoredEntry<T>> {
  const { tenant, key, fetcher, policy } = lookup
  let value: T

  try {
    value = await fetcher()
  } catch (error) {
    // A rejected fetch stores nothing: failures are never cached.
    const code = failureCode(error)

    recordFailure(tenant, { lookup: policy.bucket, stage: 'upstream', code })
    throw error
  }

  const entry = { value, fetchedAt: Date.now() }
  const message = 'cache: VBase write failed'

  remember(lookup, entry)
  key
    .vbase?.()
    .saveJSON(policy.bucket, key.id, entry)
    .catch((error) => failed(lookup, { stage: 'vbase-write', message }, error))

  return entry
}

/** Refreshes a stale value in the background; it keeps being served meanwhile. */
function revalidate<T>(lookup: Lookup<T>) {
  const { lruKey, bucket } = lookup

  if (bucket.refreshing.has(lruKey)) return
  bucket.refreshing.add(lruKey)
  fetchAndStore(lookup)
    .catch((error) =>
      warn(lookup, 'cache: background revalidation failed', errorSummary(error))
    )
    .finally(() => bucket.refreshing.delete(lruKey))
}

async function load<T>(lookup: Lookup<T>): Promise<Cached<T>> {
  const { policy } = lookup
  const stored = await readStored(lookup)
  const age = stored ? ageOf(stored) : Infinity

  if (stored && age < policy.freshMs + policy.maxStaleMs) {
    remember(lookup, stored)
    if (age < policy.freshMs)
      return { value: stored.value, layer: 'vbase-fresh' }
    revalidate(lookup)

    return { value: stored.value, layer: 'vbase-stale' }
  }

  return { value: (await fetchAndStore(lookup)).value, layer: 'upstream' }
}

/** The load of a missing key (this caller's own, or one running), counted. */
function loadOnce<T>(lookup: Lookup<T>, answered: AnsweredCounts) {
  const { lruKey, bucket } = lookup
  let pending = bucket.loads.get(lruKey) as Promise<Cached<T>> | undefined

  if (!pending) {
    pending = load(lookup).finally(() => bucket.loads.delete(lruKey))
    bucket.loads.set(lruKey, pending)
  }

  return pending.then(
    (answer) => {
      answered[answer.layer] += 1

      return answer
    },
    (error) => {
      answered.failed += 1
      throw error
    }
  )
}

/**
 * The value for `key`: at once, without a promise, when this worker's memory
 * holds it (refreshed in the background once stale); otherwise a promise of
 * VBase's or the upstream's. Every call counts the layer that answered.
 */
export function cached<T>(
  key: CacheKey & CacheIO,
  fetcher: () => Promise<T>,
  policy: CachePolicy<T>
): Cached<T> | Promise<Cached<T>> {
  const bucket = bucketOf(policy)
  const tenant = tenantOf(key)
  const lruKey = `${tenant}:${key.id}`
  const answered = bucket.answered.of(tenant)
  const hit = bucket.lru.get(lruKey)

  if (!hit) {
    const lookup = { tenant, lruKey, key, fetcher, policy, bucket }

    return loadOnce(lookup, answered)
  }

  answered.lru += 1
  if (ageOf(hit) >= policy.freshMs) {
    revalidate({ tenant, lruKey, key, fetcher, policy, bucket })
  }

  return { value: hit.value, layer: 'lru' }
}

/** One tenant's LRU entries and answers for one policy (status route). */
export const bucketStatus = <T>(policy: CachePolicy<T>, tenant: string) =>
  bucketReport(bucketOf(policy), tenant)

export { clearMemoryCache } from './buckets'
