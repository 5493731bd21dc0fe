import type { BenchStack } from './benchStack'
import { transformBody } from './benchKeys'
import type { LoadRun } from './load'
import { percentile, runLoadRaw } from './load'
import type { TierResult, TierSettings } from './tiers'
import {
  EXPECTED_SOURCE,
  HOUR_MS,
  KEYS,
  range,
  withUpstreamDelay,
} from './tiers'

const PATHS = [
  { name: 'LRU hit', source: EXPECTED_SOURCE.lruHit },
  { name: 'VBase hit', source: EXPECTED_SOURCE.vbaseHit },
  { name: 'stale (VBase 1 h old)', source: EXPECTED_SOURCE.stale },
]

/** Request n of the mix: an LRU hit, a VBase-fresh key, a stale key, … */
function mixedBodies() {
  let vbaseKey = KEYS.vbaseHitFixedRate.from
  let staleKey = KEYS.staleFixedRate.from
  const bodies = [
    () => transformBody(KEYS.lruHit),
    () => transformBody(vbaseKey++),
    () => transformBody(staleKey++),
  ]

  return (n: number) => bodies[n % bodies.length]()
}

/** One row per path, from the answers whose cache header names it. */
function rowsOf(run: LoadRun, settings: TierSettings): TierResult[] {
  const answers = run.latencies.length

  return PATHS.map(({ name, source }, i) => {
    const latencies = (run.latenciesBySource[source] ?? []).sort(
      (a, b) => a - b
    )

    return {
      tier: `${name} @ ${settings.fixedRate}/s`,
      requests: latencies.length,
      rps: latencies.length / run.durationSec,
      rpsCv: NaN,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      errors: run.errors,
      non2xx: run.non2xx,
      cacheSources: run.cacheSources,
      // One worker serves the mix: its CPU is not split by path.
      serverCpuUs: NaN,
      benchCpuUs: NaN,
      // Request n went to path n % 3: how many of this path's were answered so.
      expectedShare:
        latencies.length /
        Math.floor((answers - i + PATHS.length - 1) / PATHS.length),
    }
  })
}

/**
 * LRU hits, VBase hits and stale answers at `fixedRate` each, interleaved
 * request by request on one fresh worker and one connection: at most one
 * request in flight, so a latency is the answer's own time, not a wait
 * behind other requests (autocannon's rate is a per-second budget sent back
 * to back: with more connections, each second's requests would queue), and
 * the three paths share the same JIT state, host speed and background work.
 */
export function measureFixedRate(stack: BenchStack, settings: TierSettings) {
  const { vbaseHitFixedRate: fresh, staleFixedRate: old } = KEYS

  stack.seedVBase(range(fresh.from, fresh.to), Date.now())
  stack.seedVBase(range(old.from, old.to), Date.now() - HOUR_MS)

  return withUpstreamDelay(stack, async () => {
    await stack.restartWorker()
    const bodyFor = mixedBodies()
    const target = {
      url: stack.worker.url,
      serverPid: stack.worker.child.pid ?? 0,
      bodyFor,
    }

    // Closed-loop warm-up on the same mix (JIT of all three paths).
    await runLoadRaw({
      ...target,
      connections: settings.connections,
      durationSec: settings.warmupSeconds,
      maxRequests: 600,
    })

    const run = await runLoadRaw({
      ...target,
      connections: 1,
      overallRate: settings.fixedRate * PATHS.length,
      durationSec: settings.seconds,
    })

    const [lruHit, vbaseHit, stale] = rowsOf(run, settings)

    return { lruHit, vbaseHit, stale }
  })
}
