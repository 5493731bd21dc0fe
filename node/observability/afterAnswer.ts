import { ALL_POLICIES } from '../cache/policies'
import { timingLogSettings } from '../lookups/appSettings'
import { logWorkerStatusIfDue } from './status'
import { logStepTimings } from './stepTimings'

/**
 * What a transform does once its answer is set, in the handler itself (no
 * promise reaction of its own): stops its step timings, decides on the
 * sampled or slow timing line (written later, on setImmediate), and carries
 * the worker's status line when the status clock says it is due.
 */
export function afterAnswer(ctx: Context) {
  const { timings } = ctx.state

  if (!timings) return
  timings.answered()
  const { logger } = ctx.vtex

  // Both callers answer after the lookups ended (or the deadline timed them):
  // the timings are loggable, and the settings are worth reading.
  logStepTimings(logger, timings, timingLogSettings(ctx, timings.answeredAt))

  logWorkerStatusIfDue(logger, ALL_POLICIES)
}
