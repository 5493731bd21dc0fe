import type { BenchStack } from './benchStack'
import { transformBody } from './benchKeys'
import type { RecordedAnswer, Served } from './children'
import { startEmptyRoute, startFloorServer } from './children'
import type { LoadResult, LoadSpec } from './load'
import { runLoad } from './load'

/**
 * Key ranges per tier (see benchKeys.ts). Keys below UPSTREAM_KEYS exist in
 * the upstream stand-ins; higher ones only ever come from VBase.
 */
export const KEYS = {
  lruHit: 0,
  stampede: 1,
  cold: { from: 2, to: 3_000 },
  stale: { from: 3_000, to: 6_000 },
  vbaseHit: { from: 100_000, to: 106_000 },
  memory: { from: 1_000_000 },
}

export const UPSTREAM_KEYS = KEYS.stale.to

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
  seconds: number
  /** Unmeasured load before floor, empty route and LRU-hit tiers (JIT). */
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

/** One distinct key per request, never past the range's end. */
function distinctKeys(keys: Range, settings: TierSettings) {
  return {
    bodyFor: (n: number) => transformBody(keys.from + n),
    maxRequests: keys.to - keys.from - settings.connections,
  }
}

async function measureWarm(
  tier: string,
  served: Pick<Served, 'url' | 'pid'>,
  settings: TierSettings
) {
  const spec: LoadSpec = {
    url: served.url,
    serverPid: served.pid,
    connections: settings.connections,
    durationSec: settings.seconds,
    bodyFor: () => transformBody(KEYS.lruHit),
  }

  await runLoad({ ...spec, durationSec: settings.warmupSeconds })

  return tierResult(tier, await runLoad(spec), EXPECTED_SOURCE.lruHit)
}

/** The LRU-hit answer, byte for byte, for the floors to replay. */
export async function recordLruHitAnswer(
  stack: BenchStack
): Promise<RecordedAnswer> {
  await stack.transform(transformBody(KEYS.lruHit))
  const hit = await stack.transform(transformBody(KEYS.lruHit))

  if (hit.status !== 200 || hit.cacheSource !== EXPECTED_SOURCE.lruHit) {
    throw new Error(`warm-up answered ${hit.status} ${hit.cacheSource}`)
  }

  return {
    headers: {
      'cache-control': hit.headers.get('cache-control') ?? '',
      'x-pricing-session-cache': hit.cacheSource,
    },
    body: hit.body,
  }
}

export async function measureFloor(
  answer: RecordedAnswer,
  settings: TierSettings
) {
  const floor = await startFloorServer(answer)

  try {
    return await measureWarm('floor (node:http)', floor, settings)
  } finally {
    await floor.stop()
  }
}

export async function measureEmptyRoute(
  stack: BenchStack,
  answer: RecordedAnswer,
  settings: TierSettings
) {
  const emptyRoute = await startEmptyRoute(answer, {
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
  })

  try {
    return await measureWarm('empty route (@vtex/api)', emptyRoute, settings)
  } finally {
    await emptyRoute.stop()
  }
}

export async function measureLruHit(stack: BenchStack, settings: TierSettings) {
  const { url, child } = stack.worker

  return measureWarm('LRU hit', { url, pid: child.pid ?? 0 }, settings)
}

/** Fresh worker, so each request's key is in VBase and not in memory. */
async function measureDistinctKeys(
  stack: BenchStack,
  settings: TierSettings,
  tier: { key: 'vbaseHit' | 'cold' | 'stale'; name: string }
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
    ...distinctKeys(KEYS[tier.key], settings),
  })

  return tierResult(tier.name, load, EXPECTED_SOURCE[tier.key])
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
  const { from, to } = KEYS.vbaseHit

  stack.seedVBase(range(from, to), Date.now())

  return measureDistinctKeys(stack, settings, {
    key: 'vbaseHit',
    name: 'VBase hit',
  })
}

export function measureCold(stack: BenchStack, settings: TierSettings) {
  return withUpstreamDelay(stack, () =>
    measureDistinctKeys(stack, settings, {
      key: 'cold',
      name: 'cold (upstream 20 ms)',
    })
  )
}

/** VBase holds hour-old values: served stale, refreshed in the background. */
export function measureStale(stack: BenchStack, settings: TierSettings) {
  const { from, to } = KEYS.stale

  stack.seedVBase(range(from, to), Date.now() - HOUR_MS)

  return withUpstreamDelay(stack, () =>
    measureDistinctKeys(stack, settings, {
      key: 'stale',
      name: 'stale (VBase 1 h old)',
    })
  )
}

export function* range(from: number, to: number) {
  for (let n = from; n < to; n++) yield n
}
