import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { startAppStack } from '../local/appStack'
import { APP_BUILD_DIR, appIdentity } from '../local/appWorker'
import type { Fixtures } from '../local/platform'
import { appNameOf } from '../local/platform/upstream'
import { VBaseStore } from '../local/platform/vbase'
import { BENCH_TENANT, KEYS, lruHitAnswer, storedDocuments } from './benchKeys'

const KEPT_PROBLEM_LINES = 20

/**
 * Counts the workers' warnings and errors and keeps the last few: a bench run
 * prints millions of log lines.
 */
export class LogTally {
  public problems = 0
  public readonly recentProblems: string[] = []

  public readonly onLog = (line: string) => {
    if (!/"level":"(warn|error)"/.test(line)) return
    this.problems += 1
    this.recentProblems.push(line.slice(0, 400))
    if (this.recentProblems.length > KEPT_PROBLEM_LINES) {
      this.recentProblems.shift()
    }
  }
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
 * local/appStack.ts with a counting onLog, VBase on tmpfs, direct VBase
 * seeding and answers as text. The tiers measure one worker, straight, not
 * through the router; with `withCeiling` that worker also serves the ceiling
 * as a second route.
 */
export async function startBenchStack(
  fixtures: Fixtures,
  { withCeiling = false } = {}
) {
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
    async transform(body: string) {
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
    /** A fresh worker: empty LRU and single-flight maps, same VBase. */
    restartWorker: () => app.restartWorker(),
    /** Writes the app's VBase documents for keys, as fetched at `fetchedAt`. */
    seedVBase(keys: Iterable<number>, fetchedAt: number) {
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

export type BenchStack = Awaited<ReturnType<typeof startBenchStack>>
