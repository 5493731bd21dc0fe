import { randomUUID } from 'crypto'

import type { Namespaces, WireNamespaces } from './types'
import { COOKIE_NAMESPACE } from './types'

export interface Session {
  id: string
  namespaces: Namespaces
  /** App name → signature of the inputs it last ran with successfully. */
  lastInputs: Map<string, string>
  createdAt: number
  updatedAt: number
  /** Tail of the per-session work queue (serialises transform cycles). */
  queue: Promise<unknown>
}

/** In-memory sessions, least recently used evicted first (Map keeps order). */
export class SessionStore {
  private readonly sessions = new Map<string, Session>()

  constructor(private readonly maxSessions = 10_000) {}

  public create(): Session {
    const now = Date.now()
    const session: Session = {
      id: randomUUID(),
      namespaces: {},
      lastInputs: new Map(),
      createdAt: now,
      updatedAt: now,
      queue: Promise.resolve(),
    }

    this.sessions.set(session.id, session)
    if (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value

      if (oldest !== undefined) this.sessions.delete(oldest)
    }

    return session
  }

  public get(id: string | undefined): Session | undefined {
    if (!id) return undefined
    const session = this.sessions.get(id)

    if (session) {
      this.sessions.delete(id)
      this.sessions.set(id, session)
    }

    return session
  }

  /** Like get(), without counting as a use (eviction order unchanged). */
  public peek(id: string): Session | undefined {
    return this.sessions.get(id)
  }

  /** Most recently used first. */
  public recent(limit: number): Session[] {
    return [...this.sessions.values()].reverse().slice(0, limit)
  }
}

/** Runs `work` after every earlier piece of work on the same session. */
export function withSessionLock<T>(
  session: Session,
  work: () => Promise<T>
): Promise<T> {
  const result = session.queue.then(work, work)

  session.queue = result.catch(() => undefined)

  return result
}

export function toWire(namespaces: Namespaces): WireNamespaces {
  const wire: WireNamespaces = {}

  for (const [namespace, fields] of Object.entries(namespaces)) {
    wire[namespace] = {}
    for (const [field, value] of Object.entries(fields)) {
      wire[namespace][field] = { value }
    }
  }

  return wire
}

/**
 * Answers `items=ns.field,ns.*,*` like `GET /api/sessions`. Without `items`
 * everything is returned (handy locally); the cookie namespace never is.
 */
export function selectItems(
  namespaces: Namespaces,
  items: string | null
): WireNamespaces {
  const wanted = (items ?? '*')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

  const selected: Namespaces = {}

  for (const [namespace, fields] of Object.entries(namespaces)) {
    if (namespace === COOKIE_NAMESPACE) continue
    for (const [field, value] of Object.entries(fields)) {
      const matches = wanted.some(
        (item) =>
          item === '*' ||
          item === `${namespace}.*` ||
          item === `${namespace}.${field}`
      )

      if (matches)
        selected[namespace] = { ...selected[namespace], [field]: value }
    }
  }

  return toWire(selected)
}

/** The segment: the part of the session page caches key on. */
export function buildSegment(namespaces: Namespaces): Record<string, unknown> {
  const read = (namespace: string, field: string) =>
    namespaces[namespace]?.[field] || null

  return {
    campaigns: null,
    channel: read('store', 'channel') ?? read('public', 'sc') ?? '1',
    priceTables:
      read('storefront-permissions', 'priceTables') ??
      read('profile', 'priceTables'),
    regionId: read('checkout', 'regionId') ?? read('public', 'regionId'),
    utm_campaign: read('public', 'utm_campaign'),
    utm_source: read('public', 'utm_source'),
    utmi_campaign: read('public', 'utmi_campaign'),
    currencyCode: read('store', 'currencyCode'),
    currencySymbol: read('store', 'currencySymbol'),
    countryCode: read('store', 'countryCode'),
    cultureInfo: read('store', 'cultureInfo'),
    channelPrivacy: 'public',
  }
}

/** `vtex_segment` is base64 of the segment JSON, as on the platform. */
export function encodeSegment(segment: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(segment)).toString('base64')
}
