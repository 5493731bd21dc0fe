import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { AppStack } from '../local/appStack'
import { startAppStack } from '../local/appStack'
import { APP_BUILD_DIR, appIdentity } from '../local/appWorker'
import type { Fixtures } from '../local/platform'
import { appNameOf } from '../local/platform/upstream'
import { VBaseStore } from '../local/platform/vbase'
import { BENCH_TENANT, lruHitAnswer, storedDocuments } from './benchKeys'
import { KEYS } from './tiers'

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
 * local/appStack.ts with a counting onLog (a bench run prints millions of log
 * lines), VBase on tmpfs, direct VBase seeding and answers as text.
 */
export interface BenchStack {
  platform: AppStack['platform']
  worker: AppStack['worker']
  logs: LogTally
  transform(body: string): Promise<Answer>
  /** A fresh worker: empty LRU and single-flight maps, same VBase. */
  restartWorker(): Promise<void>
  /**
   * Writes the app's VBase documents for keys, as fetched at `fetchedAt`
   * (into `bucket` instead of the app's own, when given).
   */
  seedVBase(keys: Iterable<number>, fetchedAt: number): void
  stop(): Promise<void>
}

// VBase is synchronous files in this process, which also runs autocannon: on
// a disk a write costs ~600 µs of blocked event loop, on tmpfs ~25 µs.
export const DATA_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir()

const CEILING_DIR = join(__dirname, 'ceilingRoute')

/** The route id of the ceiling in a `withCeiling` worker. */
export const CEILING_ROUTE = 'ceiling'

/**
 * The worker that serves the app plus the `ceiling` route (bench/
 * ceilingRoute): the app's service.json with one more public route.
 */
function ceilingWorker() {
  const serviceJson = JSON.parse(
    readFileSync(join(__dirname, '..', 'node', 'service.json'), 'utf8')
  )

  serviceJson.routes[CEILING_ROUTE] = {
    path: '/_v/pricing-session/session/ceiling',
    public: true,
  }
  writeFileSync(
    join(CEILING_DIR, 'service', 'service.json'),
    JSON.stringify(serviceJson, null, 2)
  )

  return {
    workerAppDir: CEILING_DIR,
    workerEnv: {
      BENCH_APP_BUILD: APP_BUILD_DIR,
      BENCH_ANSWER: JSON.stringify(lruHitAnswer(KEYS.lruHit)),
    },
  }
}

/**
 * The tiers measure one worker, straight, not through the router; with
 * `withCeiling` that worker also serves the ceiling as a second route.
 */
export async function startBenchStack(
  fixtures: Fixtures,
  { withCeiling = false } = {}
): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(DATA_ROOT, 'pricing-session-bench-'))
  const logs = new LogTally()
  const app = await startAppStack({
    fixtures,
    dataDir,
    replicas: 1,
    onLog: logs.onLog,
    ...(withCeiling && ceilingWorker()),
  })

  const store = new VBaseStore(dataDir)
  const appName = appNameOf(appIdentity().id)

  return {
    get platform() {
      return app.platform
    },
    get worker() {
      return app.worker
    },
    logs,
    async transform(body) {
      const answer = await app.transform(body, BENCH_TENANT)

      return {
        status: answer.status,
        cacheSource: answer.headers.get('x-pricing-session-cache'),
        // Koa serialized the answer with JSON.stringify: the same text again.
        body:
          typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body),
        headers: answer.headers,
      }
    },
    restartWorker: () => app.restartWorker(),
    seedVBase(keys, fetchedAt) {
      for (const n of keys) {
        for (const { file, body } of storedDocuments(n, fetchedAt, appName)) {
          store.write(file, body)
        }
      }
    },
    async stop() {
      await app.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
