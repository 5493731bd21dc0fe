/**
 * The compiled worker's status route as statusRoute.test.ts reads it: the
 * shape of its answer, asked on the private path (as the platform's private
 * router reaches it), and the change of a cache's counters between two
 * answers (the worker is shared by the file's tests, so only deltas say what
 * one test did).
 */
import type { AppStack } from '../../../local/appStack'
import { privateRoute, STATUS_PATH } from '../../../local/appWorker'
import type { Tenant } from '../reliability/reliabilityKit'

export interface LookupStatus {
  lru: { size: number; max: number }
  lookups: number
  answered: Record<string, number>
  ratio: Record<string, number | null>
}

export interface WorkerStatus {
  account: string
  workspace: string
  uptimeSeconds: number
  caches: Record<'cost-centers' | 'pricing' | 'settings', LookupStatus>
  recentFailures: Array<Record<string, unknown>>
}

/** Asks the status route of `stack`'s worker, raw or as a checked answer. */
export function statusRouteOf(stack: AppStack) {
  async function getStatus(
    tenant: Tenant = { account: 'acme', workspace: 'master' }
  ) {
    const { url, headers } = privateRoute(stack.worker.url, STATUS_PATH, tenant)
    const response = await fetch(url, { headers })

    return { response, text: await response.text() }
  }

  /** `tenant`'s status: each account reads its own counters only. */
  async function status(tenant?: Tenant) {
    const { response, text } = await getStatus(tenant)

    expect(response.status).toBe(200)

    return JSON.parse(text) as WorkerStatus
  }

  return { getStatus, status }
}

/** Each layer's count change between two status answers, for one cache. */
export function moved(
  before: WorkerStatus,
  after: WorkerStatus,
  cache: keyof WorkerStatus['caches']
) {
  const then = before.caches[cache].answered

  return Object.fromEntries(
    Object.entries(after.caches[cache].answered)
      .map(([layer, count]) => [layer, count - (then[layer] ?? 0)])
      .filter(([, delta]) => delta !== 0)
  )
}
