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
  /** The transform body of the n-th request (0-based). */
  bodyFor: (n: number) => string
  /** The serving process, whose CPU time per request is reported. */
  serverPid: number
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
 * Runs autocannon against the transform route. Latencies are taken from each
 * response (float ms), not from autocannon's whole-millisecond histogram.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
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
        headers: routeHeaders(BENCH_TENANT.account, BENCH_TENANT.workspace),
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
  const serverCpu = cpuUsOf(spec.serverPid) - serverCpuStart
  const benchCpu = process.cpuUsage(benchCpuStart)

  latencies.sort((a, b) => a - b)

  return {
    requests: latencies.length,
    rps: latencies.length / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors: result.errors,
    non2xx: result.non2xx,
    cacheSources,
    serverCpuUs: serverCpu / latencies.length,
    benchCpuUs: (benchCpu.user + benchCpu.system) / latencies.length,
  }
}
