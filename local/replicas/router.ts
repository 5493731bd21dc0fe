/**
 * The VTEX router's part in front of the app's replicas, locally: one port,
 * requests handed round-robin to the replicas that are up, bodies streamed
 * both ways untouched. A replica whose process exited, or that refuses a
 * connection, gets no more requests. A request already on a replica when it
 * dies is answered 502, as the platform answers a request whose pod died
 * under it; transforms are idempotent, so Session Manager's next change
 * simply asks again.
 *
 * A request for a private route of the app (service.json `public: false`,
 * at `/{account}/{workspace}{path}`) passes VTEX ID and the route's policies
 * first (routePolicies.ts): refused 401/403 with a JSON error, or forwarded
 * with the tenant of its path and the app's token, as the platform forwards
 * it. Every other request goes through as it came.
 */
import http from 'http'
import type { IncomingHttpHeaders } from 'http'

import { appTokenFor } from '../platform/appTokens'
import { close, listen } from '../platform/http'
import type { ServiceRoute } from './routePolicies'
import { privateRoutes, readServiceRoutes } from './routePolicies'

/** The response header naming the replica that answered (local only). */
export const REPLICA_HEADER = 'x-pricing-session-replica'

export interface RouteTarget {
  name: string
  port: number
}

interface Upstream extends RouteTarget {
  agent: http.Agent
  up: boolean
}

export interface ReplicaRouter {
  url: string
  port: number
  /** Starts sending to `target` (a new or a replacement replica). */
  add(target: RouteTarget): void
  /** Stops sending to the replica named `name` (its process is gone). */
  remove(name: string): void
  /** Names of the replicas requests go to now, in rotation order. */
  upstreams(): string[]
  stop(): Promise<void>
}

// RFC 9110 §7.6.1: meaningful for one connection only, never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
])

function endToEnd(headers: IncomingHttpHeaders) {
  const kept: IncomingHttpHeaders = {}

  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name)) kept[name] = value
  }

  return kept
}

interface ErrorAnswer {
  status: number
  code: string
  message: string
  headers?: http.OutgoingHttpHeaders
}

function answerError(res: http.ServerResponse, answer: ErrorAnswer) {
  if (res.headersSent || res.destroyed) return
  const { status, code, message, headers } = answer
  const body = JSON.stringify({ error: { code, message } })

  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  })
  res.end(body)
}

function answer502(res: http.ServerResponse, message: string, replica = '') {
  if (res.headersSent) {
    res.destroy()

    return
  }

  answerError(res, {
    status: 502,
    code: 'bad.gateway',
    message,
    headers: replica ? { [REPLICA_HEADER]: replica } : {},
  })
}

// What a refused request's body may cost before the connection is given up.
const DRAIN_LIMIT = 64 * 1024

/**
 * Refused before its body is read: the body still on its way is read and
 * dropped first, so the caller's keep-alive connection can carry its next
 * request; past DRAIN_LIMIT the answer goes at once and closes it instead.
 */
function refuse(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  refusal: ErrorAnswer
) {
  if (req.complete) {
    answerError(res, refusal)

    return
  }

  let drained = 0

  req.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > DRAIN_LIMIT) {
      answerError(res, { ...refusal, headers: { connection: 'close' } })
    }
  })
  req.once('end', () => answerError(res, refusal))
}

const IDLE_SOCKET_MS = 4_000
// Callers (Session Manager) keep connections open; below headersTimeout (60 s).
const KEEP_ALIVE_MS = 55_000

export interface ReplicaRouterOptions {
  /** The app's routes (default: node/service.json, read once here). */
  routes?: ServiceRoute[]
}

/** `port` 0 picks a free one. Binds 127.0.0.1 only. */
export async function startReplicaRouter(
  port = 0,
  options: ReplicaRouterOptions = {}
): Promise<ReplicaRouter> {
  const guarded = privateRoutes(options.routes ?? readServiceRoutes())
  const upstreams: Upstream[] = []
  let next = 0

  const pick = () => {
    const live = upstreams.filter((upstream) => upstream.up)

    if (live.length === 0) return undefined
    next = (next + 1) % live.length

    return live[next]
  }

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    to: { upstream: Upstream; platformHeaders: Record<string, string> }
  ) => {
    const { upstream, platformHeaders } = to
    const proxied = http.request({
      host: '127.0.0.1',
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...endToEnd(req.headers), ...platformHeaders },
      agent: upstream.agent,
    })

    // Answered before its body was read (a 413 from the content-length, say):
    // the replica will not read the rest, so neither connection can carry
    // another request. The caller is told to close, the rest of its body is
    // dropped, and the replica's socket goes instead of back to the pool.
    let answeredEarly = false

    proxied.on('response', (response) => {
      answeredEarly = !req.complete
      res.writeHead(response.statusCode ?? 502, {
        ...endToEnd(response.headers),
        [REPLICA_HEADER]: upstream.name,
        ...(answeredEarly && { connection: 'close' }),
      })
      if (answeredEarly) {
        req.unpipe(proxied)
        response.on('end', () => proxied.destroy())
      }

      response.pipe(res)
      response.on('error', () => res.destroy())
    })
    proxied.on('error', (error: NodeJS.ErrnoException) => {
      // The replica closed a connection whose answer is already on its way.
      if (answeredEarly) return
      // Refused: nothing listens there any more. Anything else may be one
      // bad connection of a live replica: the process exit takes it out.
      if (error.code === 'ECONNREFUSED') upstream.up = false
      answer502(res, `replica ${upstream.name} did not answer`, upstream.name)
    })
    // The caller went away: so does the request to the replica.
    res.on('close', () => {
      if (!res.writableFinished) proxied.destroy()
    })
    req.pipe(proxied)
  }

  const server = http.createServer((req, res) => {
    const access = guarded.check(
      req.method ?? 'GET',
      req.url ?? '/',
      req.headers
    )

    if (access && !access.admitted) {
      const { status, code, message } = access

      refuse(req, res, { status, code, message })

      return
    }

    const upstream = pick()

    if (!upstream) {
      req.resume()
      answer502(res, 'no replica is up')

      return
    }

    // The tenant is the path's, whatever the caller claimed, and the
    // credential the app's own; the VTEX ID token goes on to the app.
    const platformHeaders: Record<string, string> = access
      ? {
          'x-vtex-account': access.account,
          'x-vtex-workspace': access.workspace,
          'x-vtex-credential': appTokenFor(access.account),
        }
      : {}

    forward(req, res, { upstream, platformHeaders })
  })

  server.keepAliveTimeout = KEEP_ALIVE_MS
  const url = await listen(server, port)

  const remove = (name: string) => {
    const at = upstreams.findIndex((upstream) => upstream.name === name)

    if (at === -1) return
    const [gone] = upstreams.splice(at, 1)

    gone.up = false
    gone.agent.destroy()
  }

  return {
    url,
    port: Number(new URL(url).port),
    add(target) {
      remove(target.name)
      upstreams.push({
        ...target,
        up: true,
        agent: new http.Agent({
          keepAlive: true,
          maxSockets: 128,
          // Idle sockets go before the worker's own keep-alive timeout (5 s,
          // Node's default) would close them under a request.
          timeout: IDLE_SOCKET_MS,
        }),
      })
    },
    remove,
    upstreams: () =>
      upstreams.filter((upstream) => upstream.up).map(({ name }) => name),
    async stop() {
      upstreams.forEach((upstream) => upstream.agent.destroy())
      await close(server)
    },
  }
}
