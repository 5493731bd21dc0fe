// A/B baseline only (bench/noObservability/README.md): lookups not counted.
import type { LookupLayer } from './lookupStats.observed'
import { LookupStats as ObservedStats } from './lookupStats.observed'

export * from './lookupStats.observed'

export class LookupStats extends ObservedStats {
  public answered(_layer: LookupLayer, _ms: number) {}
}
