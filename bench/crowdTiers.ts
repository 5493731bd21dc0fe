import type { BenchStack } from './benchStack'
import { transformBody, upstreamKeys, KEYS } from './benchKeys'
import { rssMbOf } from './children'
import { runLoad } from './load'
import type { TierSettings } from './tiers'
import { range, UPSTREAM_DELAY_MS } from './tiers'

export const STAMPEDE_REQUESTS = 200

/** 200 concurrent cold requests for one key, upstream 20 ms away. */
export async function measureStampede(stack: BenchStack) {
  await stack.restartWorker()
  stack.platform.resetStats()
  const delay = { delayMs: UPSTREAM_DELAY_MS }

  stack.platform.faults.set({ graphql: delay, pricing: delay })
  const body = transformBody(KEYS.stampede)
  const answers = await Promise.all(
    Array.from({ length: STAMPEDE_REQUESTS }, () => stack.transform(body))
  ).finally(() => stack.platform.faults.reset())

  const stats = stack.platform.stats()
  const keys = upstreamKeys(KEYS.stampede)
  const cacheSources: Record<string, number> = {}

  for (const { cacheSource } of answers) {
    const source = cacheSource ?? '(none)'

    cacheSources[source] = (cacheSources[source] ?? 0) + 1
  }

  return {
    requests: answers.length,
    ok: answers.filter((answer) => answer.status === 200).length,
    // Upstream calls for the one key, per upstream: 1 each is the target.
    graphqlCalls: stats.graphql.byId[keys.graphql] ?? 0,
    pricingCalls: stats.pricing.byKey[keys.pricing] ?? 0,
    vbaseReads: stats.vbase.get,
    cacheSources,
  }
}

/** Ranks probed after the run, oldest first (a probe inserts its key). */
const probeRanks = (keys: number) =>
  [keys, 15_000, 11_000, 9_000, 6_000, 4_000, 1].filter((rank) => rank <= keys)

const RSS_SAMPLE_MS = 250

/**
 * Drives `keys` distinct keys (VBase-fresh, no upstream) through a fresh
 * worker, samples its RSS, then re-requests keys by age to see which ones
 * the LRU still holds (cost centers keep 5 000, pricing 10 000).
 */
export async function measureMemory(
  stack: BenchStack,
  keys: number,
  settings: TierSettings
) {
  const { from } = KEYS.memory
  const slack = settings.connections * 2

  stack.seedVBase(range(from, from + keys + slack), Date.now())
  await stack.restartWorker()
  const pid = stack.worker.child.pid ?? 0
  const rssMbBefore = rssMbOf(pid)
  let rssMbPeak = rssMbBefore
  const sampler = setInterval(() => {
    rssMbPeak = Math.max(rssMbPeak, rssMbOf(pid))
  }, RSS_SAMPLE_MS)

  const load = await runLoad({
    url: stack.worker.url,
    serverPid: pid,
    connections: settings.connections,
    durationSec: 600,
    maxRequests: keys,
    bodyFor: (n) => transformBody(from + n),
  }).finally(() => clearInterval(sampler))

  const rssMbAfter = rssMbOf(pid)
  // Key rank from the newest (1 = last requested) → cache header.
  const probes: Array<{ rank: number; cacheSource: string | null }> = []

  for (const rank of probeRanks(load.requests)) {
    // eslint-disable-next-line no-await-in-loop -- probes run oldest first
    const answer = await stack.transform(
      transformBody(from + load.requests - rank)
    )

    probes.push({ rank, cacheSource: answer.cacheSource })
  }

  return {
    keys: load.requests,
    seconds: load.requests / load.rps,
    rps: load.rps,
    rssMbBefore,
    rssMbAfter,
    rssMbPeak: Math.max(rssMbPeak, rssMbAfter),
    probes,
  }
}

export type StampedeResult = Awaited<ReturnType<typeof measureStampede>>
export type MemoryResult = Awaited<ReturnType<typeof measureMemory>>
