import autocannon from 'autocannon'

import { routeHeaders, TRANSFORM_PATH } from '../local/appWorker'
import { BENCH_TENANT } from './benchKeys'
import { cpuUsOf } from './children'

/** How one tier loads its target: fixed connections, bounded in time. */
export interface LoadSpec {
  /** Base URL of the worker or floor server. */
  url: string
  connections: number
  durationSec: number
  /** Stop earlier, after this many requests. */
  maxRequests?: number
  /**
   * Requests per second over all connections (autocannon's `overallRate`:
   * each connection sends its share back to back, once a second).
   */
  overallRate?: number
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
  /** Per-second req/s: standard deviation ÷ mean (steadiness of the run). */
  rpsCv: number
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

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)

  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2
}

/** One autocannon run, unsummarized, so interleaved slices can be merged. */
export interface LoadRun {
  /** Every answer's latency, ms. */
  latencies: number[]
  /** The same latencies by the answer's `x-pricing-session-cache`. */
  latenciesBySource: Record<string, number[]>
  /** Answers in each whole second of the run. */
  perSecond: number[]
  durationSec: number
  errors: number
  non2xx: number
  cacheSources: Record<string, number>
  serverCpuUs: number
  benchCpuUs: number
}

/**
 * Runs autocannon against the transform route. Latencies are taken from each
 * response (float ms), not from autocannon's whole-millisecond histogram.
 */
export async function runLoadRaw(spec: LoadSpec): Promise<LoadRun> {
  const latencies: number[] = []
  const perSecond: number[] = []
  const cacheSources: Record<string, number> = {}
  const latenciesBySource: Record<string, number[]> = {}
  let sent = 0
  // autocannon calls onResponse, then emits `response`, synchronously.
  let lastSource = '(none)'

  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    amount: spec.maxRequests,
    overallRate: spec.overallRate,
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
          lastSource = headers[CACHE_HEADER] ?? '(none)'
          cacheSources[lastSource] = (cacheSources[lastSource] ?? 0) + 1
        },
      },
    ],
  })

  const started = performance.now()

  // Every answer, 2xx or not: (client, status, bytes, latencyMs).
  instance.on('response', (...args: unknown[]) => {
    const second = Math.floor((performance.now() - started) / 1000)

    latencies.push(args[3] as number)
    latenciesBySource[lastSource] ??= []
    latenciesBySource[lastSource].push(args[3] as number)
    perSecond[second] = (perSecond[second] ?? 0) + 1
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
    latenciesBySource,
    // Whole seconds only: a last partial second is not a rate.
    perSecond: Array.from(
      { length: Math.floor(result.duration) },
      (_, i) => perSecond[i] ?? 0
    ),
    durationSec: result.duration,
    errors: result.errors,
    non2xx: result.non2xx,
    cacheSources,
    serverCpuUs: cpuUsOf(spec.serverPid) - serverCpuStart,
    benchCpuUs: benchCpu.user + benchCpu.system,
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

/** Standard deviation ÷ mean. */
function variation(values: number[]) {
  const mean = sum(values) / values.length
  const variance = sum(values.map((v) => (v - mean) ** 2)) / values.length

  return Math.sqrt(variance) / mean
}

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
    rpsCv: variation(runs.flatMap((run) => run.perSecond)),
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
