import { LRUCache } from 'lru-cache'

import type { VBaseStore } from './cached'

/**
 * The transform's two lookups (cost center, pricing) share one cache id, the
 * (organization, cost center) pair. Kept as ONE VBase document per id, with
 * one part per lookup bucket, a worker whose memory lacks them (every new
 * replica, every expired LRU entry) makes one VBase read instead of two.
 */
export const LOOKUPS_BUCKET = 'lookups'

/** What VBase holds for one id: `{ [bucket]: what cached() stored }`. */
type Parts = Record<string, unknown>

const isRecord = (doc: unknown): doc is Parts =>
  typeof doc === 'object' && doc !== null && !Array.isArray(doc)

const fetchedAtOf = (part: unknown) =>
  isRecord(part) && typeof part.fetchedAt === 'number'
    ? part.fetchedAt
    : -Infinity

/** Part by part, the copy fetched last (entries carry their fetch time). */
function newest(a: Parts, b: Parts): Parts {
  const buckets = new Set([...Object.keys(a), ...Object.keys(b)])

  return Object.fromEntries(
    [...buckets].map((bucket) => [
      bucket,
      fetchedAtOf(b[bucket]) >= fetchedAtOf(a[bucket]) ? b[bucket] : a[bucket],
    ])
  )
}

interface Written {
  /** The document as this worker last wrote it. */
  parts: Parts
  /** This worker's writes of the document, in order. */
  writes: Promise<unknown>
}

/**
 * This worker's recent writes, so that two lookups of one id refreshed by
 * different requests (a minute or so apart at most: a fetch and its retry)
 * never write over each other's newer part.
 */
const written = new LRUCache<string, Written>({ max: 10_000, ttl: 60_000 })

/**
 * `cached()`'s VBase store for lookups that share an id, one instance per
 * request. `getJSON(bucket, id)` answers that bucket's part of the document,
 * read once whichever lookup asks first; `saveJSON` writes the document with
 * that part replaced and every other part as the newest copy this worker has
 * seen. VBase keeps the last writer's document: two replicas writing
 * different parts of one id in the same instant can drop the other's newer
 * part, and the next reader then finds it older (served as its age allows)
 * or missing (fetched again). A document of another shape counts as empty
 * and is replaced by the next write; `cached()` validates every part.
 */
export class LookupDocuments implements VBaseStore {
  private readonly reads = new Map<string, Promise<Parts>>()

  /** `tenant` scopes this worker's writes: `account:workspace`. */
  constructor(
    private readonly vbase: () => VBaseStore,
    private readonly tenant: string
  ) {}

  public async getJSON<T>(bucket: string, id: string): Promise<T> {
    const parts = await this.read(id)

    return (parts[bucket] ?? null) as T
  }

  public saveJSON<T>(bucket: string, id: string, entry: T) {
    const key = `${this.tenant}:${id}`
    const state = written.get(key) ?? { parts: {}, writes: Promise.resolve() }
    const write = state.writes.then(async () => {
      // Unreadable (VBase failing): write what this worker knows.
      const stored = await this.read(id).catch(() => ({}))

      state.parts = { ...newest(stored, state.parts), [bucket]: entry }

      return this.vbase().saveJSON(LOOKUPS_BUCKET, id, state.parts)
    })

    state.writes = write.catch(() => undefined)
    written.set(key, state)

    return write
  }

  private read(id: string) {
    let read = this.reads.get(id)

    if (!read) {
      read = this.vbase()
        .getJSON<unknown>(LOOKUPS_BUCKET, id, true)
        .then((doc) => (isRecord(doc) ? doc : {}))
      this.reads.set(id, read)
    }

    return read
  }
}
