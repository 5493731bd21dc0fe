import type { MetricsAccumulator } from '@vtex/api'

/**
 * The `metrics` accumulator `@vtex/api`'s worker creates as a global before
 * it loads the app (the one `metrics.trackCache` is called on in
 * vtex-apps/b2b-organizations-graphql). Outside a worker (unit tests, the
 * in-process benchmark) there is none and nothing is recorded.
 */
export function accumulator(): MetricsAccumulator | undefined {
  return (globalThis as { metrics?: MetricsAccumulator }).metrics
}
