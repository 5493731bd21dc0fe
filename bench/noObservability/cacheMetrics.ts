// A/B baseline only (bench/noObservability/README.md): no trackCache.
export { cacheMetricName } from './cacheMetrics.observed'

export function trackCacheMetrics(..._args: unknown[]) {}
