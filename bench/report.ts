import type { MemoryResult, StampedeResult } from './crowdTiers'
import type { TierResult } from './tiers'

export interface BenchResults {
  floor: TierResult
  emptyRoute: TierResult
  lruHit: TierResult
  vbaseHit: TierResult
  cold: TierResult
  stale: TierResult
  stampede: StampedeResult
  memory: MemoryResult
  handler: { usPerHit: number; wallUsPerHit: number }
  settings: { connections: number; seconds: number }
  totalSeconds: number
}

const fixed = (value: number, digits = 2) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

const row = (cells: string[], widths: number[]) =>
  cells.map((cell, i) => cell.padStart(widths[i])).join('  ')

function tierTable(tiers: TierResult[]) {
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

/** The ratios the issue asks for, with their targets. */
export function ratios(results: BenchResults) {
  const { floor, emptyRoute, lruHit, stale, vbaseHit } = results

  return {
    ratioLruHitToEmptyRoute: lruHit.rps / emptyRoute.rps,
    ratioLruHitToFloor: lruHit.rps / floor.rps,
    ratioEmptyRouteToFloor: emptyRoute.rps / floor.rps,
    ratioLruHitP99ToEmptyRouteP99: lruHit.p99Ms / emptyRoute.p99Ms,
    ratioStaleP99ToLruHitP99: stale.p99Ms / lruHit.p99Ms,
    ratioStaleP99ToVBaseHitP99: stale.p99Ms / vbaseHit.p99Ms,
  }
}

export function formatReport(results: BenchResults) {
  const { stampede, memory, handler, settings } = results
  const r = ratios(results)
  const probes = memory.probes
    .map((probe) => `    rank ${probe.rank}: ${probe.cacheSource}`)
    .join('\n')

  return `
${tierTable([
  results.floor,
  results.emptyRoute,
  results.lruHit,
  results.vbaseHit,
  results.cold,
  results.stale,
])}
(${settings.connections} connections, ${settings.seconds} s per tier; \
server CPU = the serving child process, bench CPU = autocannon + stand-ins)

Ratios (targets in brackets)
  LRU hit ÷ empty route, req/s     ${fixed(r.ratioLruHitToEmptyRoute)}  [≥ 0.95]
  LRU hit p99 ÷ empty route p99    ${fixed(
    r.ratioLruHitP99ToEmptyRouteP99
  )}  [≤ 1.2]
  LRU hit ÷ bare floor, req/s      ${fixed(r.ratioLruHitToFloor)}
  empty route ÷ bare floor, req/s  ${fixed(r.ratioEmptyRouteToFloor)}
  stale p99 ÷ LRU hit p99          ${fixed(r.ratioStaleP99ToLruHitP99)}  [≤ 1.2]
  stale p99 ÷ VBase hit p99        ${fixed(r.ratioStaleP99ToVBaseHitP99)}
  handler CPU per LRU hit          ${fixed(handler.usPerHit, 1)} µs  [≤ 25]

Stampede: ${stampede.requests} concurrent cold requests for one key, \
${stampede.ok} answered 200
  upstream calls: graphql ${stampede.graphqlCalls}, pricing \
${stampede.pricingCalls}  [1 each]; VBase reads ${stampede.vbaseReads}
  answers: ${JSON.stringify(stampede.cacheSources)}

Memory: ${memory.keys} distinct keys in ${fixed(memory.seconds, 1)} s \
(${fixed(memory.rps, 0)} req/s, VBase-fresh)
  worker RSS ${fixed(memory.rssMbBefore, 1)} MB before, \
${fixed(memory.rssMbAfter, 1)} MB after, ${fixed(memory.rssMbPeak, 1)} MB peak
  re-requested by age (LRU bounds: cost centers 5000, pricing 10000):
${probes}

Total ${fixed(results.totalSeconds, 1)} s`
}

/** The machine-readable summary (`--json`, last line of output). */
export function summary(results: BenchResults) {
  const { floor, emptyRoute, lruHit, vbaseHit, cold, stale } = results
  const { stampede, memory } = results

  return {
    floorRps: floor.rps,
    emptyRouteRps: emptyRoute.rps,
    lruHitRps: lruHit.rps,
    vbaseHitRps: vbaseHit.rps,
    coldRps: cold.rps,
    staleRps: stale.rps,
    ...ratios(results),
    floorP99Ms: floor.p99Ms,
    emptyRouteP99Ms: emptyRoute.p99Ms,
    lruHitP99Ms: lruHit.p99Ms,
    vbaseHitP99Ms: vbaseHit.p99Ms,
    coldP99Ms: cold.p99Ms,
    staleP99Ms: stale.p99Ms,
    staleP50Ms: stale.p50Ms,
    emptyRouteServerCpuUs: emptyRoute.serverCpuUs,
    lruHitServerCpuUs: lruHit.serverCpuUs,
    handlerUsPerHit: results.handler.usPerHit,
    stampedeUpstreamCalls: Math.max(
      stampede.graphqlCalls,
      stampede.pricingCalls
    ),
    stampedeGraphqlCalls: stampede.graphqlCalls,
    stampedePricingCalls: stampede.pricingCalls,
    memoryKeys: memory.keys,
    rssMbAfterMemoryKeys: memory.rssMbAfter,
    rssMbAfter100k: memory.keys >= 100_000 ? memory.rssMbAfter : null,
    rssMbPeak: memory.rssMbPeak,
    memoryProbes: memory.probes,
    totalSeconds: results.totalSeconds,
  }
}
