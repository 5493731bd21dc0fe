/**
 * Calls one session app (HTTP or in-process) with a deadline. Never throws:
 * every failure becomes a status the transform cycle records and skips.
 */
import http from 'http'

import type { AppCallStatus } from './traces'
import type { SessionManagerApp, WireNamespaces } from './types'

export interface AppCallResult {
  status: AppCallStatus
  httpStatus?: number
  body?: unknown
  error?: string
  cache?: string
  /** `x-pricing-session-replica`: which replica answered, behind a router. */
  replica?: string
  durationMs: number
}

export interface AppCallerOptions {
  account: string
  workspace: string
  credential: string
  timeoutMs: number
  /** Connections kept to each app at most; more calls wait for one. */
  maxConnections?: number
}

export interface AppCaller {
  call(app: SessionManagerApp, input: WireNamespaces): Promise<AppCallResult>
  close(): void
}

const CACHE_HEADER = 'x-pricing-session-cache'
const REPLICA_HEADER = 'x-pricing-session-replica'

const headerText = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(', ') : value

const MAX_RESPONSE_BYTES = 1024 * 1024

type Outcome = Omit<AppCallResult, 'durationMs'>

export function transformUrl(app: SessionManagerApp): string {
  const path = app.path ?? `/_v/${app.config.name}/session/transform`

  return new URL(path, app.url).toString()
}

function parseJson(text: string): Outcome {
  try {
    return { status: 'ok', body: JSON.parse(text) }
  } catch {
    return { status: 'invalid-response', error: 'response is not JSON' }
  }
}

export function createAppCaller(options: AppCallerOptions): AppCaller {
  // Keep-alive: a transform cycle calls the same apps many times in a row.
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.maxConnections ?? 64,
  })

  const callHttp = (app: SessionManagerApp, input: WireNamespaces) =>
    new Promise<Outcome>((resolve) => {
      const payload = JSON.stringify(input)
      const request = http.request(transformUrl(app), {
        method: 'POST',
        agent,
        headers: {
          ...app.headers,
          'x-colossus-route-id': 'transform',
          'x-vtex-account': options.account,
          'x-vtex-workspace': options.workspace,
          'x-vtex-credential': options.credential,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      })

      const timer = setTimeout(() => {
        resolve({
          status: 'timeout',
          error: `no answer in ${options.timeoutMs} ms`,
        })
        request.destroy()
      }, options.timeoutMs)

      const finish = (outcome: Outcome) => {
        clearTimeout(timer)
        resolve(outcome)
      }

      request.on('error', (error) =>
        finish({ status: 'network-error', error: error.message })
      )
      request.on('response', (response) => {
        const chunks: Buffer[] = []
        let size = 0
        const cache = headerText(response.headers[CACHE_HEADER])
        const replica = headerText(response.headers[REPLICA_HEADER])

        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_RESPONSE_BYTES) {
            finish({ status: 'invalid-response', error: 'response too large' })
            request.destroy()
          } else {
            chunks.push(chunk)
          }
        })
        response.on('error', (error) =>
          finish({ status: 'network-error', error: error.message })
        )
        response.on('end', () => {
          const httpStatus = response.statusCode ?? 0
          const text = Buffer.concat(chunks).toString('utf8')

          if (httpStatus !== 200) {
            finish({
              status: 'http-error',
              httpStatus,
              cache,
              replica,
              error: text.slice(0, 200),
            })

            return
          }

          finish({ ...parseJson(text), httpStatus, cache, replica })
        })
      })

      request.end(payload)
    })

  const callInProcess = async (
    transform: NonNullable<SessionManagerApp['transform']>,
    input: WireNamespaces
  ): Promise<Outcome> => {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<Outcome>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            status: 'timeout',
            error: `no answer in ${options.timeoutMs} ms`,
          }),
        options.timeoutMs
      )
    })

    const run = (async (): Promise<Outcome> => {
      try {
        return { status: 'ok', body: await transform(input) }
      } catch (error) {
        return { status: 'exception', error: (error as Error).message }
      }
    })()

    const outcome = await Promise.race([run, deadline])

    clearTimeout(timer)

    return outcome
  }

  return {
    async call(app, input) {
      const started = performance.now()
      const outcome = app.transform
        ? await callInProcess(app.transform, input)
        : app.url
        ? await callHttp(app, input)
        : {
            status: 'exception' as const,
            error: 'app has neither url nor transform',
          }

      return {
        ...outcome,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      }
    },
    close() {
      agent.destroy()
    },
  }
}
