import type { TimingLogSettings } from '../cache/policies'
import type { WarnLogger } from '../cache/throttledWarn'
import type { LookupLayer } from './lookupStats'

/** A lookup still pending at the transform's deadline is `timeout`. */
export type StepLayer = LookupLayer | 'timeout'

/** The lookups a transform times, named as in `x-pricing-session-cache`. */
export type TimedLookup = 'costCenter' | 'pricing' | 'settings'

interface LookupStep {
  layer: StepLayer
  ms: number
  endedMs: number
}

export interface TimingLogger extends WarnLogger {
  info(message: Record<string, unknown>): void
}

const round = (ms: number) => Math.round(ms * 100) / 100

/**
 * When each step of one transform ended, in ms since it started: a handful
 * of `performance.now()` reads per transform, so every transform can be
 * judged slow after the fact and only the sampled or slow ones are logged.
 */
export class TransformTimings {
  private readonly startedAt = performance.now()
  private parsedMs?: number
  private answeredMs?: number
  private readonly lookups: Partial<Record<TimedLookup, LookupStep>> = {}

  /** ms since the transform started. */
  public since() {
    return performance.now() - this.startedAt
  }

  public parsed() {
    this.parsedMs = this.since()
  }

  /** A lookup that began at `startedMs` (a since() reading) ends now. */
  public lookup(name: TimedLookup, layer: StepLayer, startedMs: number) {
    const endedMs = this.since()

    this.lookups[name] = { layer, ms: endedMs - startedMs, endedMs }
  }

  /**
   * Both lookups answered from memory in one step (the answer memo), as
   * they end: no clock read (one costs ~0.15 µs on a VM like this one).
   */
  public answeredFromMemory() {
    const endedMs = this.parsedMs ?? 0
    const step: LookupStep = { layer: 'lru', ms: 0, endedMs }

    this.lookups.costCenter = step
    this.lookups.pricing = step
  }

  public answered() {
    this.answeredMs = this.since()
  }

  /** When the transform answered, as a `Date.now()` reading, without one. */
  public get answeredAt() {
    return performance.timeOrigin + this.startedAt + this.totalMs
  }

  /** Only a transform that looked something up and answered is logged. */
  public get loggable() {
    return (
      this.lookups.costCenter !== undefined && this.answeredMs !== undefined
    )
  }

  public get totalMs() {
    return this.answeredMs ?? this.since()
  }

  /**
   * The log line: step names, layers and times only. No id, no input value,
   * no upstream message: the logger's envelope already names the tenant and
   * the request.
   */
  public line(reason: 'sampled' | 'slow', settings: TimingLogSettings) {
    const { costCenter, pricing } = this.lookups
    const lookupsEndedMs = Math.max(
      costCenter?.endedMs ?? 0,
      pricing?.endedMs ?? 0
    )

    const steps: Array<[string, number]> = [['parse', this.parsedMs ?? 0]]
    const fields: Record<string, string | number> = {}

    for (const [name, step] of Object.entries(this.lookups)) {
      steps.push([name, step.ms])
      fields[`${name}Layer`] = step.layer
      fields[`${name}Ms`] = round(step.ms)
    }

    const answerMs = this.totalMs - lookupsEndedMs

    steps.push(['answer', answerMs])
    const [slowestStep] = steps.reduce((a, b) => (b[1] > a[1] ? b : a))

    return {
      message: 'transform: step timings',
      reason,
      totalMs: round(this.totalMs),
      parseMs: round(this.parsedMs ?? 0),
      ...fields,
      answerMs: round(answerMs),
      slowestStep,
      sampleRate: settings.sampleRate,
      slowMs: settings.slowMs,
    }
  }
}

function decide(
  logger: TimingLogger,
  timings: TransformTimings,
  settings: TimingLogSettings
) {
  const slow = timings.totalMs >= settings.slowMs

  if (!slow && !(Math.random() < settings.sampleRate)) return
  // After the answer is on its way: a log write is a synchronous pipe write.
  setImmediate(() => {
    if (slow) logger.warn(timings.line('slow', settings))
    else logger.info(timings.line('sampled', settings))
  })
}

/**
 * Logs the timings of a transform that is slow (warn) or falls in the sample
 * (info). `settings` are at hand on the hot path, or on their way after a
 * settings miss: neither delays the answer.
 */
export function logStepTimings(
  logger: TimingLogger,
  timings: TransformTimings,
  settings: TimingLogSettings | Promise<TimingLogSettings>
) {
  if (!timings.loggable) return
  if (settings instanceof Promise) {
    settings.then((known) => decide(logger, timings, known))
  } else {
    decide(logger, timings, settings)
  }
}
