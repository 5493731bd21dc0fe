import { hostname } from 'os'

import type { CachePolicy } from '../cache/cached'
import { bucketStatus } from '../cache/cached'
import { ALL_POLICIES } from '../cache/policies'
import { recentFailures } from '../observability/failures'
import { ignoredInputs } from '../observability/ignoredInputs'
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
 * What this worker knows about one tenant's lookups since it started:
 * numbers, layer names and failure codes only, never another account's.
 * Process facts (memory, uptime) are the worker's.
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
    ignoredInputs: ignoredInputs(key),
  }
}

/**
 * `GET /_v/private/pricing-session/status` (service.json `public: false`,
 * readable by the account's VTEX ID users): the calling account and
 * workspace's caches, in-flight work and recent failures in this worker.
 * Each replica answers for itself.
 */
export async function status(ctx: Context) {
  ctx.status = 200
  ctx.set('Cache-Control', 'no-cache, no-store')
  ctx.body = workerStatus(ALL_POLICIES, ctx.vtex)
}
