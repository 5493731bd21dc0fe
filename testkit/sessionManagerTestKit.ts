/** Small HTTP helpers for the Session Manager tests (real sockets). */
import http from 'http'
import type { AddressInfo } from 'net'

import { AUTH_COOKIE } from '../local/nativeApps/authenticationSession'
import type { LogEntry, WireNamespaces } from '../local/sessionManager/types'

export interface JsonResponse {
  status: number
  headers: http.IncomingHttpHeaders
  // Assertions walk arbitrary JSON answers; typing each one adds nothing.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
}

export interface RawRequest {
  method: string
  path: string
  body?: unknown
  rawBody?: string
  cookies?: Record<string, string>
  contentType?: string
}

export function request(
  baseUrl: string,
  options: RawRequest
): Promise<JsonResponse> {
  const payload =
    options.rawBody ??
    (options.body === undefined ? undefined : JSON.stringify(options.body))

  const cookie = Object.entries(options.cookies ?? {})
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ')

  return new Promise((resolve, reject) => {
    const req = http.request(new URL(options.path, baseUrl), {
      method: options.method,
      headers: {
        'content-type': options.contentType ?? 'application/json',
        ...(cookie ? { cookie } : {}),
      },
    })

    req.on('error', reject)
    req.on('response', (res) => {
      const chunks: Buffer[] = []

      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown = text

        try {
          body = JSON.parse(text)
        } catch {
          // HTML pages stay text.
        }

        resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
      })
    })
    req.end(payload)
  })
}

export const get = (baseUrl: string, path: string) =>
  request(baseUrl, { method: 'GET', path })

/** A browser-like client: keeps `vtex_session`/`vtex_segment` cookies. */
export class SessionClient {
  public readonly cookies: Record<string, string> = {}

  constructor(private readonly baseUrl: string) {}

  public async send(method: string, path: string, body?: unknown) {
    const response = await request(this.baseUrl, {
      method,
      path,
      body,
      cookies: this.cookies,
    })

    for (const setCookie of [response.headers['set-cookie'] ?? []].flat()) {
      const [pair] = setCookie.split(';')
      const eq = pair.indexOf('=')

      this.cookies[pair.slice(0, eq)] = decodeURIComponent(pair.slice(eq + 1))
    }

    return response
  }

  public create(query = '', body?: unknown) {
    return this.send('POST', `/api/sessions${query}`, body)
  }

  public patch(query = '', body?: unknown) {
    return this.send('PATCH', `/api/sessions${query}`, body)
  }

  /** Signs in as `email` (locally the auth cookie holds the email). */
  public async signIn(email: string) {
    this.cookies[AUTH_COOKIE] = email
    await this.patch()

    return this.fields()
  }

  /** Signs out: the auth cookie goes, and the session is told (a PATCH). */
  public async signOut() {
    delete this.cookies[AUTH_COOKIE]

    return this.patch()
  }

  /** Flat `{ 'ns.field': value }` view of `GET /api/sessions?items=*`. */
  public async fields(): Promise<Record<string, string>> {
    const { body } = await this.send('GET', '/api/sessions?items=*')
    const flat: Record<string, string> = {}

    const { namespaces }: { namespaces: WireNamespaces } = body

    for (const [ns, fields] of Object.entries(namespaces)) {
      for (const [field, { value }] of Object.entries(fields)) {
        flat[`${ns}.${field}`] = value
      }
    }

    return flat
  }
}

export interface AppReply {
  status?: number
  body: unknown
  headers?: Record<string, string>
  delayMs?: number
}

export interface RecordedCall {
  body: WireNamespaces
  headers: http.IncomingHttpHeaders
  path: string
}

export interface TestApp {
  url: string
  calls: RecordedCall[]
  stop(): Promise<void>
}

/** A tiny session app over HTTP; `reply` decides the answer to each call. */
export async function startTestApp(
  reply: (body: WireNamespaces) => AppReply
): Promise<TestApp> {
  const calls: RecordedCall[] = []
  const timers = new Set<NodeJS.Timeout>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []

    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')

      calls.push({ body, headers: req.headers, path: req.url ?? '' })
      const answer = reply(body)
      const send = () => {
        res.writeHead(answer.status ?? 200, {
          'content-type': 'application/json',
          ...answer.headers,
        })
        res.end(JSON.stringify(answer.body))
      }

      if (!answer.delayMs) return send()
      const timer = setTimeout(() => {
        timers.delete(timer)
        send()
      }, answer.delayMs)

      timers.add(timer)
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout)
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Collects log lines instead of printing them. */
export function memoryLog() {
  const entries: LogEntry[] = []

  return { entries, log: (entry: LogEntry) => entries.push(entry) }
}

/** `{ns: {field: {value}}}` from a flat `{ 'ns.field': value|null }`. */
export function wire(flat: Record<string, string | null>) {
  const out: Record<string, Record<string, { value: string } | null>> = {}

  for (const [key, value] of Object.entries(flat)) {
    const dot = key.indexOf('.')
    const ns = key.slice(0, dot)

    out[ns] = {
      ...out[ns],
      [key.slice(dot + 1)]: value === null ? null : { value },
    }
  }

  return out
}
