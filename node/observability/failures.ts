import { LRUCache } from 'lru-cache'

/** Where a lookup failed. */
export type FailureStage =
  | 'upstream'
  | 'vbase-read'
  | 'vbase-write'
  | 'transform-deadline'

export interface FailureRecord {
  /** `account:workspace`: only this tenant's status route shows it. */
  tenant: string
  /** The lookup's cache bucket: `cost-centers`, `pricing`, `settings`. */
  lookup: string
  stage: FailureStage
  /** `http-<status>`, a Node/axios error code, or an UpstreamError code. */
  code: string
  count: number
  lastAt: number
}

// Kinds are tenant × lookup × stage × code: a few dozen per tenant. The bound
// only keeps an unexpected variety of codes or tenants from growing this
// worker's memory.
const MAX_KINDS = 1_000

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

/** Counts one failure for `tenant` (`account:workspace`). */
export function recordFailure(
  tenant: string,
  { lookup, stage, code }: Pick<FailureRecord, 'lookup' | 'stage' | 'code'>
) {
  const kind = `${tenant} ${lookup} ${stage} ${code}`
  const record = failures.get(kind) ?? {
    tenant,
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

/** `tenant`'s most recent kinds first, with their counts since the worker started. */
export function recentFailures(tenant: string, limit = 20) {
  return [...failures.values()]
    .filter((failure) => failure.tenant === tenant)
    .slice(0, limit)
    .map(({ lookup, stage, code, count, lastAt }) => ({
      lookup,
      stage,
      code,
      count,
      lastAt: new Date(lastAt).toISOString(),
    }))
}

/** Forgets every failure (tests). */
export function clearFailures() {
  failures.clear()
}
