import type { IncomingMessage, ServerResponse } from 'http'

import { HttpError, readBody } from '../platform/http'

const MAX_BODY_BYTES = 256 * 1024

// One error type and one bounded body reader for every local stand-in.
export { HttpError }

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

/**
 * Answers with what another local server answered: its status and its JSON
 * body; a body that is not JSON is a 502 naming `source`.
 */
export async function relayJson(
  res: ServerResponse,
  response: Response,
  source: string
) {
  const text = await response.text()
  let body: unknown

  try {
    body = JSON.parse(text)
  } catch {
    throw new HttpError(502, `${source} answered non-JSON (${response.status})`)
  }

  sendJson(res, response.status, body)
}

/** Reads a JSON body (bounded); an empty body reads as `{}`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, MAX_BODY_BYTES)).toString('utf8').trim()

  if (text === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'request body is not valid JSON')
  }
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
