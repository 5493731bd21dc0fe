/**
 * `GET /_local/events`: server-sent events for the playground. Every stream
 * opens with a `retry` delay and a `hello` naming this process's boot, so a
 * page whose EventSource reconnected after an emulator restart knows the
 * sessions it showed are gone.
 */
import { randomUUID } from 'crypto'
import type { ServerResponse } from 'http'

import { HttpError } from './httpUtils'

export const RECONNECT_MS = 1000
const MAX_CLIENTS = 64
// A comment line now and then: a client that went away is noticed (the write
// fails) instead of holding a socket forever.
const HEARTBEAT_MS = 15_000

export interface EventStreamOptions {
  /**
   * Runs when the first client connects; what it returns runs when the last
   * one leaves (e.g. start and stop polling something).
   */
  whileWatched?: () => () => void
}

export interface StreamEvent {
  event: string
  data: unknown
}

export class EventStream {
  public readonly bootId = randomUUID()
  public readonly startedAt = new Date().toISOString()
  private readonly clients = new Set<ServerResponse>()
  private heartbeat: NodeJS.Timeout | undefined
  private stopWatching: (() => void) | undefined

  constructor(private readonly options: EventStreamOptions = {}) {}

  public get size() {
    return this.clients.size
  }

  /**
   * Turns `res` into an event stream: `hello`, then `initial` (what a page
   * needs before the next change), then every broadcast.
   */
  public open(res: ServerResponse, initial: StreamEvent[] = []) {
    if (this.clients.size >= MAX_CLIENTS) {
      throw new HttpError(503, `at most ${MAX_CLIENTS} event streams`)
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    res.write(`retry: ${RECONNECT_MS}\n\n`)
    this.clients.add(res)
    res.on('close', () => this.drop(res))
    send(res, 'hello', { bootId: this.bootId, startedAt: this.startedAt })
    for (const { event, data } of initial) send(res, event, data)

    if (this.clients.size > 1) return
    this.heartbeat = setInterval(() => this.comment('ping'), HEARTBEAT_MS)
    this.heartbeat.unref()
    this.stopWatching = this.options.whileWatched?.()
  }

  public broadcast(event: string, data: unknown) {
    for (const res of this.clients) send(res, event, data)
  }

  /** Ends every stream (the server is stopping). */
  public close() {
    for (const res of this.clients) res.end()
    this.clients.clear()
    this.idle()
  }

  private comment(text: string) {
    for (const res of this.clients) res.write(`: ${text}\n\n`)
  }

  private drop(res: ServerResponse) {
    if (this.clients.delete(res) && this.clients.size === 0) this.idle()
  }

  private idle() {
    clearInterval(this.heartbeat)
    this.heartbeat = undefined
    this.stopWatching?.()
    this.stopWatching = undefined
  }
}

function send(res: ServerResponse, event: string, data: unknown) {
  if (res.writableEnded || res.destroyed) return
  // JSON.stringify never emits a raw newline, so one data line suffices.
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
}
