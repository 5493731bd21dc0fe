import type { IncomingMessage, ServerResponse } from 'http'

const MAX_BODY_BYTES = 256 * 1024

/** An error that maps to a 4xx JSON answer instead of a crash. */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly details?: Record<string, unknown>
  ) {
    super(message)
  }
}

/** Headers set earlier with `res.setHeader` (e.g. cookies) are kept. */
export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const payload = JSON.stringify(body)

  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(payload),
  })
  res.end(payload)
}

export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
  })
  res.end(html)
}

/** Reads a JSON body; an empty body reads as `{}`. */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0

    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'request body too large'))
        req.destroy()
      } else {
        chunks.push(chunk)
      }
    })
    req.on('error', reject)
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim()

      if (text === '') {
        resolve({})

        return
      }

      try {
        resolve(JSON.parse(text))
      } catch {
        reject(new HttpError(400, 'request body is not valid JSON'))
      }
    })
  })
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()

  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')

    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const raw = part.slice(eq + 1).trim()

    try {
      cookies.set(name, decodeURIComponent(raw))
    } catch {
      cookies.set(name, raw)
    }
  }

  return cookies
}

export function serializeCookie(
  name: string,
  value: string,
  httpOnly: boolean
): string {
  const flags = ['Path=/', 'SameSite=Lax', ...(httpOnly ? ['HttpOnly'] : [])]

  return [`${name}=${encodeURIComponent(value)}`, ...flags].join('; ')
}
