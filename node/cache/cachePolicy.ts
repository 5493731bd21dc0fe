import type { WarnLogger } from './throttledWarn'

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
