// A/B baseline only (bench/noObservability/README.md): no step timings.
import type { TimedLookup, StepLayer } from './stepTimings.observed'

export type {
  StepLayer,
  TimedLookup,
  TimingLogger,
} from './stepTimings.observed'

export class TransformTimings {
  public since() {
    return 0
  }

  public parsed() {}

  public lookup(_name: TimedLookup, _layer: StepLayer, _startedMs: number) {}

  public answeredFromMemory() {}

  public answered() {}

  public get answeredAt() {
    return 0
  }

  public get loggable() {
    return false
  }
}

export function logStepTimings(..._args: unknown[]) {}
