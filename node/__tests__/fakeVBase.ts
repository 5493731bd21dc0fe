import type { VBaseStore } from '../cache/cached'

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
}

export const tick = (ms = 0) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms))
