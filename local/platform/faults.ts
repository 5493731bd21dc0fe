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
const LATENCY_KNOBS = ['delayMs', 'jitterMs'] as const
const MAX_COUNT = 100_000
const MAX_FAULT_DURATION_MS = 24 * 60 * 60 * 1000
const MAX_OVERRIDDEN_ACCOUNTS = 1_000

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Durations and counts are clamped to `max`: "slow: 60000" still means slow. */
function boundedInteger(
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

function rejectUnknownKeys(
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

function parseFault(value: unknown, service: Service): Fault | null {
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

function emptyServices(): Record<Service, ServiceKnobs> {
  const services = {} as Record<Service, ServiceKnobs>

  for (const service of SERVICES)
    services[service] = { fault: null, delayMs: 0, jitterMs: 0 }

  return services
}

/**
 * Holds the knobs that make stand-ins misbehave. Input format (every key is
 * optional; a service's `fault: null` clears its fault):
 * `{ "pricing": { "fault": { "kind": "status", "status": 500, "count": 2,
 *    "durationMs": 60000 }, "delayMs": 20, "jitterMs": 10 },
 *    "settingsOverrides": { "acme": { ... } | null } }`
 */
export class FaultController {
  private services = emptyServices()
  private settingsOverrides: Record<string, SettingsOverride> = {}

  /** Validates everything first, so a bad request changes nothing. */
  public set(input: unknown): FaultState {
    if (!isRecord(input)) {
      throw new HttpError(400, 'faults body must be a JSON object')
    }

    rejectUnknownKeys(input, [...SERVICES, 'settingsOverrides'], 'faults')
    const updates: Array<() => void> = []

    for (const service of SERVICES) {
      const knobs = input[service]

      if (knobs === undefined) continue
      if (!isRecord(knobs)) {
        throw new HttpError(400, `${service} must be an object`)
      }

      rejectUnknownKeys(knobs, ['fault', ...LATENCY_KNOBS], service)

      if (knobs.fault !== undefined) {
        const fault = parseFault(knobs.fault, service)

        updates.push(() => (this.services[service].fault = fault))
      }

      for (const knob of LATENCY_KNOBS) {
        if (knobs[knob] === undefined) continue
        const ms = boundedInteger(knobs[knob], `${service}.${knob}`, [
          0,
          MAX_DELAY_MS,
        ])

        updates.push(() => (this.services[service][knob] = ms))
      }
    }

    if (input.settingsOverrides !== undefined) {
      updates.push(this.parseSettingsOverrides(input.settingsOverrides))
    }

    updates.forEach((update) => update())

    return this.state()
  }

  public reset() {
    this.services = emptyServices()
    this.settingsOverrides = {}
  }

  public state(): FaultState {
    this.clearExpired()

    return structuredClone({
      services: this.services,
      settingsOverrides: this.settingsOverrides,
    })
  }

  /**
   * Decides what one call suffers and uses up one `count`. `corrupt` only
   * hits reads, so a corrupt fault waits for the next vbase GET.
   */
  public take(service: Service, isRead = true): Affliction {
    this.clearExpired()
    const knobs = this.services[service]
    const { fault } = knobs
    const applies = fault !== null && (fault.kind !== 'corrupt' || isRead)

    const delayMs = knobs.delayMs + Math.round(Math.random() * knobs.jitterMs)

    if (!applies || fault === null) return { fault: null, delayMs }

    const taken = { ...fault }

    if (fault.count !== undefined) {
      fault.count -= 1
      if (fault.count <= 0) knobs.fault = null
    }

    return { fault: taken, delayMs }
  }

  private clearExpired() {
    const now = Date.now()

    for (const knobs of Object.values(this.services)) {
      const expiresAt = knobs.fault?.expiresAt

      if (expiresAt !== undefined && Date.parse(expiresAt) <= now) {
        knobs.fault = null
      }
    }
  }

  public settingsFor(account: string): SettingsOverride | undefined {
    return this.settingsOverrides[account]
  }

  private parseSettingsOverrides(value: unknown) {
    if (!isRecord(value)) {
      throw new HttpError(400, 'settingsOverrides must be an object')
    }

    const next = { ...this.settingsOverrides }

    for (const [account, settings] of Object.entries(value)) {
      if (settings === null) {
        delete next[account]
      } else if (isRecord(settings)) {
        next[account] = structuredClone(settings)
      } else {
        throw new HttpError(
          400,
          `settingsOverrides.${account} must be an object or null`
        )
      }
    }

    if (Object.keys(next).length > MAX_OVERRIDDEN_ACCOUNTS) {
      throw new HttpError(400, 'too many settingsOverrides accounts')
    }

    return () => {
      this.settingsOverrides = next
    }
  }
}
