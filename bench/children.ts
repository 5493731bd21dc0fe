import { copyFileSync, readFileSync } from 'fs'
import { join } from 'path'

import type { AppWorker } from '../local/appWorker'
import { startAppWorker, startChild } from '../local/appWorker'

/** What a floor answers: the app's LRU-hit headers and exact body text. */
export interface RecordedAnswer {
  headers: Record<string, string>
  body: string
}

export interface Served {
  url: string
  pid: number
  stop(): Promise<void>
}

const EMPTY_ROUTE_DIR = join(__dirname, 'emptyRoute')

/**
 * A bench service (`{dir}/service/src/node/index.js`) runs with the app's own
 * service.json: routes, timeouts, workers.
 */
export function copyServiceJson(dir: string) {
  copyFileSync(
    join(__dirname, '..', 'node', 'service.json'),
    join(dir, 'service', 'service.json')
  )
}

const served = ({ url, child, stop }: AppWorker): Served => ({
  url,
  pid: child.pid ?? 0,
  stop,
})

/** The bare `node:http` floor, in a child process like the worker. */
export async function startFloorServer(answer: RecordedAnswer) {
  return served(
    await startChild(join(__dirname, 'floorServer.js'), ['0'], {
      env: { ...process.env, BENCH_ANSWER: JSON.stringify(answer) },
    })
  )
}

/**
 * The platform floor: an empty `transform` route in the real `@vtex/api`
 * worker, with the app's own service.json. With `readBody`, the route first
 * reads the request body as the app does (co-body, 16 kB limit).
 */
export async function startEmptyRoute(
  answer: RecordedAnswer,
  options: {
    platformProxy: string
    onLog: (line: string) => void
    execArgv?: string[]
    readBody?: boolean
  }
): Promise<Served> {
  const { readBody, ...workerOptions } = options

  copyServiceJson(EMPTY_ROUTE_DIR)

  return served(
    await startAppWorker({
      appDir: EMPTY_ROUTE_DIR,
      ...workerOptions,
      env: {
        BENCH_ANSWER: JSON.stringify(answer),
        BENCH_READ_BODY: readBody ? '1' : '',
      },
    })
  )
}

const CLOCK_TICKS_PER_SECOND = 100

/** User + system CPU time of a process so far, in µs (Linux /proc). */
export function cpuUsOf(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the parenthesised command name; utime and stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])

  return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND
}

/** Resident set size of a process, from /proc/<pid>/status (Linux). */
export function rssMbOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN)

  return kb / 1024
}
