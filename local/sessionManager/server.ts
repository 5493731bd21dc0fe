import http from 'http'

import { appTokenFor } from '../platform/appTokens'
import { close, listen } from '../platform/http'
import { createAppCaller } from './appCaller'
import type { AppStatusTarget } from './appStatusRelay'
import { EventStream } from './eventStream'
import { HttpError, sendJson } from './httpUtils'
import { createLocalRoutes } from './localRoutes'
import { jsonLineLogger } from './log'
import type { PlatformSnapshot } from './platformRelay'
import { createPlatformRelay, watchPlatform } from './platformRelay'
import { createSessionsApi } from './sessionsApi'
import { SessionStore } from './sessionStore'
import { TraceStore } from './traces'
import type { TransformEngine } from './transformCycle'
import type { Logger, SessionManagerApp } from './types'

export interface SessionManagerOptions {
  /** 0 (default) picks a free port. */
  port?: number
  apps: SessionManagerApp[]
  loopCap?: number
  /**
   * Send HTTP apps every field of each namespace they read, not only the
   * declared inputs: the public record says each declared input is sent, not
   * that nothing else is. Default false.
   */
  wholeInputNamespaces?: boolean
  appTimeoutMs?: number
  /** Connections to each HTTP app at most (default 64); more calls queue. */
  appConnections?: number
  account: string
  workspace: string
  /** Sent to HTTP apps as `x-vtex-credential` (default: the app token). */
  credential?: string
  maxSessions?: number
  maxTraces?: number
  log?: Logger
  /**
   * The platform stand-in's proxy URL: the playground reaches its faults,
   * counters and fixtures through `/_local/platform/*` on this origin.
   */
  platformUrl?: string
  /** The app worker's private status route, for `/_local/app/status`. */
  appStatus?: AppStatusTarget
}

export interface RunningSessionManager {
  url: string
  port: number
  traces: TraceStore
  sessions: SessionStore
  stop(): Promise<void>
}

function assertUniqueApps(apps: SessionManagerApp[]) {
  const seen = new Set<string>()

  for (const app of apps) {
    if (seen.has(app.config.name)) {
      throw new Error(`session app "${app.config.name}" registered twice`)
    }

    seen.add(app.config.name)
    if (!app.transform && !app.url) {
      throw new Error(
        `session app "${app.config.name}" needs a url or a transform`
      )
    }
  }
}

export async function startSessionManager(
  options: SessionManagerOptions
): Promise<RunningSessionManager> {
  assertUniqueApps(options.apps)
  const log = options.log ?? jsonLineLogger
  const traces = new TraceStore(options.maxTraces ?? 200)
  const sessions = new SessionStore(options.maxSessions ?? 10_000)
  const caller = createAppCaller({
    account: options.account,
    workspace: options.workspace,
    // The router hands each app its own token for the account.
    credential: options.credential ?? appTokenFor(options.account),
    timeoutMs: options.appTimeoutMs ?? 2000,
    maxConnections: options.appConnections,
  })

  const engine: TransformEngine = {
    apps: options.apps,
    loopCap: options.loopCap ?? 10,
    wholeInputNamespaces: options.wholeInputNamespaces ?? false,
    caller,
    traces,
    log,
  }

  const sessionsApi = createSessionsApi(sessions, engine)

  // The playground's live feed: a `cycle` per trace, `platform` when faults
  // or counters change (watched only while a page listens).
  let platformWatch: ReturnType<typeof watchPlatform> | undefined
  const events = new EventStream({
    whileWatched: () => platformWatch?.start() ?? (() => undefined),
  })

  const platform =
    options.platformUrl === undefined
      ? undefined
      : createPlatformRelay(options.platformUrl, () => platformWatch?.refresh())

  if (platform) {
    platformWatch = watchPlatform(platform, (snapshot: PlatformSnapshot) =>
      events.broadcast('platform', snapshot)
    )
  }

  const unsubscribe = traces.subscribe((trace) => {
    events.broadcast('cycle', {
      traceId: trace.id,
      sessionId: trace.sessionId,
      trigger: trace.trigger,
      at: trace.at,
    })
    // A cycle moves the upstream counters.
    if (events.size > 0) platformWatch?.refresh()
  })

  const localRoutes = createLocalRoutes({
    apps: options.apps,
    traces,
    sessions,
    events,
    platform,
    appStatus: options.appStatus,
    initialEvents: () => {
      const last = platformWatch?.last()

      return last ? [{ event: 'platform', data: last }] : []
    },
  })

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const handled = url.pathname.startsWith('/_local')
      ? localRoutes.handle(req, res, url)
      : sessionsApi.handle(req, res, url)

    handled.catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (!res.headersSent) {
          sendJson(res, error.status, {
            error: error.message,
            ...error.details,
          })
        }

        return
      }

      log({
        event: 'request-failed',
        method: req.method,
        path: url.pathname,
        error: (error as Error).message,
      })
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
    })
  })

  const url = await listen(server, options.port ?? 0)
  const port = Number(new URL(url).port)

  log({ event: 'session-manager-started', port, apps: options.apps.length })

  return {
    url,
    port,
    traces,
    sessions,
    stop: () => {
      caller.close()
      unsubscribe()
      events.close()

      return close(server)
    },
  }
}
