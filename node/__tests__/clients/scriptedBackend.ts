import type { IncomingHttpHeaders, Server } from 'http'
import { createServer } from 'http'
import type { AddressInfo } from 'net'

import type { MetricsAccumulator } from '@vtex/api/lib/metrics/MetricsAccumulator'

export interface RecordedRequest {
  method: string
  /** As it arrived: a path, or an absolute URL when sent through a proxy. */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface ScriptedBackend {
  url: string
  requests: RecordedRequest[]
  /** What every next request gets: a status and a JSON (or text) body. */
  answer(status: number, body: unknown): void
  reset(): void
  stop(): Promise<void>
}

/**
 * An upstream on 127.0.0.1 that answers what the test scripted and records
 * every request: for client tests that need shapes the stand-ins never send.
 */
export async function startScriptedBackend(): Promise<ScriptedBackend> {
  const requests: RecordedRequest[] = []
  let reply = { status: 500, body: 'nothing scripted' as unknown }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []

    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      const text =
        typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)

      res.writeHead(reply.status, {
        'content-type':
          typeof reply.body === 'string' ? 'text/plain' : 'application/json',
      })
      res.end(text)
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(status, body) {
      reply = { status, body }
    },
    reset() {
      requests.length = 0
      reply = { status: 500, body: 'nothing scripted' }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The timings a client batched per metric name, as the worker flushes them. */
export const metricsOf = (metrics: MetricsAccumulator) =>
  (metrics as unknown as { metricsMillis: Record<string, number[]> })
    .metricsMillis
