import type { IncomingHttpHeaders } from 'http'

import type { Service } from './faults'

export interface VBaseKeyStats {
  get: number
  put: number
  delete: number
}

export interface RecordedRequest {
  at: string
  method: string
  url: string
  headers: IncomingHttpHeaders
}

export interface Stats {
  vbase: VBaseKeyStats & {
    hits: number
    misses: number
    preconditionFailed: number
    faulted: number
    /** `{account}/{workspace}/{bucket}/{path}` → calls per method. */
    byKey: Record<string, VBaseKeyStats>
  }
  settings: {
    calls: number
    faulted: number
    byAccount: Record<string, number>
  }
  graphql: {
    calls: number
    faulted: number
    byId: Record<string, number>
    /** Calls refused, by why: the platform rule they broke. */
    refused: Record<string, number>
    /** `extensions.persistedQuery.sender` of the calls that got through. */
    senders: Record<string, number>
  }
  pricing: {
    calls: number
    faulted: number
    unauthorized: number
    /** `{organization}/{costCenter}` → calls. */
    byKey: Record<string, number>
    /** The last RECENT_REQUESTS requests, oldest first, headers as received. */
    requests: RecordedRequest[]
  }
  /** Calls to hosts outside VTEX, through the outbound proxy stand-in. */
  outbound: {
    /** Let out: credential and policy checked. */
    out: number
    /** Refused, by why: `no-credential`, `not-admitted`. */
    refused: Record<string, number>
  }
  /** Proxy requests no stand-in answers (502). */
  unrouted: number
}

export const RECENT_REQUESTS = 200
// Benchmarks may touch many keys; past this many, new keys share one bucket.
const MAX_KEYS = 10_000
const OVERFLOW_KEY = '(other keys)'

function emptyStats(): Stats {
  return {
    vbase: {
      get: 0,
      put: 0,
      delete: 0,
      hits: 0,
      misses: 0,
      preconditionFailed: 0,
      faulted: 0,
      byKey: {},
    },
    settings: { calls: 0, faulted: 0, byAccount: {} },
    graphql: { calls: 0, faulted: 0, byId: {}, refused: {}, senders: {} },
    pricing: { calls: 0, faulted: 0, unauthorized: 0, byKey: {}, requests: [] },
    outbound: { out: 0, refused: {} },
    unrouted: 0,
  }
}

function boundedKey(map: Record<string, unknown>, key: string) {
  return key in map || Object.keys(map).length < MAX_KEYS ? key : OVERFLOW_KEY
}

function bump(map: Record<string, number>, key: string) {
  const slot = boundedKey(map, key)

  map[slot] = (map[slot] ?? 0) + 1
}

export class StatsRecorder {
  private stats = emptyStats()

  public snapshot(): Stats {
    return structuredClone(this.stats)
  }

  public reset() {
    this.stats = emptyStats()
  }

  public faulted(service: Service) {
    this.stats[service].faulted += 1
  }

  public vbaseCall(method: keyof VBaseKeyStats, key: string) {
    const { vbase } = this.stats
    const slot = boundedKey(vbase.byKey, key)
    const perKey = vbase.byKey[slot] ?? { get: 0, put: 0, delete: 0 }

    vbase.byKey[slot] = perKey
    vbase[method] += 1
    perKey[method] += 1
  }

  public vbaseOutcome(outcome: 'hits' | 'misses' | 'preconditionFailed') {
    this.stats.vbase[outcome] += 1
  }

  public settingsCall(account: string) {
    this.stats.settings.calls += 1
    bump(this.stats.settings.byAccount, account)
  }

  public graphqlCall(costCenterId: string | undefined) {
    this.stats.graphql.calls += 1
    if (costCenterId !== undefined) bump(this.stats.graphql.byId, costCenterId)
  }

  public graphqlRefused(reason: string) {
    bump(this.stats.graphql.refused, reason)
  }

  public graphqlSender(sender: string) {
    bump(this.stats.graphql.senders, sender)
  }

  public pricingRequest(request: Omit<RecordedRequest, 'at'>) {
    const { requests } = this.stats.pricing

    requests.push({ at: new Date().toISOString(), ...request })
    if (requests.length > RECENT_REQUESTS) requests.shift()
  }

  public pricingCall(key: string | undefined) {
    this.stats.pricing.calls += 1
    if (key !== undefined) bump(this.stats.pricing.byKey, key)
  }

  public pricingUnauthorized() {
    this.stats.pricing.unauthorized += 1
  }

  public outboundCall(outcome: 'out' | 'no-credential' | 'not-admitted') {
    if (outcome === 'out') this.stats.outbound.out += 1
    else bump(this.stats.outbound.refused, outcome)
  }

  public unrouted() {
    this.stats.unrouted += 1
  }
}
