import type { CachePolicy, VBaseStore } from '../../cache/cached'

/** In-memory VBase with switches to make reads or writes fail. */
export class FakeVBase implements VBaseStore {
  public files = new Map<string, unknown>()
  public reads = 0
  public writes = 0
  public failReads = false
  public failWrites = false

  /** As @vtex/api's: a missing file is null only when asked for, else a 404. */
  public async getJSON<T>(
    bucket: string,
    path: string,
    nullIfNotFound?: boolean
  ): Promise<T> {
    this.reads++
    if (this.failReads) throw new Error('connect ECONNREFUSED vbase')
    const file = `${bucket}/${path}`

    if (!this.files.has(file) && !nullIfNotFound) {
      throw Object.assign(new Error('Request failed with status code 404'), {
        response: { status: 404 },
      })
    }

    return (this.files.get(file) ?? null) as T
  }

  public async saveJSON<T>(bucket: string, path: string, data: T) {
    this.writes++
    if (this.failWrites) throw new Error('connect ECONNREFUSED vbase')
    this.files.set(`${bucket}/${path}`, JSON.parse(JSON.stringify(data)))
  }

  /** Stores `value` at `bucket/path` as if fetched `ageMs` ago. */
  public put(file: string, value: unknown, ageMs: number) {
    this.files.set(file, {
      value,
      fetchedAt: Date.now() - ageMs,
    })
  }

  /**
   * Stores each lookup's value (`{ bucket: value }`) for `id`, one document
   * per lookup, as if fetched `ageMs` ago.
   */
  public putLookup(id: string, values: Record<string, unknown>, ageMs: number) {
    for (const [bucket, value] of Object.entries(values)) {
      this.put(`${bucket}/${id}`, value, ageMs)
    }
  }
}

export const tick = (ms = 0) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms))

const isString = (value: unknown): value is string => typeof value === 'string'

/**
 * A cache policy of strings for the cache tests: minute-long windows, 100
 * entries, the given bucket (one per test keeps LRUs and VBase apart).
 */
export function stringPolicy(
  bucket: string,
  overrides: Partial<CachePolicy<string>> = {}
): CachePolicy<string> {
  return {
    bucket,
    lruMax: 100,
    lruTtlMs: 60_000,
    freshMs: 60_000,
    maxStaleMs: 60_000,
    isValue: isString,
    ...overrides,
  }
}
