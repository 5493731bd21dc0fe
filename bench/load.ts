import autocannon from 'autocannon'

import { routeHeaders, TRANSFORM_PATH } from '../local/appWorker'
import { BENCH_TENANT } from './benchKeys'
import { cpuUsOf } from './children'

/** How one tier loads its target: fixed connections, bounded in time. */
interface LoadSpec {
  /** Base URL of the worker serving the tier. */
  url: string
  connections: number
  durationSec: number
  /** Stop earlier, after this many requests. */
  maxRequests?: number
  /** The transform body of the n-th request (0-based). */
  bodyFor: (n: number) => string
  /** The serving process, whose CPU time per request is reported. */
  serverPid: number
  /** The public route to call (`x-colossus-route-id`), `transform` by default. */
  routeId?: string
}

export interface LoadResult {
  requests: number
  rps: number
  p50Ms: number
  p99Ms: number
  /** Connection errors and timeouts. */
  errors: number
  non2xx: number
  /** `x-pricing-session-cache` values seen, with their counts. */
  cacheSources: Record<string, number>
  /** CPU of the serving process per answer, µs. */
  serverCpuUs: number
  /** CPU of this process (autocannon, platform stand-ins) per answer, µs. */
  benchCpuUs: number
}

const CACHE_HEADER = 'x-pricing-session-cache'

/** Nearest-rank percentile of ascending `sorted` values. */
export function percentile(sorted: number[], fraction: number) {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil(fraction * sorted.length) - 1

  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

/**
 * Runs autocannon against the transform route, unsummarized, so interleaved
 * slices can be merged. Latencies are taken from each response (float ms),
 * not from autocannon's whole-millisecond histogram.
 */
export async function runLoadRaw(spec: LoadSpec) {
  const latencies: number[] = []
  const cacheSources: Record<string, number> = {}
  let sent = 0

  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    amount: spec.maxRequests,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: TRANSFORM_PATH,
        headers: {
          ...routeHeaders(BENCH_TENANT.account, BENCH_TENANT.workspace),
          ...(spec.routeId && { 'x-colossus-route-id': spec.routeId }),
        },
        setupRequest: (request) => ({ ...request, body: spec.bodyFor(sent++) }),
        // eslint-disable-next-line max-params -- autocannon's signature
        onResponse: (_status, _body, _context, headers) => {
          const source = headers[CACHE_HEADER] ?? '(none)'

          cacheSources[source] = (cacheSources[source] ?? 0) + 1
        },
      },
    ],
  })

  // Every answer, 2xx or not: (client, status, bytes, latencyMs).
  instance.on('response', (...args: unknown[]) => {
    latencies.push(args[3] as number)
  })

  const serverCpuStart = cpuUsOf(spec.serverPid)
  const benchCpuStart = process.cpuUsage()
  // `amount` makes autocannon ignore `duration`: keep the time bound anyway.
  const deadline = setTimeout(() => instance.stop(), spec.durationSec * 1000)
  const result = await instance

  clearTimeout(deadline)
  const benchCpu = process.cpuUsage(benchCpuStart)

  return {
    latencies,
    durationSec: result.duration,
    errors: result.errors,
    non2xx: result.non2xx,
    cacheSources,
    serverCpuUs: cpuUsOf(spec.serverPid) - serverCpuStart,
    benchCpuUs: benchCpu.user + benchCpu.system,
  }
}

export type LoadRun = Awaited<ReturnType<typeof runLoadRaw>>

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

/** One result from one run or from the interleaved slices of one tier. */
export function summarizeRuns(runs: LoadRun[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b)
  const cacheSources: Record<string, number> = {}

  for (const run of runs) {
    for (const [source, count] of Object.entries(run.cacheSources)) {
      cacheSources[source] = (cacheSources[source] ?? 0) + count
    }
  }

  const total = (field: 'errors' | 'non2xx' | 'serverCpuUs' | 'benchCpuUs') =>
    sum(runs.map((run) => run[field]))

  return {
    requests: latencies.length,
    rps: latencies.length / sum(runs.map((run) => run.durationSec)),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors: total('errors'),
    non2xx: total('non2xx'),
    cacheSources,
    serverCpuUs: total('serverCpuUs') / latencies.length,
    benchCpuUs: total('benchCpuUs') / latencies.length,
  }
}

export const runLoad = async (spec: LoadSpec) =>
  summarizeRuns([await runLoadRaw(spec)])
