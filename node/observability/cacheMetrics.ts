import type { MetricsAccumulator } from '@vtex/api'

import type { CachePolicy } from '../cache/cached'
import { bucketReport } from '../cache/cached'
import { accumulator } from './accumulator'
import { LAYERS } from './lookupStats'

/** The accumulator's name for a policy's cache: it appends `-cache`. */
export const cacheMetricName = (bucket: string) => `pricing-session-${bucket}`

/**
 * One flush's worth of a cache, in the shape of `@vtex/api`'s own
 * `LRUCache.getStats()` (itemCount, max, hits, total, hitRate: counts since
 * the previous flush) plus the other layers and the revalidations.
 */
function cacheStats(policy: CachePolicy<unknown>) {
  const { size, max, stats } = bucketReport(policy)
  const delta = stats.sinceLastReport()
  const { answered } = delta
  const total = LAYERS.reduce((sum, layer) => sum + answered[layer], 0)

  return {
    itemCount: size,
    max,
    evictions: delta.evictions,
    total,
    hits: answered.lru,
    hitRate: total > 0 ? answered.lru / total : undefined,
    vbaseFresh: answered['vbase-fresh'],
    vbaseStale: answered['vbase-stale'],
    upstream: answered.upstream,
    failed: answered.failed,
    singleFlightJoins: delta.singleFlightJoins,
    revalidationsStarted: delta.revalidationsStarted,
    revalidationsSucceeded: delta.revalidationsSucceeded,
    revalidationsFailed: delta.revalidationsFailed,
    inFlightLoads: stats.inFlightLoads,
    inFlightRevalidations: stats.inFlightRevalidations,
  }
}

/**
 * Registers every policy's cache with the accumulator, as
 * b2b-organizations-graphql does with `metrics.trackCache`: read at each
 * flush, nothing on the hot path.
 */
export function trackCacheMetrics(
  policies: ReadonlyArray<CachePolicy<unknown>>,
  metrics: MetricsAccumulator | undefined = accumulator()
) {
  for (const policy of policies) {
    metrics?.trackCache(cacheMetricName(policy.bucket), {
      getStats: () => cacheStats(policy),
    })
  }
}
