import type { IncomingMessage, ServerResponse, Server } from 'http'
import { gunzipSync } from 'zlib'

/** An error that becomes a JSON answer with this status instead of a 500. */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    /** Extra fields for the JSON answer (the Session Manager uses them). */
    public readonly details?: Record<string, unknown>
  ) {
    super(message)
  }
}

export function debugLog(...args: unknown[]) {
  if (process.env.LOCAL_DEBUG) console.error('[platform]', ...args)
}

/**
 * Sends text that already is JSON (e.g. a stored file), as is. Extra headers
 * (ETag) are set with res.setHeader() beforehand.
 */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string | Buffer
) {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  sendJsonText(res, status, JSON.stringify(body))
}

export function sendNoContent(res: ServerResponse) {
  if (res.headersSent || res.destroyed) return
  res.writeHead(204)
  res.end()
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string
) {
  sendJson(res, status, { error: message })
}

/**
 * Reads the whole body, bounded: past `limit` the rest is drained and dropped
 * so the socket stays usable for the 413 answer.
 */
export function readBody(
  req: IncomingMessage,
  limit = 5 * 1024 * 1024
): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false

    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => {
      if (tooLarge) {
        reject(new HttpError(413, `body larger than ${limit} bytes`))
      } else {
        try {
          resolvePromise(decodeBody(req, Buffer.concat(chunks), limit))
        } catch (error) {
          reject(error)
        }
      }
    })
    req.on('error', reject)
  })
}

/** VBase's saveFile gzips its uploads; undo that so files are stored plain. */
function decodeBody(req: IncomingMessage, raw: Buffer, limit: number) {
  const encoding = req.headers['content-encoding']

  if (!encoding || encoding === 'identity') return raw
  if (encoding !== 'gzip') {
    throw new HttpError(415, `unsupported content-encoding ${encoding}`)
  }

  try {
    return gunzipSync(raw, { maxOutputLength: limit })
  } catch {
    throw new HttpError(400, 'body is not valid gzip')
  }
}

export async function readJsonBody(
  req: IncomingMessage,
  limit?: number
): Promise<unknown> {
  const body = await readBody(req, limit)

  return parseJson(body)
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new HttpError(400, 'empty body, expected JSON')
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new HttpError(400, 'body is not valid JSON')
  }
}

/** Turns thrown errors into JSON answers so a bad request never crashes. */
export function answerError(res: ServerResponse, error: unknown) {
  if (error instanceof HttpError) {
    sendError(res, error.status, error.message)

    return
  }

  debugLog('unexpected error', error)
  sendError(res, 500, `stand-in error: ${(error as Error)?.message ?? error}`)
}

export function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      const address = server.address()

      if (address === null || typeof address === 'string') {
        reject(new Error('server has no TCP address'))

        return
      }

      resolvePromise(`http://127.0.0.1:${address.port}`)
    })
  })
}

export function close(server: Server): Promise<void> {
  return new Promise((resolvePromise) => {
    server.close(() => resolvePromise())
    // Keep-alive sockets from clients would otherwise hold close() open.
    server.closeAllConnections()
  })
}
