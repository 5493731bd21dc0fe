/**
 * The transform cycle: rounds of concurrent app calls until no app has a
 * changed input, bounded by the loop cap.
 */
import { fieldKey } from '../../session-config'
import type { AppCaller, AppCallResult } from './appCaller'
import type { FieldChange } from './mergeOutputs'
import {
  applyWrites,
  filterDeclared,
  parseWrites,
  readField,
} from './mergeOutputs'
import type { Session } from './sessionStore'
import { toWire } from './sessionStore'
import type {
  AppRunTrace,
  RoundTrace,
  SessionTrace,
  TraceStore,
} from './traces'
import { redactChange, redactInput } from './traces'
import type { Logger, SessionManagerApp, WireNamespaces } from './types'

export interface TransformEngine {
  apps: SessionManagerApp[]
  loopCap: number
  /** Send every field of each namespace an app reads (see server.ts). */
  wholeInputNamespaces?: boolean
  caller: AppCaller
  traces: TraceStore
  log: Logger
}

interface PlannedCall {
  app: SessionManagerApp
  input: WireNamespaces
  signature: string
}

/** Every declared input present in the session (absent fields omitted). */
function inputsOf(app: SessionManagerApp, session: Session): WireNamespaces {
  const input: WireNamespaces = {}

  for (const ref of app.config.inputs) {
    const value = readField(session.namespaces, fieldKey(ref))

    if (value !== undefined) {
      input[ref.namespace] = { ...input[ref.namespace], [ref.field]: { value } }
    }
  }

  return input
}

/** The body sent: the declared inputs, or their whole namespaces. */
function bodyOf(
  app: SessionManagerApp,
  session: Session,
  declared: WireNamespaces
): WireNamespaces {
  const body: WireNamespaces = { ...declared }

  for (const { namespace } of app.config.inputs) {
    const fields = session.namespaces[namespace]

    if (fields) Object.assign(body, toWire({ [namespace]: fields }))
  }

  return body
}

function planRound(
  engine: TransformEngine,
  session: Session,
  failed: Set<string>
): PlannedCall[] {
  return engine.apps.flatMap((app) => {
    const { name } = app.config

    // A failed app waits for the next session change instead of being
    // retried every round (which would spin until the loop cap).
    if (failed.has(name)) return []
    const declared = inputsOf(app, session)
    // Due when a declared input changed, whatever else the body carries.
    const signature = JSON.stringify(declared)
    const last = session.lastInputs.get(name)
    const due =
      last === undefined ? Object.keys(declared).length > 0 : last !== signature

    return due
      ? [
          {
            app,
            input: engine.wholeInputNamespaces
              ? bodyOf(app, session, declared)
              : declared,
            signature,
          },
        ]
      : []
  })
}

const roundMs = (ms: number) => Math.round(ms * 10) / 10

/** Merges one app's answer; returns its trace entry. */
function mergeResult(
  session: Session,
  call: PlannedCall,
  { result, offsetMs }: TimedResult
): AppRunTrace {
  const entry: AppRunTrace = {
    app: call.app.config.name,
    status: result.status,
    httpStatus: result.httpStatus,
    offsetMs,
    durationMs: result.durationMs,
    input: redactInput(call.input),
    changes: [],
    ignored: [],
    invalid: [],
    error: result.error,
    cache: result.cache,
    replica: result.replica,
  }

  if (result.status !== 'ok') return entry
  const { writes, invalid } = parseWrites(result.body)

  if (invalid.includes('<body>')) {
    return {
      ...entry,
      status: 'invalid-response',
      error: 'answer is not an object',
    }
  }

  const declared = new Set(call.app.config.outputs.map(fieldKey))
  const { allowed, ignored } = filterDeclared(writes, declared)

  session.lastInputs.set(entry.app, call.signature)

  return {
    ...entry,
    changes: applyWrites(session.namespaces, allowed),
    ignored,
    invalid,
  }
}

interface TimedResult {
  result: AppCallResult
  /** When the call started, ms after the cycle started. */
  offsetMs: number
}

interface RoundPlan {
  round: number
  kind: RoundTrace['kind']
  calls: PlannedCall[]
  /** `performance.now()` when the cycle started: offsets count from it. */
  cycleStart: number
}

async function runRound(
  engine: TransformEngine,
  session: Session,
  { round, kind, calls, cycleStart }: RoundPlan
): Promise<RoundTrace> {
  const started = performance.now()
  const results = await Promise.all(
    calls.map(async (call): Promise<TimedResult> => {
      const offsetMs = roundMs(performance.now() - cycleStart)

      return {
        result: await engine.caller.call(call.app, call.input),
        offsetMs,
      }
    })
  )

  // Merge in registry order so concurrent answers apply deterministically.
  const apps = calls.map((call, index) => {
    const entry = mergeResult(session, call, results[index])

    if (entry.status !== 'ok') {
      engine.log({
        event: 'app-call-failed',
        session: session.id,
        app: entry.app,
        status: entry.status,
        httpStatus: entry.httpStatus,
        durationMs: entry.durationMs,
      })
    }

    if (entry.ignored.length > 0 || entry.invalid.length > 0) {
      engine.log({
        event: 'app-output-dropped',
        session: session.id,
        app: entry.app,
        undeclared: entry.ignored,
        malformed: entry.invalid,
      })
    }

    return entry
  })

  return {
    round,
    kind,
    apps,
    offsetMs: roundMs(started - cycleStart),
    durationMs: roundMs(performance.now() - started),
  }
}

export interface CycleRequest {
  trigger: SessionTrace['trigger']
  /** What the request itself changed (public writes, cookies). */
  requestChanges: FieldChange[]
}

export async function runTransformCycle(
  engine: TransformEngine,
  session: Session,
  { trigger, requestChanges }: CycleRequest
): Promise<SessionTrace> {
  const started = performance.now()
  const rounds: RoundTrace[] = []
  const failed = new Set<string>()

  if (trigger === 'create') {
    const onCreate = engine.apps
      .filter((app) => app.config.runOnCreate)
      .map((app) => ({ app, input: {}, signature: '{}' }))

    if (onCreate.length > 0) {
      rounds.push(
        await runRound(engine, session, {
          round: 0,
          kind: 'create',
          calls: onCreate,
          cycleStart: started,
        })
      )
    }
  }

  for (const entry of rounds.flatMap((round) => round.apps)) {
    if (entry.status !== 'ok') failed.add(entry.app)
  }

  let pending = planRound(engine, session, failed)
  let round = 1

  while (pending.length > 0 && round <= engine.loopCap) {
    // Rounds are sequential by nature: each one plans from the previous merge.
    // eslint-disable-next-line no-await-in-loop
    const trace = await runRound(engine, session, {
      round,
      kind: 'transform',
      calls: pending,
      cycleStart: started,
    })

    rounds.push(trace)
    for (const entry of trace.apps) {
      if (entry.status !== 'ok') failed.add(entry.app)
    }

    pending = planRound(engine, session, failed)
    round += 1
  }

  const loopCapHit = pending.length > 0
  const pendingApps = pending.map((call) => call.app.config.name)

  if (loopCapHit) {
    const lastRound = rounds[rounds.length - 1]

    engine.log({
      event: 'loop-cap-hit',
      session: session.id,
      loopCap: engine.loopCap,
      pendingApps,
      lastChangedFields: lastRound.apps.flatMap((entry) =>
        entry.changes.map((change) => `${entry.app}:${change.field}`)
      ),
    })
  }

  session.updatedAt = Date.now()
  const durationMs = roundMs(performance.now() - started)

  engine.log({
    event: 'transform-cycle',
    session: session.id,
    trigger,
    rounds: rounds.length,
    loopCapHit,
    durationMs,
  })

  return engine.traces.add({
    sessionId: session.id,
    trigger,
    at: new Date().toISOString(),
    requestChanges: requestChanges.map(redactChange),
    rounds,
    loopCapHit,
    pendingApps,
    durationMs,
  })
}
