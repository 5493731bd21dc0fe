import { copyFileSync, readFileSync } from 'fs'
import { join } from 'path'

import type { AppWorker } from '../local/appWorker'
import { startAppWorker } from '../local/appWorker'
import type { lruHitAnswer } from './benchKeys'

/** What the empty route answers: the app's LRU-hit headers and exact body text. */
type RecordedAnswer = ReturnType<typeof lruHitAnswer>

export interface Served {
  url: string
  pid: number
  stop(): Promise<void>
}

const EMPTY_ROUTE_DIR = join(__dirname, 'emptyRoute')

const served = ({ url, child, stop }: AppWorker): Served => ({
  url,
  pid: child.pid ?? 0,
  stop,
})

/**
 * The platform floor: an empty `transform` route in the real `@vtex/api`
 * worker, with the app's own service.json (routes, timeouts, workers).
 */
export async function startEmptyRoute(
  answer: RecordedAnswer,
  options: { platformProxy: string; onLog: (line: string) => void }
): Promise<Served> {
  copyFileSync(
    join(__dirname, '..', 'node', 'service.json'),
    join(EMPTY_ROUTE_DIR, 'service', 'service.json')
  )

  return served(
    await startAppWorker({
      appDir: EMPTY_ROUTE_DIR,
      ...options,
      env: { BENCH_ANSWER: JSON.stringify(answer) },
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
