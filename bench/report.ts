import type { MemoryResult, StampedeResult } from './crowdTiers'
import type { TierResult, TierSettings } from './tiers'

interface BenchResults {
  emptyRoute: TierResult
  /** A route of the app's worker that only reads the body and answers. */
  ceiling: TierResult
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

/** Every ratio is of two tiers measured in the same run. */
function ratios(results: BenchResults) {
  const { emptyRoute, ceiling, lruHit, stale } = results

  return {
    ratioLruHitToCeiling: lruHit.rps / ceiling.rps,
    ratioLruHitToEmptyRoute: lruHit.rps / emptyRoute.rps,
    ratioCeilingToEmptyRoute: ceiling.rps / emptyRoute.rps,
    ratioLruHitP99ToEmptyRouteP99: lruHit.p99Ms / emptyRoute.p99Ms,
    ratioStaleP99ToLruHitP99: stale.p99Ms / lruHit.p99Ms,
    ratioVBaseHitCpuToLruHitCpu:
      results.vbaseHit.serverCpuUs / lruHit.serverCpuUs,
  }
}

/** Server CPU per request, from the platform floor up to an LRU hit. */
function decomposition(results: BenchResults) {
  const steps = [
    ['empty route', results.emptyRoute],
    ['ceiling (+ body read)', results.ceiling],
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

type Ratios = ReturnType<typeof ratios>

/** Each ratio's label and, for the issue's one, its target. */
const RATIO_ROWS: Array<[keyof Ratios, string, string?]> = [
  ['ratioLruHitToCeiling', 'LRU hit ÷ ceiling (+ body read), req/s', '≥ 0.88'],
  ['ratioLruHitToEmptyRoute', 'LRU hit ÷ empty route, req/s'],
  ['ratioCeilingToEmptyRoute', 'ceiling ÷ empty route, req/s'],
  ['ratioLruHitP99ToEmptyRouteP99', 'LRU hit p99 ÷ empty route p99'],
  ['ratioStaleP99ToLruHitP99', 'stale p99 ÷ LRU hit p99'],
  ['ratioVBaseHitCpuToLruHitCpu', 'VBase hit ÷ LRU hit, server CPU µs/req'],
]

const ratioLines = (values: Ratios) =>
  RATIO_ROWS.map(
    ([key, label, target]) =>
      `  ${label.padEnd(43)}${fixed(values[key])}${
        target ? `  [${target}]` : ''
      }`
  ).join('\n')

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

  return `
${tierTable([
  results.emptyRoute,
  results.ceiling,
  results.lruHit,
  results.vbaseHit,
  results.cold,
  results.stale,
])}
(closed loop: ${settings.connections} connections, ${settings.seconds} s per \
tier; server CPU = the serving child process, bench CPU = autocannon + stand-ins)

Server CPU µs/request: ${decomposition(results)}

Ratios (targets in brackets)
${ratioLines(ratios(results))}

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
    emptyRouteRps: results.emptyRoute.rps,
    ceilingRps: results.ceiling.rps,
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
    ceilingCpuUs: results.ceiling.serverCpuUs,
    vbaseHitCpuUs: vbaseHit.serverCpuUs,
    stampedeGraphqlCalls: stampede.graphqlCalls,
    stampedePricingCalls: stampede.pricingCalls,
    workerMemoryKeys: memory.keys,
    workerRssMbAfter: memory.rssMbAfter,
    workerRssMbPeak: memory.rssMbPeak,
    totalSeconds: results.totalSeconds,
  }
}
