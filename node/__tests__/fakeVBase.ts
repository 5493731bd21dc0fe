import type { VBaseStore } from '../cache/cached'

/** In-memory VBase with switches to make reads or writes fail. */
export class FakeVBase implements VBaseStore {
  public files = new Map<string, unknown>()
  public reads = 0
  public writes = 0
  public failReads = false
  public failWrites = false

  public async getJSON<T>(bucket: string, path: string): Promise<T> {
    this.reads++
    if (this.failReads) throw new Error('connect ECONNREFUSED vbase')

    return (this.files.get(`${bucket}/${path}`) ?? null) as T
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
