import { hostname } from 'os'

import type { CachePolicy } from '../cache/cached'
import { bucketStatus } from '../cache/cached'
import { ALL_POLICIES } from '../cache/policies'
import { recentFailures } from '../observability/failures'
import { tenantOf } from '../observability/tenant'

const MB = 1024 * 1024
const round = (value: number, digits: number) =>
  Math.round(value * 10 ** digits) / 10 ** digits

function lookupStatus(policy: CachePolicy<unknown>, tenant: string) {
  const { lru, answered } = bucketStatus(policy, tenant)
  const counts = Object.entries(answered)
  const total = counts.reduce((sum, [, count]) => sum + count, 0)
  const ratio = Object.fromEntries(
    counts.map(([layer, count]) => [
      layer,
      total ? round(count / total, 4) : null,
    ])
  )

  return { lru, lookups: total, answered, ratio }
}

/**
 * One tenant's lookups in this worker since it started (numbers, layers,
 * failure codes; never another account's), and the process's own facts.
 */
export function workerStatus(
  policies: ReadonlyArray<CachePolicy<unknown>>,
  tenant: { account: string; workspace: string }
) {
  const key = tenantOf(tenant)
  const uptimeSeconds = process.uptime()
  const { rss, heapUsed } = process.memoryUsage()

  return {
    app: process.env.VTEX_APP_ID ?? null,
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(Date.now() - uptimeSeconds * 1000).toISOString(),
    uptimeSeconds: Math.round(uptimeSeconds),
    memoryMb: { rss: round(rss / MB, 1), heapUsed: round(heapUsed / MB, 1) },
    account: tenant.account,
    workspace: tenant.workspace,
    caches: Object.fromEntries(
      policies.map((policy) => [policy.bucket, lookupStatus(policy, key)])
    ),
    recentFailures: recentFailures(key),
  }
}

/**
 * `GET /_v/private/pricing-session/status` (private, its policies in
 * service.json): this replica's view of the calling account and workspace.
 */
export async function status(ctx: Context) {
  ctx.status = 200
  ctx.set('Cache-Control', 'no-cache, no-store')
  ctx.body = workerStatus(ALL_POLICIES, ctx.vtex)
}
