import type { MemoryResult, StampedeResult } from './crowdTiers'
import type { LruMemoryResult } from './lruMemory'
import { lruBoundHolds } from './lruMemory'
import type { TierResult, TierSettings } from './tiers'

export interface BenchResults {
  floor: TierResult
  emptyRoute: TierResult
  emptyRouteBodyRead: TierResult
  lruHit: TierResult
  vbaseHit: TierResult
  cold: TierResult
  stale: TierResult
  /** The same paths at a fixed rate on one connection (no queueing). */
  fixedRate: { lruHit: TierResult; vbaseHit: TierResult; stale: TierResult }
  stampede: StampedeResult
  /** Distinct keys through the worker (VBase-fresh). */
  memory: MemoryResult
  /** Distinct keys through `cached()` alone, in a fresh child process. */
  lruMemory: LruMemoryResult
  handler: { usPerHit: number; wallUsPerHit: number }
  settings: TierSettings
  totalSeconds: number
}

export const fixed = (value: number, digits = 2) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

const row = (cells: string[], widths: number[]) =>
  cells.map((cell, i) => cell.padStart(widths[i])).join('  ')

export function tierTable(tiers: TierResult[]) {
  const header = [
    'tier',
    'req/s',
    'p50 ms',
    'p99 ms',
    'server CPU µs/req',
    'bench CPU µs/req',
    'requests',
    'expected cache header',
  ]

  const widths = [24, 8, 7, 7, 17, 16, 8, 21]
  const lines = tiers.map((tier) =>
    row(
      [
        tier.tier,
        fixed(tier.rps, 0),
        fixed(tier.p50Ms),
        fixed(tier.p99Ms),
        fixed(tier.serverCpuUs, 0),
        fixed(tier.benchCpuUs, 0),
        String(tier.requests),
        `${fixed(tier.expectedShare * 100, 1)} %${
          tier.errors + tier.non2xx > 0
            ? ` (${tier.errors} err, ${tier.non2xx} non-2xx)`
            : ''
        }`,
      ],
      widths
    )
  )

  return [row(header, widths), ...lines].join('\n')
}

/** The ratios the issue asks for, with their targets, and the closed-loop ones. */
export function ratios(results: BenchResults) {
  const { floor, emptyRoute, emptyRouteBodyRead, lruHit, stale } = results
  const steady = results.fixedRate

  return {
    ratioLruHitToCeiling: lruHit.rps / emptyRouteBodyRead.rps,
    ratioLruHitToEmptyRoute: lruHit.rps / emptyRoute.rps,
    ratioLruHitToEmptyRouteBodyRead: lruHit.rps / emptyRouteBodyRead.rps,
    ratioEmptyRouteBodyReadToEmptyRoute:
      emptyRouteBodyRead.rps / emptyRoute.rps,
    ratioLruHitToFloor: lruHit.rps / floor.rps,
    ratioEmptyRouteToFloor: emptyRoute.rps / floor.rps,
    ratioLruHitP99ToEmptyRouteP99: lruHit.p99Ms / emptyRoute.p99Ms,
    ratioStaleP99ToLruHitP99: steady.stale.p99Ms / steady.lruHit.p99Ms,
    ratioStaleP99ToVBaseHitP99: steady.stale.p99Ms / steady.vbaseHit.p99Ms,
    ratioStaleP99ToLruHitP99ClosedLoop: stale.p99Ms / lruHit.p99Ms,
    ratioStaleP99ToVBaseHitP99ClosedLoop: stale.p99Ms / results.vbaseHit.p99Ms,
    ratioVBaseHitCpuToLruHitCpu:
      results.vbaseHit.serverCpuUs / lruHit.serverCpuUs,
  }
}

/** Server CPU per request, from the bare floor up to an LRU hit. */
function decomposition(results: BenchResults) {
  const steps = [
    ['floor', results.floor],
    ['empty route', results.emptyRoute],
    ['ceiling (+ body read)', results.emptyRouteBodyRead],
    ['LRU hit', results.lruHit],
  ] as const

  return steps
    .map(([name, tier], i) => {
      const us = tier.serverCpuUs
      const step =
        i === 0 ? '' : ` (+${fixed(us - steps[i - 1][1].serverCpuUs, 0)})`

      return `${name} ${fixed(us, 0)}${step}`
    })
    .join(' → ')
}

function steadiness(results: BenchResults) {
  const tiers = [results.floor, results.emptyRoute, results.lruHit]

  return tiers
    .map((tier) => `${tier.tier} ${fixed(tier.rpsCv * 100, 1)} %`)
    .join(', ')
}

function memoryReport({ memory, lruMemory }: BenchResults) {
  const probes = memory.probes
    .map((probe) => `    rank ${probe.rank}: ${probe.cacheSource}`)
    .join('\n')

  const buckets = lruMemory.buckets
    .map((b) => `${b.bucket} ${b.lruSize} (bound ${b.lruMax})`)
    .join(', ')

  return `Memory, in process (the app's cached() + policies alone, fresh child, \
no VBase): ${lruMemory.keys} distinct keys in ${fixed(lruMemory.seconds, 1)} s
  RSS ${fixed(lruMemory.rssMbBefore, 1)} MB before, \
${fixed(lruMemory.rssMbAfter, 1)} MB after, ${fixed(lruMemory.rssMbPeak, 1)} \
MB peak; heap after GC ${fixed(lruMemory.heapMbAfterGc, 1)} MB
  LRU sizes: ${buckets} — bound ${lruBoundHolds(lruMemory) ? 'holds' : 'BROKEN'}

Memory, through the worker: ${memory.keys} distinct keys in \
${fixed(memory.seconds, 1)} s (${fixed(memory.rps, 0)} req/s, VBase-fresh)
  worker RSS ${fixed(memory.rssMbBefore, 1)} MB before, \
${fixed(memory.rssMbAfter, 1)} MB after, ${fixed(memory.rssMbPeak, 1)} MB peak
  re-requested by age (LRU bounds: cost centers 5000, pricing 10000):
${probes}`
}

export function formatReport(results: BenchResults) {
  const { stampede, handler, settings, fixedRate } = results
  const r = ratios(results)

  return `
${tierTable([
  results.floor,
  results.emptyRoute,
  results.emptyRouteBodyRead,
  results.lruHit,
  results.vbaseHit,
  results.cold,
  results.stale,
])}
(closed loop: ${settings.connections} connections, ${settings.seconds} s per \
tier; server CPU = the serving child process, bench CPU = autocannon + stand-ins)

${tierTable([fixedRate.lruHit, fixedRate.vbaseHit, fixedRate.stale])}
(fixed rate: ${settings.fixedRate} req/s per path, the three paths \
interleaved on one fresh worker and one connection, at most one request in \
flight; the worker's CPU is not split by path)

Server CPU µs/request: ${decomposition(results)}
Per-second req/s variation (stddev ÷ mean): ${steadiness(results)}

Ratios (targets in brackets)
  LRU hit ÷ ceiling (+ body read), req/s     ${fixed(
    r.ratioLruHitToCeiling
  )}  [≥ 0.95]
  LRU hit ÷ empty route, req/s               ${fixed(r.ratioLruHitToEmptyRoute)}
  ceiling ÷ empty route, req/s               ${fixed(
    r.ratioEmptyRouteBodyReadToEmptyRoute
  )}
  LRU hit p99 ÷ empty route p99              ${fixed(
    r.ratioLruHitP99ToEmptyRouteP99
  )}  [≤ 1.2]
  LRU hit ÷ bare floor, req/s                ${fixed(r.ratioLruHitToFloor)}
  empty route ÷ bare floor, req/s            ${fixed(r.ratioEmptyRouteToFloor)}
  stale p99 ÷ LRU hit p99, fixed rate        ${fixed(
    r.ratioStaleP99ToLruHitP99
  )}  [≤ 1.2]
  stale p99 ÷ VBase hit p99, fixed rate      ${fixed(
    r.ratioStaleP99ToVBaseHitP99
  )}
  stale p99 ÷ LRU hit p99, closed loop       ${fixed(
    r.ratioStaleP99ToLruHitP99ClosedLoop
  )}
  handler CPU per LRU hit                    ${fixed(
    handler.usPerHit,
    1
  )} µs  [≤ 25]
  VBase hit ÷ LRU hit, server CPU µs/req     ${fixed(
    r.ratioVBaseHitCpuToLruHitCpu
  )}  (${fixed(results.vbaseHit.serverCpuUs, 0)} vs ${fixed(
    results.lruHit.serverCpuUs,
    0
  )})

Stampede: ${stampede.requests} concurrent cold requests for one key, \
${stampede.ok} answered 200
  upstream calls: graphql ${stampede.graphqlCalls}, pricing \
${stampede.pricingCalls}  [1 each]; VBase reads ${stampede.vbaseReads}
  answers: ${JSON.stringify(stampede.cacheSources)}

${memoryReport(results)}

Total ${fixed(results.totalSeconds, 1)} s`
}
