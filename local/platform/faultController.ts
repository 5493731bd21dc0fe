/**
 * The armed faults and latency knobs of every stand-in, shared by the
 * platform's servers: set over `/_local/platform/faults`, taken one call at a
 * time, cleared by count, time or reset.
 */
import { HttpError } from './http'
import type {
  Affliction,
  FaultState,
  Service,
  ServiceKnobs,
  SettingsOverride,
} from './faults'
import {
  boundedInteger,
  isRecord,
  LATENCY_KNOBS,
  MAX_DELAY_MS,
  parseFault,
  rejectUnknownKeys,
  SERVICES,
} from './faults'

/** Accounts with settings overrides at once: bounds what a request can grow. */
const MAX_OVERRIDDEN_ACCOUNTS = 1_000

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
