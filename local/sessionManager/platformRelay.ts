/**
 * `/_local/platform/*`: the platform stand-in's knobs and counters relayed
 * through the emulator's own origin, so the playground needs no other port
 * (and none a browser refuses), plus a watch that tells the playground when
 * faults or counters changed, whoever changed them.
 */
import type { IncomingMessage, ServerResponse } from 'http'

import type { FaultState, Stats } from '../platform'
import { readBody } from '../platform/http'
import { HttpError, relayJson } from './httpUtils'

const MAX_BODY_BYTES = 64 * 1024
const WATCH_INTERVAL_MS = 1000

/** `METHOD subpath` under /_local/platform/ → the platform's /_local path. */
const ROUTES: Record<string, string> = {
  'GET faults': '/_local/faults',
  'POST faults': '/_local/faults',
  'DELETE faults': '/_local/faults',
  'GET stats': '/_local/stats',
  'POST stats/reset': '/_local/stats/reset',
  'GET fixtures': '/_local/fixtures',
}

/** The counters the playground shows, per upstream. */
export interface UpstreamCounters {
  pricing: { calls: number; faulted: number; unauthorized: number }
  graphql: { calls: number; faulted: number }
  vbase: {
    get: number
    put: number
    hits: number
    misses: number
    faulted: number
  }
  settings: { calls: number; faulted: number }
  unrouted: number
}

export type PlatformSnapshot =
  | { reachable: true; faults: FaultState; counters: UpstreamCounters }
  | { reachable: false; error: string }

export interface PlatformRelay {
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    subpath: string
  ): Promise<void>
  snapshot(): Promise<PlatformSnapshot>
}

function countersOf(stats: Stats): UpstreamCounters {
  const { pricing, graphql, vbase, settings } = stats

  return {
    pricing: {
      calls: pricing.calls,
      faulted: pricing.faulted,
      unauthorized: pricing.unauthorized,
    },
    graphql: { calls: graphql.calls, faulted: graphql.faulted },
    vbase: {
      get: vbase.get,
      put: vbase.put,
      hits: vbase.hits,
      misses: vbase.misses,
      faulted: vbase.faulted,
    },
    settings: { calls: settings.calls, faulted: settings.faulted },
    unrouted: stats.unrouted,
  }
}

export function createPlatformRelay(
  platformUrl: string,
  onChange: () => void
): PlatformRelay {
  const unreachable = (path: string) =>
    new HttpError(502, `platform stand-in unreachable at ${platformUrl}${path}`)

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${platformUrl}${path}`).catch(() => {
      throw unreachable(path)
    })

    return (await response.json()) as T
  }

  return {
    async handle(req, res, subpath) {
      const path = ROUTES[`${req.method} ${subpath}`]

      if (!path) {
        req.resume()
        throw new HttpError(
          404,
          `no platform endpoint ${req.method} ${subpath}`
        )
      }

      const body =
        req.method === 'POST' ? await readBody(req, MAX_BODY_BYTES) : undefined

      // Only a JSON POST is relayed: a cross-site form cannot send one
      // without a CORS preflight, which this origin never grants.
      if (
        body &&
        !/^application\/json\b/i.test(req.headers['content-type'] ?? '')
      ) {
        throw new HttpError(415, 'send the body as application/json')
      }

      const response = await fetch(`${platformUrl}${path}`, {
        method: req.method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body?.length ? body : undefined,
      }).catch(() => {
        throw unreachable(path)
      })

      await relayJson(res, response, `platform stand-in, for ${path},`)
      if (req.method !== 'GET') onChange()
    },
    async snapshot() {
      try {
        const [faults, stats] = await Promise.all([
          getJson<FaultState>('/_local/faults'),
          getJson<Stats>('/_local/stats'),
        ])

        return { reachable: true, faults, counters: countersOf(stats) }
      } catch (error) {
        return { reachable: false, error: (error as Error).message }
      }
    },
  }
}

export interface PlatformWatch {
  /** Polls now (an action changed something); broadcasts if it differs. */
  refresh(): void
  /** Polls every second until the returned function is called. */
  start(): () => void
  /** The last snapshot seen, if any. */
  last(): PlatformSnapshot | undefined
}

/**
 * Watches the platform for the playground: faults expire and curl or tests
 * change knobs behind the emulator's back, so it polls (only while a page
 * listens) and broadcasts what changed.
 */
export function watchPlatform(
  relay: Pick<PlatformRelay, 'snapshot'>,
  broadcast: (snapshot: PlatformSnapshot) => void
): PlatformWatch {
  let lastSnapshot: PlatformSnapshot | undefined
  let lastText = ''
  let polling = false
  let again = false

  const poll = async () => {
    if (polling) {
      again = true

      return
    }

    polling = true
    try {
      do {
        again = false
        // One poll at a time; `again` folds the refreshes that came meanwhile.
        // eslint-disable-next-line no-await-in-loop
        const snapshot = await relay.snapshot()
        const text = JSON.stringify(snapshot)

        if (text !== lastText) {
          lastText = text
          lastSnapshot = snapshot
          broadcast(snapshot)
        }
      } while (again)
    } finally {
      polling = false
    }
  }

  // poll() never rejects (snapshot() catches); nothing awaits it.
  const pollInBackground = () => {
    poll().catch(() => undefined)
  }

  return {
    refresh: pollInBackground,
    start() {
      pollInBackground()
      const timer = setInterval(pollInBackground, WATCH_INTERVAL_MS)

      timer.unref()

      return () => clearInterval(timer)
    },
    last: () => lastSnapshot,
  }
}
