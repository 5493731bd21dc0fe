import type { BenchStack } from './benchStack'
import { KEYS, transformBody } from './benchKeys'
import type { Served } from './children'
import type { LoadResult, LoadRun } from './load'
import { runLoad, runLoadRaw, summarizeRuns } from './load'

/** Upstream answers after this in the cold, stale and stampede tiers. */
export const UPSTREAM_DELAY_MS = 20

const HOUR_MS = 60 * 60 * 1000

export const EXPECTED_SOURCE = {
  lruHit: 'costCenter=lru, pricing=lru',
  vbaseHit: 'costCenter=vbase-fresh, pricing=vbase-fresh',
  cold: 'costCenter=upstream, pricing=upstream',
  stale: 'costCenter=vbase-stale, pricing=vbase-stale',
}

export interface TierSettings {
  connections: number
  /** Per tier; interleaved tiers run it as 1-second slices. */
  seconds: number
  /** Unmeasured load before each tier (JIT, connections). */
  warmupSeconds: number
}

export interface TierResult extends LoadResult {
  tier: string
  /** Share of answers whose cache header was the tier's expected one. */
  expectedShare: number
}

function tierResult(
  tier: string,
  load: LoadResult,
  expected: string
): TierResult {
  const expectedShare = (load.cacheSources[expected] ?? 0) / load.requests

  return { tier, expectedShare, ...load }
}

type Range = { from: number; to: number }

interface WarmTier {
  tier: string
  served: Pick<Served, 'url' | 'pid'>
  /** Another public route of the same worker than `transform`. */
  routeId?: string
}

/**
 * LRU-hit answers from each of `tiers`, interleaved: after a warm-up, one
 * 1-second slice per tier and round, the order rotating each round, so that
 * the shared host's drifts in speed hit every tier alike. Each tier's slices
 * are summarized as one result.
 */
export async function measureInterleaved(
  tiers: WarmTier[],
  settings: TierSettings
) {
  const slice = ({ served, routeId }: WarmTier, durationSec: number) =>
    runLoadRaw({
      url: served.url,
      serverPid: served.pid,
      routeId,
      connections: settings.connections,
      durationSec,
      bodyFor: () => transformBody(KEYS.lruHit),
    })

  const runs: LoadRun[][] = tiers.map(() => [])

  for (const tier of tiers) {
    // eslint-disable-next-line no-await-in-loop -- one load at a time
    await slice(tier, settings.warmupSeconds)
  }

  for (let round = 0; round < settings.seconds; round++) {
    for (let i = 0; i < tiers.length; i++) {
      const at = (i + round) % tiers.length

      // eslint-disable-next-line no-await-in-loop -- one load at a time
      runs[at].push(await slice(tiers[at], 1))
    }
  }

  return tiers.map(({ tier }, i) =>
    tierResult(tier, summarizeRuns(runs[i]), EXPECTED_SOURCE.lruHit)
  )
}

interface DistinctKeysTier {
  name: string
  keys: Range
  expected: string
}

/** Fresh worker, so each request's key is in VBase and not in memory. */
async function measureDistinctKeys(
  stack: BenchStack,
  settings: TierSettings,
  tier: DistinctKeysTier
) {
  await stack.restartWorker()
  const spec = {
    url: stack.worker.url,
    serverPid: stack.worker.child.pid ?? 0,
    connections: settings.connections,
  }

  // Warms the worker's HTTP pipeline (JIT) on one key, then measures.
  await runLoad({
    ...spec,
    durationSec: settings.warmupSeconds,
    bodyFor: () => transformBody(KEYS.lruHit),
  })
  stack.platform.resetStats()
  const load = await runLoad({
    ...spec,
    durationSec: settings.seconds,
    bodyFor: (n) => transformBody(tier.keys.from + n),
    maxRequests: tier.keys.to - tier.keys.from - settings.connections,
  })

  return tierResult(tier.name, load, tier.expected)
}

const withUpstreamDelay = async <T>(
  stack: BenchStack,
  measure: () => Promise<T>
) => {
  const delay = { delayMs: UPSTREAM_DELAY_MS }

  stack.platform.faults.set({ graphql: delay, pricing: delay, settings: delay })
  try {
    return await measure()
  } finally {
    stack.platform.faults.reset()
  }
}

export function measureVBaseHit(stack: BenchStack, settings: TierSettings) {
  const keys = KEYS.vbaseHit

  stack.seedVBase(range(keys.from, keys.to), Date.now())

  return measureDistinctKeys(stack, settings, {
    name: 'VBase hit',
    keys,
    expected: EXPECTED_SOURCE.vbaseHit,
  })
}

export function measureCold(stack: BenchStack, settings: TierSettings) {
  return withUpstreamDelay(stack, () =>
    measureDistinctKeys(stack, settings, {
      name: `cold (upstream ${UPSTREAM_DELAY_MS} ms)`,
      keys: KEYS.cold,
      expected: EXPECTED_SOURCE.cold,
    })
  )
}

/** VBase holds hour-old values: served stale, refreshed in the background. */
export function measureStale(stack: BenchStack, settings: TierSettings) {
  const keys = KEYS.stale

  stack.seedVBase(range(keys.from, keys.to), Date.now() - HOUR_MS)

  return withUpstreamDelay(stack, () =>
    measureDistinctKeys(stack, settings, {
      name: 'stale (VBase 1 h old)',
      keys,
      expected: EXPECTED_SOURCE.stale,
    })
  )
}

export function* range(from: number, to: number) {
  for (let n = from; n < to; n++) yield n
}
