import type { MemoryResult, StampedeResult } from './crowdTiers'
import type { TierResult, TierSettings } from './tiers'

export interface BenchResults {
  floor: TierResult
  emptyRoute: TierResult
  emptyRouteBodyRead: TierResult
  lruHit: TierResult
  vbaseHit: TierResult
  cold: TierResult
  stale: TierResult
  stampede: StampedeResult
  /** Distinct keys through the worker (VBase-fresh). */
  memory: MemoryResult
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

/** Every ratio is of two tiers measured in the same run. */
export function ratios(results: BenchResults) {
  const { floor, emptyRoute, emptyRouteBodyRead, lruHit, stale } = results

  return {
    ratioLruHitToCeiling: lruHit.rps / emptyRouteBodyRead.rps,
    ratioLruHitToEmptyRoute: lruHit.rps / emptyRoute.rps,
    ratioEmptyRouteBodyReadToEmptyRoute:
      emptyRouteBodyRead.rps / emptyRoute.rps,
    ratioLruHitToFloor: lruHit.rps / floor.rps,
    ratioLruHitP99ToEmptyRouteP99: lruHit.p99Ms / emptyRoute.p99Ms,
    ratioStaleP99ToLruHitP99: stale.p99Ms / lruHit.p99Ms,
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

function memoryReport({ memory }: BenchResults) {
  const probes = memory.probes
    .map((probe) => `    rank ${probe.rank}: ${probe.cacheSource}`)
    .join('\n')

  return `Memory, through the worker: ${memory.keys} distinct keys in \
${fixed(memory.seconds, 1)} s (${fixed(memory.rps, 0)} req/s, VBase-fresh)
  worker RSS ${fixed(memory.rssMbBefore, 1)} MB before, \
${fixed(memory.rssMbAfter, 1)} MB after, ${fixed(memory.rssMbPeak, 1)} MB peak
  re-requested by age (LRU bounds: cost centers 5000, pricing 10000):
${probes}`
}

export function formatReport(results: BenchResults) {
  const { stampede, settings } = results
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

Server CPU µs/request: ${decomposition(results)}

Ratios (targets in brackets)
  LRU hit ÷ ceiling (+ body read), req/s     ${fixed(
    r.ratioLruHitToCeiling
  )}  [≥ 0.88]
  LRU hit ÷ empty route, req/s               ${fixed(r.ratioLruHitToEmptyRoute)}
  ceiling ÷ empty route, req/s               ${fixed(
    r.ratioEmptyRouteBodyReadToEmptyRoute
  )}
  LRU hit ÷ bare floor, req/s                ${fixed(r.ratioLruHitToFloor)}
  LRU hit p99 ÷ empty route p99              ${fixed(
    r.ratioLruHitP99ToEmptyRouteP99
  )}
  stale p99 ÷ LRU hit p99                    ${fixed(
    r.ratioStaleP99ToLruHitP99
  )}
  VBase hit ÷ LRU hit, server CPU µs/req     ${fixed(
    r.ratioVBaseHitCpuToLruHitCpu
  )}

Stampede: ${stampede.requests} concurrent cold requests for one key, \
${stampede.ok} answered 200
  upstream calls: graphql ${stampede.graphqlCalls}, pricing \
${stampede.pricingCalls}  [1 each]; VBase reads ${stampede.vbaseReads}
  answers: ${JSON.stringify(stampede.cacheSources)}

${memoryReport(results)}

Total ${fixed(results.totalSeconds, 1)} s`
}

/** The machine-readable summary (`--json`, last line of output). */
export function summary(results: BenchResults) {
  const { lruHit, vbaseHit, cold, stale, stampede, memory } = results

  return {
    floorRps: results.floor.rps,
    emptyRouteRps: results.emptyRoute.rps,
    ceilingRps: results.emptyRouteBodyRead.rps,
    lruHitRps: lruHit.rps,
    vbaseHitRps: vbaseHit.rps,
    coldRps: cold.rps,
    staleRps: stale.rps,
    ...ratios(results),
    lruHitP99Ms: lruHit.p99Ms,
    vbaseHitP99Ms: vbaseHit.p99Ms,
    coldP99Ms: cold.p99Ms,
    staleP99Ms: stale.p99Ms,
    lruHitCpuUs: lruHit.serverCpuUs,
    ceilingCpuUs: results.emptyRouteBodyRead.serverCpuUs,
    vbaseHitCpuUs: vbaseHit.serverCpuUs,
    stampedeGraphqlCalls: stampede.graphqlCalls,
    stampedePricingCalls: stampede.pricingCalls,
    workerMemoryKeys: memory.keys,
    workerRssMbAfter: memory.rssMbAfter,
    workerRssMbPeak: memory.rssMbPeak,
    totalSeconds: results.totalSeconds,
  }
}
