import { lruBoundHolds } from './lruMemory'
import type { BenchResults } from './report'
import { ratios } from './report'

const bucketSize = ({ lruMemory }: BenchResults, bucket: string) =>
  lruMemory.buckets.find((b) => b.bucket === bucket)?.lruSize ?? null

/**
 * The machine-readable summary (`--json`, last line of output). The issue's
 * names are kept: `staleP99Ms` is the fixed-rate run, `rssMbAfter100k` the
 * in-process child; the closed-loop and worker numbers have their own names.
 * The ceiling is the empty route reading the body (`emptyRouteBodyRead*`);
 * `lruHitCpuUs`/`vbaseHitCpuUs` are server CPU per request.
 */
export function summary(results: BenchResults) {
  const { floor, emptyRoute, emptyRouteBodyRead, lruHit, vbaseHit } = results
  const { cold, stale, fixedRate, stampede, memory, lruMemory } = results

  return {
    floorRps: floor.rps,
    emptyRouteRps: emptyRoute.rps,
    emptyRouteBodyReadRps: emptyRouteBodyRead.rps,
    ceilingRps: emptyRouteBodyRead.rps,
    lruHitRps: lruHit.rps,
    vbaseHitRps: vbaseHit.rps,
    coldRps: cold.rps,
    staleClosedLoopRps: stale.rps,
    ...ratios(results),
    floorP99Ms: floor.p99Ms,
    emptyRouteP99Ms: emptyRoute.p99Ms,
    emptyRouteBodyReadP99Ms: emptyRouteBodyRead.p99Ms,
    lruHitP99Ms: lruHit.p99Ms,
    vbaseHitP99Ms: vbaseHit.p99Ms,
    coldP99Ms: cold.p99Ms,
    fixedRatePerSecond: results.settings.fixedRate,
    staleP99Ms: fixedRate.stale.p99Ms,
    staleP50Ms: fixedRate.stale.p50Ms,
    lruHitFixedRateP99Ms: fixedRate.lruHit.p99Ms,
    lruHitFixedRateP50Ms: fixedRate.lruHit.p50Ms,
    vbaseHitFixedRateP99Ms: fixedRate.vbaseHit.p99Ms,
    vbaseHitFixedRateP50Ms: fixedRate.vbaseHit.p50Ms,
    staleClosedLoopP99Ms: stale.p99Ms,
    staleClosedLoopP50Ms: stale.p50Ms,
    floorRpsCv: floor.rpsCv,
    emptyRouteRpsCv: emptyRoute.rpsCv,
    lruHitRpsCv: lruHit.rpsCv,
    floorServerCpuUs: floor.serverCpuUs,
    emptyRouteServerCpuUs: emptyRoute.serverCpuUs,
    emptyRouteBodyReadServerCpuUs: emptyRouteBodyRead.serverCpuUs,
    lruHitServerCpuUs: lruHit.serverCpuUs,
    lruHitCpuUs: lruHit.serverCpuUs,
    vbaseHitCpuUs: vbaseHit.serverCpuUs,
    handlerUsPerHit: results.handler.usPerHit,
    stampedeUpstreamCalls: Math.max(
      stampede.graphqlCalls,
      stampede.pricingCalls
    ),
    stampedeGraphqlCalls: stampede.graphqlCalls,
    stampedePricingCalls: stampede.pricingCalls,
    rssMbAfter100k: lruMemory.keys === 100_000 ? lruMemory.rssMbAfter : null,
    lruMemoryKeys: lruMemory.keys,
    lruMemoryRssMbBefore: lruMemory.rssMbBefore,
    lruMemoryRssMbAfter: lruMemory.rssMbAfter,
    lruMemoryHeapMbAfterGc: lruMemory.heapMbAfterGc,
    lruSizeCostCenters: bucketSize(results, 'cost-centers'),
    lruSizePricing: bucketSize(results, 'pricing'),
    lruBoundHolds: lruBoundHolds(lruMemory),
    workerMemoryKeys: memory.keys,
    workerRssMbBefore: memory.rssMbBefore,
    workerRssMbAfter: memory.rssMbAfter,
    workerRssMbPeak: memory.rssMbPeak,
    workerMemoryProbes: memory.probes,
    totalSeconds: results.totalSeconds,
  }
}
