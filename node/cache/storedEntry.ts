/** What VBase holds: the value and when it was fetched from upstream. */
export interface StoredEntry<T> {
  value: T
  fetchedAt: number
}

export const ageOf = (entry: StoredEntry<unknown>) =>
  Date.now() - entry.fetchedAt

/** Rejects documents that are not an entry of T (corrupt, or an old shape). */
export function isStoredEntry<T>(
  doc: unknown,
  isValue: (value: unknown) => value is T
): doc is StoredEntry<T> {
  if (typeof doc !== 'object' || doc === null) return false
  const { fetchedAt, value } = doc as Partial<StoredEntry<unknown>>

  // A JSON number is finite; an infinite one (in memory only) fails the bound
  // or, at -Infinity, is too old to serve anyway. A numeric string is not one.
  return (
    typeof fetchedAt === 'number' &&
    fetchedAt <= Date.now() + 60_000 &&
    isValue(value)
  )
}

export function errorSummary(error: unknown) {
  const { message, code, response } = (error ?? {}) as {
    message?: string
    code?: string
    response?: { status?: number }
  }

  // Never log the raw error: axios errors carry request headers (API keys).
  return { error: message, code, status: response?.status }
}
