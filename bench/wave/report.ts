import type { StoreScale } from '../../local/platform/generatedFixtures'
import type { Capacity, TierCpu } from './capacity'
import type { WavePlan, WaveResult } from './wave'

export interface WaveBenchResults {
  scale: StoreScale
  replicas: number
  /** Session Manager's connections to each app. */
  appConnections: number
  plan: WavePlan
  latency: Record<string, { delayMs: number; jitterMs: number }>
  app: WaveResult
  naive: WaveResult
  tiers: TierCpu
  capacity: Capacity
  /** Warning and error lines the workers logged, per wave. */
  workerProblems: { app: number; naive: number }
  totalSeconds: number
}

const fixed = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b)

export function waveRatios({ app, naive }: WaveBenchResults) {
  return {
    ratioUpstreamCallsToNaive: ratio(app.upstream.total, naive.upstream.total),
    ratioSignInP99ToNaive: ratio(app.signInP99Ms, naive.signInP99Ms),
    ratioSignInP50ToNaive: ratio(app.signInP50Ms, naive.signInP50Ms),
    ratioDegradedDuringFaultToNaive: ratio(
      app.verdictsDuringFault.degraded,
      naive.verdictsDuringFault.degraded
    ),
    ratioCpuPerTransformToNaive: ratio(
      app.cpuUsPerTransform,
      naive.cpuUsPerTransform
    ),
  }
}

type Row = [string, (wave: WaveResult) => number, number?]

const ROWS: Row[] = [
  ['sign-in p50, ms (whole cycle, all rounds)', (w) => w.signInP50Ms, 1],
  ['sign-in p99, ms', (w) => w.signInP99Ms, 1],
  [
    'transform p50, ms (as Session Manager saw it)',
    (w) => w.transforms.p50Ms,
    1,
  ],
  ['transform p99, ms', (w) => w.transforms.p99Ms, 1],
  ['transform calls', (w) => w.transforms.calls],
  ['upstream calls: B2B GraphQL', (w) => w.upstream.graphql],
  ['upstream calls: pricing', (w) => w.upstream.pricing],
  ['upstream calls: app settings', (w) => w.upstream.settings],
  ['upstream calls, all', (w) => w.upstream.total],
  ['VBase reads / writes', (w) => w.upstream.vbaseReads],
  ['sign-ins exact', (w) => w.verdicts.exact],
  ['sign-ins degraded', (w) => w.verdicts.degraded],
  ['sign-ins wrong', (w) => w.verdicts.wrong],
  [
    'degraded, signed in during the fault',
    (w) => w.verdictsDuringFault.degraded,
  ],
  [
    'signed in during the fault',
    (w) =>
      w.verdictsDuringFault.exact +
      w.verdictsDuringFault.degraded +
      w.verdictsDuringFault.wrong,
  ],
  [
    'CPU per transform, µs (all replicas, less idle)',
    (w) => w.cpuUsPerTransform,
  ],
  ['  with the idle burn', (w) => w.grossCpuUsPerTransform],
  ['  idle burn, µs/s (all replicas)', (w) => w.idleCpuUsPerSecond],
  ['arrivals that waited (in-flight cap)', (w) => w.queued],
  ['harness: busy, % of a core', (w) => w.harness.cpuShare * 100],
  ['harness: event-loop delay p99, ms', (w) => w.harness.loopDelayP99Ms, 1],
]

function comparison({ app, naive }: WaveBenchResults) {
  const lines = ROWS.map(([name, pick, digits]) => {
    const extra = name.startsWith('VBase')
      ? ` / ${app.upstream.vbaseWrites}`
      : ''

    return `${name.padEnd(46)}${`${fixed(pick(app), digits)}${extra}`.padStart(
      14
    )}${fixed(pick(naive), digits).padStart(10)}`
  })

  return [
    `${''.padEnd(46)}${'app'.padStart(14)}${'naive'.padStart(10)}`,
    ...lines,
  ].join('\n')
}

function growthTable(capacity: Capacity) {
  const header = `    ${'sessions/day'.padStart(12)}${'cost centers'.padStart(
    13
  )}${'peak/s'.padStart(8)}${'replicas'.padStart(9)}${'VBase reads/h'.padStart(
    14
  )}${'upstream/h'.padStart(12)}${'naive replicas'.padStart(
    15
  )}${'naive upstream/h'.padStart(17)}`

  const rows = capacity.growth.map(
    (row) =>
      `    ${row.sessionsPerDay.toExponential(0).padStart(12)}${String(
        row.pairs
      ).padStart(13)}${fixed(row.peakRate).padStart(8)}${String(
        row.app.replicas
      ).padStart(9)}${fixed(row.app.vbaseReadsPerHour).padStart(14)}${fixed(
        row.app.upstreamCallsPerHour
      ).padStart(12)}${String(row.naive.replicas).padStart(15)}${fixed(
        row.naive.upstreamCallsPerHour
      ).padStart(17)}`
  )

  return [header, ...rows].join('\n')
}

function timelineReport({ app, naive }: WaveBenchResults) {
  const rows = app.timeline.map((slice, i) => {
    const other = naive.timeline[i]
    const from = `${fixed(slice.fromMs / 1000)} s`

    return `  ${from.padStart(6)}  ${String(slice.signIns).padStart(5)}${fixed(
      slice.p99Ms,
      0
    ).padStart(8)}${String(slice.degraded).padStart(8)}    ${fixed(
      other.p99Ms,
      0
    ).padStart(8)}${String(other.degraded).padStart(8)}`
  })

  return [
    'By start time: sign-ins, p99 ms and degraded, app | naive',
    ...rows,
  ].join('\n')
}

function capacityReport({ capacity, tiers }: WaveBenchResults) {
  const c = capacity
  const perReplica = c.transformsPerSecondPerReplica
  const { mix } = c.app

  return `Capacity model (a replica = one worker on one core, busy at most ${fixed(
    c.store.busyTarget * 100
  )} %; tiers measured before the waves, closed loop):
  server CPU per transform: LRU hit ${fixed(
    tiers.lruHitCpuUs
  )} µs, VBase hit ${fixed(tiers.vbaseHitCpuUs)} µs, cold ${fixed(
    tiers.coldCpuUs
  )} µs; naive ${fixed(c.naive.cpuUsPerTransform)} µs (its wave, less idle)
  transforms/s per replica: LRU hit ${fixed(
    perReplica.lruHit
  )}, VBase hit ${fixed(perReplica.vbaseHit)}, cold ${fixed(
    perReplica.cold
  )}, naive ${fixed(perReplica.naive)}
  store: ${c.sessionsPerDay.toLocaleString('en-US')} sessions/day × ${fixed(
    c.transformsPerSession,
    2
  )} transforms/session (measured: per sign-in) = ${fixed(
    c.averageRate,
    1
  )} transforms/s on average, ${fixed(c.peakRate)}/s at a ${
    c.store.peakFactor
  }× peak, ${c.pairs} active cost centers
  app at the peak: ${c.app.replicas} replicas (tier mix ${fixed(
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
  naive at the peak: ${
    c.naive.replicas
  } replicas; upstream calls/h = transforms/h × ${fixed(
    c.naiveCallsPerTransform,
    2
  )} (measured) = ${fixed(c.naive.upstreamCallsPerHour)}
  how it grows (app: CPU with traffic, VBase reads with cost centers × replicas, upstream calls with cost centers; naive: CPU and upstream calls with traffic):
${growthTable(c)}`
}

export function formatWaveReport(results: WaveBenchResults) {
  const { scale, plan, replicas, app } = results
  const r = waveRatios(results)
  const sources = Object.entries(app.transforms.bySource)
    .sort((a, b) => b[1] - a[1])
    .map(([source, count]) => `${source} ${count}`)
    .join('; ')

  return `
Sign-in wave: ${scale.shoppers} shoppers (${scale.costCenters} cost centers, ${
    scale.organizations
  } organizations) over ${fixed(
    plan.windowMs / 1000
  )} s, ${replicas} replicas each; pricing down ${fixed(
    plan.fault.fromMs / 1000
  )}–${fixed(plan.fault.toMs / 1000)} s
Session Manager: 2 s app timeout, up to ${
    results.appConnections
  } connections to each app
Upstream latency: ${Object.entries(results.latency)
    .map(
      ([service, { delayMs, jitterMs }]) =>
        `${service} ${delayMs}–${delayMs + jitterMs} ms`
    )
    .join(', ')}

${comparison(results)}

${timelineReport(results)}

App answers by cache layer: ${sources}
App transform statuses: ${JSON.stringify(
    app.transforms.byStatus
  )}; naive: ${JSON.stringify(results.naive.transforms.byStatus)}

Ratios, app ÷ naive
  upstream calls                       ${fixed(r.ratioUpstreamCallsToNaive, 3)}
  sign-in p99                          ${fixed(
    r.ratioSignInP99ToNaive,
    2
  )}  (p50 ${fixed(r.ratioSignInP50ToNaive, 2)})
  degraded during the fault window     ${fixed(
    r.ratioDegradedDuringFaultToNaive,
    3
  )}
  CPU per transform                    ${fixed(
    r.ratioCpuPerTransformToNaive,
    2
  )}

${capacityReport(results)}

Worker warnings/errors logged: app ${results.workerProblems.app}, naive ${
    results.workerProblems.naive
  }
Total ${fixed(results.totalSeconds, 1)} s`
}

/** `--wave --json`: the last line. */
export function waveSummary(results: WaveBenchResults) {
  const { app, naive, capacity, tiers } = results

  return {
    waveShoppers: results.scale.shoppers,
    waveReplicas: results.replicas,
    waveAppConnections: results.appConnections,
    waveCostCenters: results.scale.costCenters,
    waveOrganizations: results.scale.organizations,
    waveWindowSeconds: results.plan.windowMs / 1000,
    faultSeconds: (results.plan.fault.toMs - results.plan.fault.fromMs) / 1000,
    upstreamCalls: app.upstream.total,
    naiveUpstreamCalls: naive.upstream.total,
    upstreamCallsByService: app.upstream,
    naiveUpstreamCallsByService: naive.upstream,
    signInP50Ms: app.signInP50Ms,
    signInP99Ms: app.signInP99Ms,
    naiveSignInP50Ms: naive.signInP50Ms,
    naiveSignInP99Ms: naive.signInP99Ms,
    transformP99Ms: app.transforms.p99Ms,
    naiveTransformP99Ms: naive.transforms.p99Ms,
    degraded: app.verdicts.degraded,
    naiveDegraded: naive.verdicts.degraded,
    degradedDuringFault: app.verdictsDuringFault.degraded,
    naiveDegradedDuringFault: naive.verdictsDuringFault.degraded,
    wrongAnswers: app.verdicts.wrong,
    naiveWrongAnswers: naive.verdicts.wrong,
    cpuUsPerTransform: app.cpuUsPerTransform,
    naiveCpuUsPerTransform: naive.cpuUsPerTransform,
    ...waveRatios(results),
    lruHitCpuUs: tiers.lruHitCpuUs,
    vbaseHitCpuUs: tiers.vbaseHitCpuUs,
    coldCpuUs: tiers.coldCpuUs,
    capacity,
    totalSeconds: results.totalSeconds,
  }
}
