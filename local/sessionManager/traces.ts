import { digest } from './log'
import type { FieldChange } from './mergeOutputs'
import type { WireNamespaces } from './types'
import { COOKIE_NAMESPACE } from './types'

export type AppCallStatus =
  | 'ok'
  | 'timeout'
  | 'network-error'
  | 'http-error'
  | 'invalid-response'
  | 'exception'

export interface AppRunTrace {
  app: string
  status: AppCallStatus
  httpStatus?: number
  /** When the call started, in ms after the cycle started. */
  offsetMs: number
  durationMs: number
  input: WireNamespaces
  /** Changes this app's outputs made once merged. */
  changes: FieldChange[]
  /** Output fields the app does not declare: dropped. */
  ignored: string[]
  /** Output entries not shaped `{value}`: dropped. */
  invalid: string[]
  error?: string
  /** `x-pricing-session-cache` response header, when the app sent one. */
  cache?: string
  /**
   * Which replica of the app served the call, when the front it went through
   * names one (the playground labels the bar with it).
   */
  replica?: string
}

export interface RoundTrace {
  round: number
  /** `create`: RunOnCreate apps called with an empty input. */
  kind: 'create' | 'transform'
  apps: AppRunTrace[]
  /** When the round started, in ms after the cycle started. */
  offsetMs: number
  durationMs: number
}

export interface SessionTrace {
  id: number
  sessionId: string
  trigger: 'create' | 'patch'
  at: string
  /** Changes from the request itself: public writes and cookies. */
  requestChanges: FieldChange[]
  rounds: RoundTrace[]
  loopCapHit: boolean
  /** Apps that still had changed inputs when the loop cap stopped the cycle. */
  pendingApps: string[]
  durationMs: number
}

export type TraceListener = (trace: SessionTrace) => void

/** Keeps the last `max` traces, oldest dropped first. */
export class TraceStore {
  private readonly traces: SessionTrace[] = []
  private readonly listeners = new Set<TraceListener>()
  private nextId = 1

  constructor(private readonly max = 200) {}

  public add(trace: Omit<SessionTrace, 'id'>): SessionTrace {
    const stored = { ...trace, id: this.nextId++ }

    this.traces.push(stored)
    if (this.traces.length > this.max) this.traces.shift()
    for (const listener of this.listeners) listener(stored)

    return stored
  }

  /** Calls `listener` with every trace added from now on; returns the unsubscribe. */
  public subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener)

    return () => this.listeners.delete(listener)
  }

  /** Oldest first. */
  public list(sessionId?: string): SessionTrace[] {
    return sessionId
      ? this.traces.filter((trace) => trace.sessionId === sessionId)
      : [...this.traces]
  }

  public latest(sessionId?: string): SessionTrace | undefined {
    const list = this.list(sessionId)

    return list[list.length - 1]
  }
}

/** Cookie values are credentials (locally: the shopper's email). */
export function redactChange(change: FieldChange): FieldChange {
  if (!change.field.startsWith(`${COOKIE_NAMESPACE}.`)) return change

  return {
    field: change.field,
    before: change.before === undefined ? undefined : digest(change.before),
    after: change.after === undefined ? undefined : digest(change.after),
  }
}

export function redactInput(input: WireNamespaces): WireNamespaces {
  const cookies = input[COOKIE_NAMESPACE]

  if (!cookies) return input
  const redacted: WireNamespaces[string] = {}

  for (const [name, { value }] of Object.entries(cookies)) {
    redacted[name] = { value: digest(value) }
  }

  return { ...input, [COOKIE_NAMESPACE]: redacted }
}
