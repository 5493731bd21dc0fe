import { LRUCache } from 'lru-cache'

/** Where a lookup failed. */
export type FailureStage =
  | 'upstream'
  | 'vbase-read'
  | 'vbase-write'
  | 'transform-deadline'

export interface FailureRecord {
  /** The lookup's cache bucket: `cost-centers`, `pricing`, `settings`. */
  lookup: string
  stage: FailureStage
  /** `http-<status>`, a Node/axios error code, or an UpstreamError code. */
  code: string
  count: number
  lastAt: number
}

// Kinds are lookup × stage × code: a few dozen at most. The bound only keeps
// an unexpected variety of codes from growing this worker's memory.
const MAX_KINDS = 50

const failures = new LRUCache<string, FailureRecord>({ max: MAX_KINDS })

// Codes are constants such as ECONNREFUSED or ERR_BAD_RESPONSE; anything that
// does not look like one is reported as `error`, never echoed.
const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/

interface ErrorFields {
  code?: unknown
  response?: { status?: unknown }
}

/** A failure's kind, by code only: no message, no URL, no id. */
export function failureCode(error: unknown) {
  const { code, response } = (error ?? {}) as ErrorFields

  if (typeof response?.status === 'number') return `http-${response.status}`
  if (typeof code === 'string' && CODE_PATTERN.test(code)) return code

  return 'error'
}

export function recordFailure(
  lookup: string,
  stage: FailureStage,
  code: string
) {
  const kind = `${lookup} ${stage} ${code}`
  const record = failures.get(kind) ?? {
    lookup,
    stage,
    code,
    count: 0,
    lastAt: 0,
  }

  record.count += 1
  record.lastAt = Date.now()
  // set() also makes it the most recent kind.
  failures.set(kind, record)
}

/** The most recent kinds first, with their counts since the worker started. */
export function recentFailures(limit = 20) {
  return [...failures.values()]
    .slice(0, limit)
    .map(({ lastAt, ...failure }) => ({
      ...failure,
      lastAt: new Date(lastAt).toISOString(),
    }))
}

/** Forgets every failure (tests). */
export function clearFailures() {
  failures.clear()
}
