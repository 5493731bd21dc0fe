/**
 * `/_local/*` on the Session Manager emulator: the playground page and its
 * static files, the JSON the page reads (traces, sessions, the app worker's
 * status), its event stream and the platform relay. Nothing here exists on VTEX.
 */
import { readFile } from 'fs/promises'
import type { IncomingMessage, ServerResponse } from 'http'
import { join } from 'path'

import type { AppStatusTarget } from './appStatusRelay'
import { relayAppStatus } from './appStatusRelay'
import type { EventStream } from './eventStream'
import { HttpError, parseCookies, sendJson } from './httpUtils'
import type { PlatformRelay } from './platformRelay'
import type { SessionStore } from './sessionStore'
import { selectItems, withSessionLock } from './sessionStore'
import { SESSION_COOKIE } from './sessionsApi'
import type { TraceStore } from './traces'
import type { SessionManagerApp } from './types'

export const PLAYGROUND_DIR = join(__dirname, '..', 'playground')
const RECENT_SESSIONS_LISTED = 20
const ASSET_NAME = /^[a-z][a-zA-Z0-9-]*\.(js|css)$/

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
}

// The page loads nothing from elsewhere: the browser enforces it, offline or not.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

export interface LocalRoutesDeps {
  apps: SessionManagerApp[]
  traces: TraceStore
  sessions: SessionStore
  events: EventStream
  /** Absent when the emulator runs without the platform stand-in. */
  platform?: PlatformRelay
  /** The app worker's private status route, when there is one. */
  appStatus?: AppStatusTarget
  /** Events a page needs as soon as it connects (e.g. the platform state). */
  initialEvents: () => Array<{ event: string; data: unknown }>
}

/** Read on every request, so an edited page shows on reload. */
async function sendPlaygroundFile(res: ServerResponse, name: string) {
  const extension = name.slice(name.lastIndexOf('.') + 1)
  let content: Buffer

  try {
    content = await readFile(join(PLAYGROUND_DIR, name))
  } catch {
    throw new HttpError(404, `no playground file ${name}`)
  }

  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extension],
    'content-length': content.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  })
  res.end(content)
}

function sessionSummary(session: {
  id: string
  createdAt: number
  updatedAt: number
}) {
  return {
    id: session.id,
    createdAt: new Date(session.createdAt).toISOString(),
    updatedAt: new Date(session.updatedAt).toISOString(),
  }
}

/** What each app reads and writes, as `namespace.field`. */
function appsSummary(apps: SessionManagerApp[]) {
  const keys = (refs: Array<{ namespace: string; field: string }>) =>
    refs.map((ref) => `${ref.namespace}.${ref.field}`)

  return apps.map(({ config }) => ({
    name: config.name,
    runOnCreate: config.runOnCreate,
    inputs: keys(config.inputs),
    outputs: keys(config.outputs),
  }))
}

export function createLocalRoutes(deps: LocalRoutesDeps) {
  const { traces, sessions } = deps

  const getRoutes = async (
    req: IncomingMessage,
    { res, url, path }: { res: ServerResponse; url: URL; path: string }
  ) => {
    if (path === '/_local' || path === '/_local/') {
      return sendPlaygroundFile(res, 'index.html')
    }

    if (path.startsWith('/_local/assets/')) {
      const name = path.slice('/_local/assets/'.length)

      if (!ASSET_NAME.test(name)) throw new HttpError(404, 'no such asset')

      return sendPlaygroundFile(res, name)
    }

    if (path === '/_local/trace') {
      const requested = url.searchParams.get('session') ?? undefined

      return sendJson(res, 200, { traces: traces.list(requested) })
    }

    if (path === '/_local/apps') {
      return sendJson(res, 200, { apps: appsSummary(deps.apps) })
    }

    // The page's own session, if its cookie names a live one: unlike
    // GET /api/sessions, no 404 (and no console error) on a first visit.
    if (path === '/_local/own-session') {
      const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE)

      return sendJson(res, 200, {
        id: id && sessions.peek(id) ? id : null,
      })
    }

    if (path === '/_local/sessions') {
      return sendJson(res, 200, {
        sessions: sessions.recent(RECENT_SESSIONS_LISTED).map(sessionSummary),
      })
    }

    if (path.startsWith('/_local/sessions/')) {
      const id = decodeURIComponent(path.slice('/_local/sessions/'.length))
      // Peek without bumping it in the LRU: watching is not using.
      const session = sessions.peek(id)

      if (!session) throw new HttpError(404, 'unknown session')
      // Wait for an in-flight cycle, as GET /api/sessions does.
      const namespaces = await withSessionLock(session, async () =>
        selectItems(session.namespaces, '*')
      )

      return sendJson(res, 200, { ...sessionSummary(session), namespaces })
    }

    if (path === '/_local/app/status') {
      return relayAppStatus(res, deps.appStatus)
    }

    if (path === '/_local/events') {
      return deps.events.open(res, deps.initialEvents())
    }

    throw new HttpError(404, `no local page ${path}`)
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL) {
      const path = url.pathname

      if (path.startsWith('/_local/platform/')) {
        if (!deps.platform) {
          req.resume()
          throw new HttpError(404, 'no platform stand-in behind this emulator')
        }

        return deps.platform.handle(
          req,
          res,
          path.slice('/_local/platform/'.length)
        )
      }

      if (req.method !== 'GET') {
        req.resume()
        throw new HttpError(405, 'GET only')
      }

      return getRoutes(req, { res, url, path })
    },
  }
}
