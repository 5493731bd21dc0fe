import { hostname } from 'os'

import type { CachePolicy } from '../cache/cached'
import { bucketReport } from '../cache/cached'
import { recentFailures } from './failures'
import type { LookupLayer } from './lookupStats'
import { LAYERS } from './lookupStats'

const MB = 1024 * 1024
const round = (value: number, digits: number) =>
  Math.round(value * 10 ** digits) / 10 ** digits

function lookupStatus(policy: CachePolicy<unknown>) {
  const { size, max, stats } = bucketReport(policy)
  const { answered, evictions, ...counters } = stats.totals
  const total = LAYERS.reduce((sum, layer) => sum + answered[layer], 0)
  const ratio = {} as Record<LookupLayer, number | null>

  for (const layer of LAYERS) {
    ratio[layer] = total ? round(answered[layer] / total, 4) : null
  }

  return {
    lru: { size, max, evictions },
    lookups: total,
    answered: { ...answered },
    ratio,
    inFlight: {
      loads: stats.inFlightLoads,
      revalidations: stats.inFlightRevalidations,
    },
    ...counters,
  }
}

/**
 * What this worker knows about its own caches since it started: numbers,
 * layer names and failure codes only, across all the tenants it served.
 */
export function workerStatus(policies: ReadonlyArray<CachePolicy<unknown>>) {
  const uptimeSeconds = process.uptime()
  const { rss, heapUsed } = process.memoryUsage()

  return {
    app: process.env.VTEX_APP_ID ?? null,
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(Date.now() - uptimeSeconds * 1000).toISOString(),
    uptimeSeconds: Math.round(uptimeSeconds),
    memoryMb: { rss: round(rss / MB, 1), heapUsed: round(heapUsed / MB, 1) },
    caches: Object.fromEntries(
      policies.map((policy) => [policy.bucket, lookupStatus(policy)])
    ),
    recentFailures: recentFailures(),
  }
}

/** IO apps have no scheduler: a transform carries the periodic line. */
const STATUS_LOG_INTERVAL_MS = 5 * 60 * 1000

let statusLoggedAt = Date.now()

/**
 * At most once every five minutes per worker, logs `workerStatus` as one
 * `info` line (`worker: cache status`), so `vtex logs` shows each replica's
 * hit ratios without calling the private route. One clock read per call.
 */
export function maybeLogWorkerStatus(
  logger: { info(message: Record<string, unknown>): void },
  policies: ReadonlyArray<CachePolicy<unknown>>,
  now = Date.now()
) {
  if (now - statusLoggedAt < STATUS_LOG_INTERVAL_MS) return
  statusLoggedAt = now
  logger.info({ message: 'worker: cache status', ...workerStatus(policies) })
}
