import type { CacheSource } from '../cache/cachePolicy'
import { accumulator } from './accumulator'

/** Which layer answered a lookup; `failed` when none could. */
export type LookupLayer = CacheSource | 'failed'

export const LAYERS: readonly LookupLayer[] = [
  'lru',
  'vbase-fresh',
  'vbase-stale',
  'upstream',
  'failed',
]

export interface LookupCounters {
  answered: Record<LookupLayer, number>
  singleFlightJoins: number
  revalidationsStarted: number
  revalidationsSucceeded: number
  revalidationsFailed: number
  evictions: number
}

function zeroCounters(): LookupCounters {
  return {
    answered: {
      lru: 0,
      'vbase-fresh': 0,
      'vbase-stale': 0,
      upstream: 0,
      failed: 0,
    },
    singleFlightJoins: 0,
    revalidationsStarted: 0,
    revalidationsSucceeded: 0,
    revalidationsFailed: 0,
    evictions: 0,
  }
}

function minus(now: LookupCounters, before: LookupCounters): LookupCounters {
  const answered = { ...now.answered }

  for (const layer of LAYERS) answered[layer] -= before.answered[layer]

  return {
    answered,
    singleFlightJoins: now.singleFlightJoins - before.singleFlightJoins,
    revalidationsStarted:
      now.revalidationsStarted - before.revalidationsStarted,
    revalidationsSucceeded:
      now.revalidationsSucceeded - before.revalidationsSucceeded,
    revalidationsFailed: now.revalidationsFailed - before.revalidationsFailed,
    evictions: now.evictions - before.evictions,
  }
}

const copy = (counters: LookupCounters): LookupCounters => ({
  ...counters,
  answered: { ...counters.answered },
})

/** The name a lookup's latency is batched under: bounded, no ids. */
export const latencyMetricName = (bucket: string, layer: LookupLayer) =>
  `pricing-session-lookup-${bucket}-${layer}`

/**
 * Counters of one cache bucket (one kind of lookup) in this worker, since it
 * started. Plain increments on the hot path; the latency of every lookup
 * memory did not answer also goes to `@vtex/api`'s accumulator, which
 * aggregates it (count, percentiles) per flush.
 */
export class LookupStats {
  public readonly totals = zeroCounters()
  public inFlightLoads = 0
  public inFlightRevalidations = 0
  private reported = zeroCounters()
  // Built once: a name per layer, not a string per lookup.
  private readonly metricNames: Record<LookupLayer, string>

  constructor(public readonly bucket: string) {
    this.metricNames = Object.fromEntries(
      LAYERS.map((layer) => [layer, latencyMetricName(bucket, layer)])
    ) as Record<LookupLayer, string>
  }

  public answered(layer: LookupLayer, ms: number) {
    this.totals.answered[layer] += 1
    // A memory hit takes well under a microsecond: its count (trackCache's
    // hits and hitRate) is the signal. Timing it would hold one more number
    // per transform in the accumulator until the platform's next flush.
    if (layer !== 'lru') {
      accumulator()?.batchMetric(this.metricNames[layer], ms)
    }
  }

  /** What changed since the previous call (each accumulator flush). */
  public sinceLastReport() {
    const delta = minus(this.totals, this.reported)

    this.reported = copy(this.totals)

    return delta
  }
}
