/**
 * The VTEX router's part in front of the app's replicas, locally: one port,
 * requests handed round-robin to the replicas that are up, bodies streamed
 * both ways untouched. A replica whose process exited, or that refuses a
 * connection, gets no more requests. A request already on a replica when it
 * dies is answered 502, as the platform answers a request whose pod died
 * under it; transforms are idempotent, so Session Manager's next change
 * simply asks again.
 */
import http from 'http'
import type { IncomingHttpHeaders } from 'http'

import { close, listen } from '../platform/http'

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

function answer502(res: http.ServerResponse, message: string, replica = '') {
  if (res.headersSent) {
    res.destroy()

    return
  }

  const body = JSON.stringify({ error: { code: 'bad.gateway', message } })

  res.writeHead(502, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(replica && { [REPLICA_HEADER]: replica }),
  })
  res.end(body)
}

const IDLE_SOCKET_MS = 4_000
// Callers (Session Manager) keep connections open; below headersTimeout (60 s).
const KEEP_ALIVE_MS = 55_000

/** `port` 0 picks a free one. Binds 127.0.0.1 only. */
export async function startReplicaRouter(port = 0): Promise<ReplicaRouter> {
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
    upstream: Upstream
  ) => {
    const proxied = http.request({
      host: '127.0.0.1',
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: endToEnd(req.headers),
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
    const upstream = pick()

    if (!upstream) {
      req.resume()
      answer502(res, 'no replica is up')

      return
    }

    forward(req, res, upstream)
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
