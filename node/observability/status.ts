import { hostname } from 'os'

import type { CachePolicy } from '../cache/cached'
import { bucketReport } from '../cache/cached'
import { recentFailures } from './failures'
import { ignoredInputs } from './ignoredInputs'
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
    ignoredInputs: ignoredInputs(),
  }
}

/** How often a worker's status line falls due. */
export const STATUS_LOG_INTERVAL_MS = 5 * 60 * 1000

let statusDue = false
let statusClock: NodeJS.Timeout | undefined

/**
 * Every five minutes, marks this worker's status line due; the next
 * transform writes it (`logWorkerStatusIfDue`), with its tenant's logger.
 * A worker that serves nothing writes nothing. The timer is unref'd: it never
 * keeps a worker alive. Started once per worker; a second call is a no-op.
 */
export function startWorkerStatusClock() {
  if (statusClock) return
  statusClock = setInterval(() => {
    statusDue = true
  }, STATUS_LOG_INTERVAL_MS).unref()
}

/**
 * Logs `workerStatus` as one `info` line (`worker: cache status`) if it is
 * due, so `vtex logs` shows each replica's hit ratios without calling the
 * private route. Otherwise one load of a flag: no clock read per transform.
 */
export function logWorkerStatusIfDue(
  logger: { info(message: Record<string, unknown>): void },
  policies: ReadonlyArray<CachePolicy<unknown>>
) {
  if (!statusDue) return
  statusDue = false
  logger.info({ message: 'worker: cache status', ...workerStatus(policies) })
}
