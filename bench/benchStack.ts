import { existsSync, mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { AppWorker } from '../local/appWorker'
import {
  appIdentity,
  routeHeaders,
  startAppWorker,
  TRANSFORM_PATH,
} from '../local/appWorker'
import type { Fixtures, Platform } from '../local/platform'
import { startPlatform } from '../local/platform'
import { appNameOf } from '../local/platform/upstream'
import { VBaseStore } from '../local/platform/vbase'
import { BENCH_TENANT, storedDocuments } from './benchKeys'

const KEPT_PROBLEM_LINES = 20

/** Counts the worker's log lines; keeps only the last few warnings/errors. */
export class LogTally {
  public lines = 0
  public problems = 0
  public readonly recentProblems: string[] = []

  public readonly onLog = (line: string) => {
    this.lines += 1
    if (!/"level":"(warn|error)"/.test(line)) return
    this.problems += 1
    this.recentProblems.push(line.slice(0, 400))
    if (this.recentProblems.length > KEPT_PROBLEM_LINES) {
      this.recentProblems.shift()
    }
  }
}

export interface Answer {
  status: number
  cacheSource: string | null
  body: string
  headers: Headers
}

/**
 * The platform stand-ins and the real app worker, like local/appStack.ts but
 * with a counting onLog (a bench run prints millions of log lines) and
 * direct VBase seeding.
 */
export interface BenchStack {
  platform: Platform
  worker: AppWorker
  logs: LogTally
  transform(body: string): Promise<Answer>
  /** A fresh worker: empty LRU and single-flight maps, same VBase. */
  restartWorker(): Promise<void>
  /** Writes the app's VBase documents for keys, as fetched at `fetchedAt`. */
  seedVBase(keys: Iterable<number>, fetchedAt: number): void
  stop(): Promise<void>
}

// VBase is synchronous files in this process, which also runs autocannon: on
// a disk a write costs ~600 µs of blocked event loop, on tmpfs ~25 µs.
const DATA_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir()

export async function startBenchStack(
  fixtures: Fixtures,
  execArgv: string[] = []
): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(DATA_ROOT, 'pricing-session-bench-'))
  const app = appIdentity()
  const platform = await startPlatform({ fixtures, dataDir, appId: app.id })
  const store = new VBaseStore(dataDir)
  const appName = appNameOf(app.id)
  const logs = new LogTally()
  const launch = () =>
    startAppWorker({
      platformProxy: platform.proxyUrl,
      onLog: logs.onLog,
      execArgv,
    })

  const stack: BenchStack = {
    platform,
    worker: await launch(),
    logs,
    async transform(body) {
      const response = await fetch(`${stack.worker.url}${TRANSFORM_PATH}`, {
        method: 'POST',
        headers: routeHeaders(BENCH_TENANT.account, BENCH_TENANT.workspace),
        body,
      })

      return {
        status: response.status,
        cacheSource: response.headers.get('x-pricing-session-cache'),
        body: await response.text(),
        headers: response.headers,
      }
    },
    async restartWorker() {
      await stack.worker.stop()
      stack.worker = await launch()
    },
    seedVBase(keys, fetchedAt) {
      for (const n of keys) {
        for (const { file, body } of storedDocuments(n, fetchedAt, appName)) {
          store.write(file, body)
        }
      }
    },
    async stop() {
      await stack.worker.stop()
      await platform.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }

  return stack
}
