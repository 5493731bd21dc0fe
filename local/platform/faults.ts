/**
 * What a stand-in can be made to suffer, and how a faults request spells it:
 * the services, the fault kinds, their bounds, and the validation that turns
 * a request body into them (a 400 naming the bad key, never a guess).
 * FaultController (faultController.ts) holds the armed state.
 */
import { HttpError } from './http'

export const SERVICES = ['pricing', 'graphql', 'vbase', 'settings'] as const
export type Service = (typeof SERVICES)[number]

export const FAULT_KINDS = [
  'down',
  'slow',
  'status',
  'garbage',
  'corrupt',
  'errors',
] as const

export type FaultKind = (typeof FAULT_KINDS)[number]

export interface Fault {
  kind: FaultKind
  /** `slow` only: how long to stall before answering normally. */
  ms?: number
  /** `status` only: the HTTP status to answer. */
  status?: number
  /** Calls left before the fault clears itself; absent = until reset. */
  count?: number
  /**
   * When the fault clears itself (ISO time), set from the `durationMs` the
   * caller gave; absent = until reset. Time and `count` each end it.
   */
  expiresAt?: string
}

export interface ServiceKnobs {
  fault: Fault | null
  /** Added to every call of the service (benchmarks), faulted or not. */
  delayMs: number
  /** Each call also waits a uniformly random 0…jitterMs on top of delayMs. */
  jitterMs: number
}

export type SettingsOverride = Record<string, unknown>

export interface FaultState {
  services: Record<Service, ServiceKnobs>
  settingsOverrides: Record<string, SettingsOverride>
}

/** What a single upstream call must suffer, decided when it arrives. */
export interface Affliction {
  fault: Fault | null
  delayMs: number
}

export const MAX_DELAY_MS = 10_000
export const LATENCY_KNOBS = ['delayMs', 'jitterMs'] as const
const MAX_COUNT = 100_000
const MAX_FAULT_DURATION_MS = 24 * 60 * 60 * 1000

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Durations and counts are clamped to `max`: "slow: 60000" still means slow. */
export function boundedInteger(
  value: unknown,
  where: string,
  [min, max]: [number, number]
) {
  if (!Number.isInteger(value) || (value as number) < min) {
    throw new HttpError(400, `${where} must be an integer >= ${min}`)
  }

  return Math.min(value as number, max)
}

function isErrorStatus(value: unknown): value is number {
  return Number.isInteger(value) && Number(value) >= 400 && Number(value) <= 599
}

export function rejectUnknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  where: string
) {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key))

  if (unknown.length > 0) {
    throw new HttpError(
      400,
      `${where}: unknown key(s) ${unknown.join(', ')}; allowed: ${allowed.join(
        ', '
      )}`
    )
  }
}

export function parseFault(value: unknown, service: Service): Fault | null {
  const where = `${service}.fault`

  if (value === null) return null
  if (!isRecord(value)) throw new HttpError(400, `${where} must be an object`)
  rejectUnknownKeys(
    value,
    ['kind', 'ms', 'status', 'count', 'durationMs'],
    where
  )

  const kind = value.kind as FaultKind

  if (!FAULT_KINDS.includes(kind)) {
    throw new HttpError(
      400,
      `${where}.kind must be one of ${FAULT_KINDS.join(', ')}`
    )
  }

  if (kind === 'corrupt' && service !== 'vbase') {
    throw new HttpError(400, `${where}: corrupt applies to vbase only`)
  }

  if (kind === 'errors' && service !== 'graphql') {
    throw new HttpError(400, `${where}: errors applies to graphql only`)
  }

  const fault: Fault = { kind }

  if (kind === 'slow') {
    fault.ms = boundedInteger(value.ms, `${where}.ms`, [0, MAX_DELAY_MS])
  }

  if (kind === 'status') {
    if (!isErrorStatus(value.status)) {
      throw new HttpError(400, `${where}.status must be an integer 400-599`)
    }

    fault.status = value.status
  }

  if (value.count !== undefined) {
    fault.count = boundedInteger(value.count, `${where}.count`, [1, MAX_COUNT])
  }

  if (value.durationMs !== undefined) {
    const durationMs = boundedInteger(value.durationMs, `${where}.durationMs`, [
      1,
      MAX_FAULT_DURATION_MS,
    ])

    fault.expiresAt = new Date(Date.now() + durationMs).toISOString()
  }

  return fault
}
