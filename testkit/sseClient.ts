/** A minimal server-sent events reader for tests (real socket, no polyfill). */
import http from 'http'

export interface ServerEvent {
  event: string
  // Events carry arbitrary JSON; tests look at the fields they care about.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any
}

export interface EventReader {
  status: number
  headers: http.IncomingHttpHeaders
  /** The `retry:` value the stream announced, if any. */
  retryMs(): number | undefined
  /** Resolves with the first event (already received or coming) matching. */
  next(
    predicate: (event: ServerEvent) => boolean,
    timeoutMs?: number
  ): Promise<ServerEvent>
  /** Resolves when the server ends the stream. */
  ended(timeoutMs?: number): Promise<void>
  close(): void
}

export function openEvents(url: string): Promise<EventReader> {
  return new Promise((resolve, reject) => {
    const received: ServerEvent[] = []
    const waiters = new Set<() => void>()
    let buffer = ''
    let retry: number | undefined
    let hasEnded = false
    const notify = () => waiters.forEach((waiter) => waiter())

    const parseBlock = (block: string) => {
      let event = 'message'
      const data: string[] = []

      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7)
        else if (line.startsWith('data: ')) data.push(line.slice(6))
        else if (line.startsWith('retry: ')) retry = Number(line.slice(7))
      }

      if (data.length > 0) {
        received.push({ event, data: JSON.parse(data.join('\n')) })
      }
    }

    // A fresh connection: a pooled keep-alive socket may be one the server closed.
    const req = http.get(url, { agent: false }, (res) => {
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end = buffer.indexOf('\n\n')

        while (end >= 0) {
          parseBlock(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
        }

        notify()
      })
      const finish = () => {
        hasEnded = true
        notify()
      }

      res.on('end', finish)
      res.on('close', finish)

      const waitFor = <T>(
        check: () => T | undefined,
        timeoutMs: number,
        what: string
      ) =>
        new Promise<T>((resolveWait, rejectWait) => {
          let timer: NodeJS.Timeout | undefined
          const attempt = () => {
            const found = check()

            if (found === undefined) return
            clearTimeout(timer)
            waiters.delete(attempt)
            resolveWait(found)
          }

          timer = setTimeout(() => {
            waiters.delete(attempt)
            rejectWait(new Error(`no ${what} within ${timeoutMs} ms`))
          }, timeoutMs)

          waiters.add(attempt)
          attempt()
        })

      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        retryMs: () => retry,
        next: (predicate, timeoutMs = 3000) =>
          waitFor(() => received.find(predicate), timeoutMs, 'matching event'),
        ended: (timeoutMs = 3000) =>
          waitFor(() => (hasEnded ? true : undefined), timeoutMs, 'end').then(
            () => undefined
          ),
        close: () => req.destroy(),
      })
    })

    req.on('error', reject)
  })
}
