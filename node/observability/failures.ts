import { LRUCache } from 'lru-cache'

import { perTenant } from './tenant'

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

// Kinds are lookup × stage × code: a few dozen per tenant. The bound only
// keeps an unexpected variety of codes from growing this worker's memory.
const failures = perTenant(
  () => new LRUCache<string, FailureRecord>({ max: 100 })
)

// Codes are constants (ECONNREFUSED, ERR_BAD_RESPONSE); anything else is `error`.
const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/

/** A failure's kind, by code only: no message, no URL, no id. */
export function failureCode(error: unknown) {
  const { code, response } = (error ?? {}) as {
    code?: unknown
    response?: { status?: unknown }
  }

  if (typeof response?.status === 'number') return `http-${response.status}`
  if (typeof code === 'string' && CODE_PATTERN.test(code)) return code

  return 'error'
}

/** Counts one failure for `tenant` (`account:workspace`). */
export function recordFailure(
  tenant: string,
  { lookup, stage, code }: Pick<FailureRecord, 'lookup' | 'stage' | 'code'>
) {
  const kinds = failures.of(tenant)
  const kind = `${lookup} ${stage} ${code}`
  const record = kinds.get(kind) ?? { lookup, stage, code, count: 0, lastAt: 0 }

  record.count += 1
  record.lastAt = Date.now()
  // set() also makes it the most recent kind.
  kinds.set(kind, record)
}

/** `tenant`'s most recent kinds first, with their counts since the worker started. */
export function recentFailures(tenant: string, limit = 20) {
  return [...(failures.peek(tenant)?.values() ?? [])]
    .slice(0, limit)
    .map((failure) => ({
      ...failure,
      lastAt: new Date(failure.lastAt).toISOString(),
    }))
}
