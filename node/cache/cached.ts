import { LRUCache } from 'lru-cache'

import type { WarnLogger } from './throttledWarn'
import { throttledWarn } from './throttledWarn'

/** Which layer produced the value a caller got. */
export type CacheSource = 'lru' | 'vbase-fresh' | 'vbase-stale' | 'upstream'

export interface Cached<T> {
  value: T
  source: CacheSource
}

/** Keys are always tenant-scoped: one worker serves many accounts. */
export interface CacheKey {
  account: string
  workspace: string
  /** Path-safe id (validated by the caller); may contain `/` for nesting. */
  id: string
}

/** The subset of `@vtex/api`'s VBase client the cache needs. */
export interface VBaseStore {
  getJSON<T>(bucket: string, path: string, nullIfNotFound?: boolean): Promise<T>
  saveJSON<T>(bucket: string, path: string, data: T): Promise<unknown>
}

export interface CachePolicy<T> {
  /** Names the per-worker LRU and the VBase bucket. */
  bucket: string
  /** LRU bound: entries per worker. */
  lruMax: number
  /** How long a value stays in this worker's memory. */
  lruTtlMs: number
  /** Age under which a stored value is served as is. */
  freshMs: number
  /** Extra age during which a stored value is served while one refetch runs. */
  maxStaleMs: number
  /** Rejects stored documents that are not a T (corrupt or from an old version). */
  isValue: (value: unknown) => value is T
  /**
   * Where values persist across workers; omit for a memory-only cache. A
   * function because building `@vtex/api`'s VBase client costs ~50 µs per
   * request: only a miss pays for it.
   */
  vbase?: () => VBaseStore
  /** Failures are logged at most once a second per kind (throttledWarn). */
  logger?: WarnLogger
}

/** What VBase holds: the value and when it was fetched from upstream. */
interface StoredEntry<T> {
  value: T
  fetchedAt: number
}

const lrus = new Map<string, LRUCache<string, StoredEntry<unknown>>>()
// Cold loads, shared by concurrent misses of one key (single-flight).
const loads = new Map<string, Promise<Cached<unknown>>>()
// Background refreshes of stale values: at most one per key at a time.
const revalidations = new Map<string, Promise<unknown>>()

function lruFor<T>(policy: CachePolicy<T>) {
  let lru = lrus.get(policy.bucket)

  if (!lru) {
    lru = new LRUCache<string, StoredEntry<unknown>>({
      max: policy.lruMax,
      ttl: policy.lruTtlMs,
    })
    lrus.set(policy.bucket, lru)
  }

  return lru as LRUCache<string, StoredEntry<T>>
}

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

const ageOf = (entry: StoredEntry<unknown>) => Date.now() - entry.fetchedAt

function isStoredEntry<T>(
  doc: unknown,
  isValue: (value: unknown) => value is T
): doc is StoredEntry<T> {
  if (typeof doc !== 'object' || doc === null) return false
  const { fetchedAt, value } = doc as Partial<StoredEntry<unknown>>

  return (
    typeof fetchedAt === 'number' &&
    Number.isFinite(fetchedAt) &&
    fetchedAt <= Date.now() + 60_000 &&
    isValue(value)
  )
}

function errorSummary(error: unknown) {
  const { message, code, response } = (error ?? {}) as {
    message?: string
    code?: string
    response?: { status?: number }
  }

  // Never log the raw error: axios errors carry request headers (API keys).
  return { error: message, code, status: response?.status }
}

/** Keep an entry in memory only as long as it may still be served. */
function remember<T>(
  key: string,
  entry: StoredEntry<T>,
  policy: CachePolicy<T>
) {
  const servableFor = policy.freshMs + policy.maxStaleMs - ageOf(entry)
  const ttl = Math.min(policy.lruTtlMs, servableFor)

  if (ttl > 0) lruFor(policy).set(key, entry, { ttl })
}

async function readStored<T>(key: CacheKey, policy: CachePolicy<T>) {
  if (!policy.vbase) return null
  try {
    const doc = await policy
      .vbase()
      .getJSON<unknown>(policy.bucket, key.id, true)

    if (doc === null || doc === undefined || doc === '') return null
    if (isStoredEntry(doc, policy.isValue)) return doc
    warn(policy, 'cache: ignoring a corrupt VBase document', {
      id: key.id,
    })
  } catch (error) {
    // VBase down or slow: degrade to the upstream, never fail the caller.
    warn(policy, 'cache: VBase read failed', {
      id: key.id,
      ...errorSummary(error),
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
}

async function fetchAndStore<T>({
  lruKey,
  key,
  fetcher,
  policy,
}: Lookup<T>): Promise<StoredEntry<T>> {
  // A rejected fetch stores nothing: failures are never cached.
  const entry = { value: await fetcher(), fetchedAt: Date.now() }

  remember(lruKey, entry, policy)
  policy
    .vbase?.()
    .saveJSON(policy.bucket, key.id, entry)
    .catch((error) => {
      warn(policy, 'cache: VBase write failed', {
        id: key.id,
        ...errorSummary(error),
      })
    })

  return entry
}

function revalidate<T>(lookup: Lookup<T>) {
  const { lruKey, key, policy } = lookup

  if (revalidations.has(lruKey)) return
  const refresh = fetchAndStore(lookup)
    .catch((error) => {
      // The stale value keeps being served until it expires or a refresh works.
      warn(policy, 'cache: background revalidation failed', {
        id: key.id,
        ...errorSummary(error),
      })
    })
    .finally(() => revalidations.delete(lruKey))

  revalidations.set(lruKey, refresh)
}

async function load<T>(lookup: Lookup<T>): Promise<Cached<T>> {
  const { lruKey, key, policy } = lookup
  const stored = await readStored(key, policy)

  if (stored) {
    const age = ageOf(stored)

    if (age < policy.freshMs) {
      remember(lruKey, stored, policy)

      return { value: stored.value, source: 'vbase-fresh' }
    }

    if (age < policy.freshMs + policy.maxStaleMs) {
      remember(lruKey, stored, policy)
      revalidate(lookup)

      return { value: stored.value, source: 'vbase-stale' }
    }
  }

  const entry = await fetchAndStore(lookup)

  return { value: entry.value, source: 'upstream' }
}

/**
 * Read-through cache: per-worker LRU → VBase (stale-while-revalidate) →
 * `fetcher`. Concurrent misses of one key share one `fetcher` call, a failed
 * `fetcher` is never cached, and a VBase failure only costs a trip upstream.
 */
export async function cached<T>(
  key: CacheKey,
  fetcher: () => Promise<T>,
  policy: CachePolicy<T>
): Promise<Cached<T>> {
  const lruKey = `${key.account}:${key.workspace}:${policy.bucket}:${key.id}`
  const lookup = { lruKey, key, fetcher, policy }
  const hit = lruFor(policy).get(lruKey)

  if (hit) {
    if (ageOf(hit) >= policy.freshMs) revalidate(lookup)

    return { value: hit.value, source: 'lru' }
  }

  let pending = loads.get(lruKey) as Promise<Cached<T>> | undefined

  if (!pending) {
    pending = load(lookup).finally(() => loads.delete(lruKey))
    loads.set(lruKey, pending)
  }

  return pending
}

/** Entries held in this worker's LRU for one policy (benchmarks, tests). */
export function lruSize(bucket: string) {
  return lrus.get(bucket)?.size ?? 0
}

/**
 * Forgets everything this worker holds in memory, in-flight loads included
 * (tests, benchmarks); VBase is untouched.
 */
export function clearMemoryCache() {
  lrus.forEach((lru) => lru.clear())
  loads.clear()
  revalidations.clear()
}
