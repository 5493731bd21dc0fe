import type { StoreScale } from '../../local/platform/generatedFixtures'
import type { Capacity, TierCpu } from './capacity'
import type { WavePlan, WaveResult } from './wave'

export interface WaveBenchResults {
  scale: StoreScale
  replicas: number
  /** Session Manager's connections to the app. */
  appConnections: number
  plan: WavePlan
  latency: Record<string, { delayMs: number; jitterMs: number }>
  wave: WaveResult
  tiers: TierCpu
  capacity: Capacity
  /** Warning and error lines the workers logged. */
  workerProblems: number
  totalSeconds: number
}

const fixed = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

function figures({ wave }: WaveBenchResults) {
  const { transforms, upstream, verdicts, verdictsDuringFault: fault } = wave
  const rows: Array<[string, string | number]> = [
    ['sign-in p50, ms (whole cycle, all rounds)', fixed(wave.signInP50Ms, 1)],
    ['sign-in p99, ms', fixed(wave.signInP99Ms, 1)],
    [
      'transform p50, ms (as Session Manager saw it)',
      fixed(transforms.p50Ms, 1),
    ],
    ['transform p99, ms', fixed(transforms.p99Ms, 1)],
    ['transform calls', transforms.calls],
    ['upstream calls: B2B GraphQL', upstream.graphql],
    ['upstream calls: pricing', upstream.pricing],
    ['upstream calls: app settings', upstream.settings],
    ['upstream calls, all', upstream.total],
    [
      'VBase reads / writes',
      `${upstream.vbaseReads} / ${upstream.vbaseWrites}`,
    ],
    ['sign-ins exact', verdicts.exact],
    ['sign-ins degraded', verdicts.degraded],
    ['sign-ins wrong', verdicts.wrong],
    ['degraded, signed in during the fault', fault.degraded],
    ['signed in during the fault', fault.exact + fault.degraded + fault.wrong],
    [
      'CPU per transform, µs (all replicas, less idle)',
      fixed(wave.cpuUsPerTransform),
    ],
    ['  with the idle burn', fixed(wave.grossCpuUsPerTransform)],
    ['  idle burn, µs/s (all replicas)', fixed(wave.idleCpuUsPerSecond)],
    ['arrivals that waited (in-flight cap)', wave.queued],
    ['harness: busy, % of a core', fixed(wave.harness.cpuShare * 100)],
    [
      'harness: event-loop delay p99, ms',
      fixed(wave.harness.loopDelayP99Ms, 1),
    ],
  ]

  return rows
    .map(([name, value]) => `${name.padEnd(48)}${String(value).padStart(12)}`)
    .join('\n')
}

function growthTable(capacity: Capacity) {
  const header = `    ${'sessions/day'.padStart(12)}${'cost centers'.padStart(
    13
  )}${'peak/s'.padStart(8)}${'replicas'.padStart(9)}${'VBase reads/h'.padStart(
    14
  )}${'upstream/h'.padStart(12)}`

  const rows = capacity.growth.map(
    (row) =>
      `    ${row.sessionsPerDay.toExponential(0).padStart(12)}${String(
        row.pairs
      ).padStart(13)}${fixed(row.peakRate).padStart(8)}${String(
        row.app.replicas
      ).padStart(9)}${fixed(row.app.vbaseReadsPerHour).padStart(14)}${fixed(
        row.app.upstreamCallsPerHour
      ).padStart(12)}`
  )

  return [header, ...rows].join('\n')
}

function timelineReport({ wave }: WaveBenchResults) {
  const rows = wave.timeline.map(
    (slice) =>
      `  ${`${fixed(slice.fromMs / 1000)} s`.padStart(6)}  ${String(
        slice.signIns
      ).padStart(5)}${fixed(slice.p99Ms).padStart(8)}${String(
        slice.degraded
      ).padStart(8)}`
  )

  return ['By start time: sign-ins, p99 ms and degraded', ...rows].join('\n')
}

function capacityReport({ capacity, tiers }: WaveBenchResults) {
  const c = capacity
  const perReplica = c.transformsPerSecondPerReplica
  const { mix } = c.app

  return `Capacity model (a replica = one worker on one core, busy at most ${fixed(
    c.store.busyTarget * 100
  )} %; tiers measured before the wave, closed loop):
  server CPU per transform: LRU hit ${fixed(
    tiers.lruHitCpuUs
  )} µs, VBase hit ${fixed(tiers.vbaseHitCpuUs)} µs, cold ${fixed(
    tiers.coldCpuUs
  )} µs
  transforms/s per replica: LRU hit ${fixed(
    perReplica.lruHit
  )}, VBase hit ${fixed(perReplica.vbaseHit)}, cold ${fixed(perReplica.cold)}
  store: ${c.sessionsPerDay.toLocaleString('en-US')} sessions/day × ${fixed(
    c.transformsPerSession,
    2
  )} transforms/session (measured: per sign-in) = ${fixed(
    c.averageRate,
    1
  )} transforms/s on average, ${fixed(c.peakRate)}/s at a ${
    c.store.peakFactor
  }× peak, ${c.pairs} active cost centers
  at the peak: ${c.app.replicas} replicas (tier mix ${fixed(
    mix.lru * 100,
    1
  )} % memory, ${fixed(mix.vbase * 100, 1)} % VBase, ${fixed(
    mix.cold * 100,
    2
  )} % refresh: ${fixed(c.app.cpuUsPerTransform)} µs/transform, ${fixed(
    (c.store.busyTarget * 1e6) / c.app.cpuUsPerTransform
  )} transforms/s per replica)
    VBase reads/h ≈ cost centers × replicas × 60 (an LRU entry lives 1 min), at most the traffic: ${fixed(
      c.app.vbaseReadsPerHour
    )}
    upstream calls/h ≈ cost centers × (6 B2B + 12 pricing) + replicas × 120 settings: ${fixed(
      c.app.upstreamCallsPerHour
    )} (${fixed(
    c.app.upstreamCallsPerHourWorst
  )} if every replica refreshed every cost center itself)
  how it grows (CPU with traffic, VBase reads with cost centers × replicas, upstream calls with cost centers):
${growthTable(c)}`
}

export function formatWaveReport(results: WaveBenchResults) {
  const { scale, plan, replicas, wave } = results
  const sources = Object.entries(wave.transforms.bySource)
    .sort((a, b) => b[1] - a[1])
    .map(([source, count]) => `${source} ${count}`)
    .join('; ')

  return `
Sign-in wave: ${scale.shoppers} shoppers (${scale.costCenters} cost centers, ${
    scale.organizations
  } organizations) over ${fixed(
    plan.windowMs / 1000
  )} s, ${replicas} replicas; pricing down ${fixed(
    plan.fault.fromMs / 1000
  )}–${fixed(plan.fault.toMs / 1000)} s
Session Manager: 2 s app timeout, up to ${
    results.appConnections
  } connections to the app
Upstream latency: ${Object.entries(results.latency)
    .map(
      ([service, { delayMs, jitterMs }]) =>
        `${service} ${delayMs}–${delayMs + jitterMs} ms`
    )
    .join(', ')}

${figures(results)}

${timelineReport(results)}

Answers by cache layer: ${sources}
Transform statuses: ${JSON.stringify(wave.transforms.byStatus)}

${capacityReport(results)}

Worker warnings/errors logged: ${results.workerProblems}
Total ${fixed(results.totalSeconds, 1)} s`
}

/** `--wave --json`: the last line. */
export function waveSummary(results: WaveBenchResults) {
  const { wave, capacity, tiers } = results

  return {
    waveShoppers: results.scale.shoppers,
    waveReplicas: results.replicas,
    waveAppConnections: results.appConnections,
    waveCostCenters: results.scale.costCenters,
    waveOrganizations: results.scale.organizations,
    waveWindowSeconds: results.plan.windowMs / 1000,
    faultSeconds: (results.plan.fault.toMs - results.plan.fault.fromMs) / 1000,
    upstreamCalls: wave.upstream.total,
    upstreamCallsByService: wave.upstream,
    signInP50Ms: wave.signInP50Ms,
    signInP99Ms: wave.signInP99Ms,
    transformP99Ms: wave.transforms.p99Ms,
    degraded: wave.verdicts.degraded,
    degradedDuringFault: wave.verdictsDuringFault.degraded,
    wrongAnswers: wave.verdicts.wrong,
    cpuUsPerTransform: wave.cpuUsPerTransform,
    lruHitCpuUs: tiers.lruHitCpuUs,
    vbaseHitCpuUs: tiers.vbaseHitCpuUs,
    coldCpuUs: tiers.coldCpuUs,
    capacity,
    totalSeconds: results.totalSeconds,
  }
}
