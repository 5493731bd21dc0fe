/**
 * Child process of lruMemory.ts: the app's real `cached()` and policies with
 * `argv[2]` distinct keys, each one cost-center and one pricing lookup as the
 * transform makes them, trivial fetchers, no VBase. Sends a LruMemoryResult.
 */
import './appEnv'

import { cached, lruSize } from '../node/cache/cached'
import { COST_CENTER_POLICY, PRICING_POLICY } from '../node/cache/policies'
import { BENCH_TENANT, cacheIds, costCenter, pricing } from './benchValues'
import type { LruMemoryResult } from './lruMemory'

const MB = 1024 * 1024
const SAMPLE_EVERY = 1_000
const rssMb = () => process.memoryUsage.rss() / MB

/** A full collection, so "after" is what the LRUs keep, not garbage. */
function heapMbAfterGc() {
  global.gc?.()

  return process.memoryUsage().heapUsed / MB
}

async function main(keys: number): Promise<LruMemoryResult> {
  heapMbAfterGc()
  const rssMbBefore = rssMb()
  let rssMbPeak = rssMbBefore
  const started = process.hrtime.bigint()

  for (let n = 0; n < keys; n++) {
    const ids = cacheIds(n)

    /* eslint-disable no-await-in-loop -- one transform after the other */
    await cached(
      { ...BENCH_TENANT, id: ids.costCenter },
      async () => costCenter(n),
      COST_CENTER_POLICY
    )
    await cached(
      { ...BENCH_TENANT, id: ids.pricing },
      async () => pricing(n),
      PRICING_POLICY
    )
    /* eslint-enable no-await-in-loop */
    if (n % SAMPLE_EVERY === 0) rssMbPeak = Math.max(rssMbPeak, rssMb())
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const rssMbAfter = rssMb()

  return {
    keys,
    seconds,
    rssMbBefore,
    rssMbAfter,
    rssMbPeak: Math.max(rssMbPeak, rssMbAfter),
    heapMbAfterGc: heapMbAfterGc(),
    buckets: [COST_CENTER_POLICY, PRICING_POLICY].map((policy) => ({
      bucket: policy.bucket,
      lruSize: lruSize(policy.bucket),
      lruMax: policy.lruMax,
    })),
  }
}

main(Number(process.argv[2])).then(
  (result) => process.send?.(result, () => process.disconnect()),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`)
    process.exit(1)
  }
)
