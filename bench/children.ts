import type { ChildProcess } from 'child_process'
import { fork } from 'child_process'
import { copyFileSync, readFileSync } from 'fs'
import { join } from 'path'

import { startAppWorker } from '../local/appWorker'

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

function stopChild(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve()

      return
    }

    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 3000).unref()
  })
}

/** The bare `node:http` floor, in a child process like the worker. */
export function startFloorServer(answer: RecordedAnswer): Promise<Served> {
  const child = fork(join(__dirname, 'floorServer.js'), ['0'], {
    env: { ...process.env, BENCH_ANSWER: JSON.stringify(answer) },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })

  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`floor server exited early (code ${code})`))
    )
    child.on('message', (message: { listening?: number }) => {
      if (!message.listening) return
      resolve({
        url: `http://127.0.0.1:${message.listening}`,
        pid: child.pid ?? 0,
        stop: () => stopChild(child),
      })
    })
  })
}

/**
 * The platform floor: an empty `transform` route in the real `@vtex/api`
 * worker, with the app's own service.json.
 */
export async function startEmptyRoute(
  answer: RecordedAnswer,
  options: {
    platformProxy: string
    onLog: (line: string) => void
    execArgv?: string[]
  }
): Promise<Served> {
  copyFileSync(
    join(__dirname, '..', 'node', 'service.json'),
    join(EMPTY_ROUTE_DIR, 'service', 'service.json')
  )
  const worker = await startAppWorker({
    appDir: EMPTY_ROUTE_DIR,
    ...options,
    env: { BENCH_ANSWER: JSON.stringify(answer) },
  })

  return { url: worker.url, pid: worker.child.pid ?? 0, stop: worker.stop }
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
