/**
 * A bounded run (20 s, at most 15 000 transforms) of mixed traffic against
 * one worker: 1 200 tenants, hits and misses, unknown ids, fault windows on
 * every upstream, while the Session Manager emulator drives real sessions
 * through the same worker. A one-line JSON summary goes to stdout and to
 * .local-data/reliability-load.json.
 */
import { mkdirSync, writeFileSync } from 'fs'
import { join } from 'path'

import type { AppStack } from '../../../local/appStack'
import { sfpInputs, startAppStack } from '../../../local/appStack'
import type { RunningSessionManager } from '../../../local/sessionManager'
import {
  loadAppRegistry,
  startSessionManager,
} from '../../../local/sessionManager'
import type { FaultWindow, TrafficItem, Verdict } from './loadKit'
import {
  driveSession,
  judge,
  metFault,
  mixedTraffic,
  percentile,
  playFaultWindows,
  sampleRss,
} from './loadKit'
import { cacheHeader } from './reliabilityKit'

const DURATION_MS = 20_000
const MAX_REQUESTS = 15_000
const CONCURRENCY = 12
const SESSION_DRIVERS = 3
const MAX_SESSIONS = 400
/** node/index.ts: two 800 ms attempts 50 ms apart, plus slack. */
const FAULT_TAIL_MS = 1800
/**
 * RSS after warm-up may grow this much. The LRUs (16 000 small entries) need
 * a few MiB of heap; the rest is V8's young generation and heap slack, which
 * swing RSS by tens of MiB. Only a gross leak (e.g. bodies kept) exceeds it.
 */
const RSS_GROWTH_BOUND_KIB = 96 * 1024
const SUMMARY_FILE = join(
  __dirname,
  '../../../.local-data/reliability-load.json'
)

const pricing = (fault: unknown) => ({ pricing: { fault } })
const FAULT_WINDOWS: FaultWindow[] = [
  {
    startMs: 3000,
    endMs: 5000,
    faults: pricing({ kind: 'status', status: 503 }),
  },
  {
    startMs: 6500,
    endMs: 8500,
    faults: { graphql: { fault: { kind: 'down' } } },
  },
  {
    startMs: 10000,
    endMs: 12000,
    faults: { vbase: { fault: { kind: 'slow', ms: 400 } } },
  },
  {
    startMs: 13500,
    endMs: 15500,
    faults: {
      ...pricing({ kind: 'slow', ms: 1200 }),
      settings: { fault: { kind: 'status', status: 500 } },
    },
  },
  {
    startMs: 17000,
    endMs: 18500,
    faults: {
      vbase: { fault: { kind: 'corrupt' } },
      graphql: { fault: { kind: 'status', status: 429 } },
    },
  },
]

const SESSION_TENANTS = [
  { account: 'sm-acme', workspace: 'master' },
  { account: 'sm-globex', workspace: 'master' },
  { account: 'sm-acme', workspace: 'dev' },
]

const EMAILS = [
  'buyer@acme.test',
  'brooklyn@acme.test',
  'boston@acme.test',
  'buyer@globex.test',
  'denver@globex.test',
  'someone@b2c.test',
]

let stack: AppStack
let managers: RunningSessionManager[] = []

beforeAll(async () => {
  stack = await startAppStack()
  const apps = loadAppRegistry(undefined, {
    urls: { appWorker: stack.worker.url },
  })

  managers = await Promise.all(
    SESSION_TENANTS.map((tenant) =>
      startSessionManager({ ...tenant, apps, log: () => undefined })
    )
  )
})

afterAll(async () => {
  await Promise.all(managers.map((manager) => manager.stop()))
  await stack.stop()
})

/** What the run saw, per answer and per session. */
class RunRecord {
  public latencies: number[] = []
  public verdicts: Record<Verdict, number> = { exact: 0, degraded: 0, wrong: 0 }
  public wrong: unknown[] = []
  public degraded: TrafficItem[] = []
  public sessions = 0
  public sessionMismatches: string[] = []
  public tenants = new Set<string>()
  public costCenterKeys = new Set<string>()

  public answer(item: TrafficItem, verdict: Verdict, detail: unknown) {
    const { account, workspace } = item.tenant

    this.verdicts[verdict] += 1
    this.tenants.add(`${account}/${workspace}`)
    if (item.inputs.costcenter) {
      this.costCenterKeys.add(
        `${account}/${workspace}/${item.inputs.costcenter}`
      )
    }

    if (verdict === 'degraded' && this.degraded.length < 50) {
      this.degraded.push(item)
    }

    if (verdict === 'wrong' && this.wrong.length < 5) this.wrong.push(detail)
  }

  public async session(manager: RunningSessionManager, email: string) {
    this.sessions += 1
    this.sessionMismatches.push(...(await driveSession(manager, email)))
  }
}

test('mixed traffic with faults: right values, bounded latency, flat memory', async () => {
  const run = new RunRecord()

  // Every (tenant, shopper) pair once, before any fault: caches warm up.
  for (const manager of managers) {
    // eslint-disable-next-line no-await-in-loop
    for (const email of EMAILS) await run.session(manager, email)
  }

  const rss = sampleRss(stack.worker.child.pid as number)
  const started = performance.now()
  const elapsed = () => performance.now() - started
  const running = () => elapsed() < DURATION_MS
  const nextItem = mixedTraffic(20240601)
  let sent = 0

  const transformer = async () => {
    while (running() && sent < MAX_REQUESTS) {
      sent += 1
      const item = nextItem()
      const from = elapsed()
      // eslint-disable-next-line no-await-in-loop
      const answer = await stack.transform(
        sfpInputs({ ...item.inputs }),
        item.tenant
      )

      const to = elapsed()
      const met = metFault(FAULT_WINDOWS, [from, to], FAULT_TAIL_MS)

      run.latencies.push(to - from)
      run.answer(item, judge(item.inputs, answer, met), {
        ...item,
        status: answer.status,
        body: answer.body,
        cache: cacheHeader(answer),
      })
    }
  }

  const sessionDriver = async (driver: number) => {
    for (
      let i = driver;
      running() && run.sessions < MAX_SESSIONS;
      i += SESSION_DRIVERS
    ) {
      // eslint-disable-next-line no-await-in-loop
      await run.session(
        managers[i % managers.length],
        EMAILS[i % EMAILS.length]
      )
    }
  }

  await Promise.all([
    playFaultWindows(stack.platform, FAULT_WINDOWS, elapsed),
    ...Array.from({ length: CONCURRENCY }, transformer),
    ...Array.from({ length: SESSION_DRIVERS }, (_, driver) =>
      sessionDriver(driver)
    ),
  ])
  const durationMs = elapsed()

  rss.stop()

  // Faults cleared: what failed during them was not cached.
  const retried = await Promise.all(
    run.degraded.map(({ tenant, inputs }) =>
      stack.transform(sfpInputs({ ...inputs }), tenant)
    )
  )

  const notRecovered = retried.filter(
    (answer, i) => judge(run.degraded[i].inputs, answer, false) !== 'exact'
  )

  const afterWarmUp = rss.samples.filter(
    (sample) => sample.atMs >= FAULT_WINDOWS[0].startMs
  )

  const mib = (kiB: number) => Math.round(kiB / 102.4) / 10
  const baselineKiB = afterWarmUp[0].kiB
  const peakKiB = Math.max(...afterWarmUp.map((sample) => sample.kiB))
  const stats = stack.platform.stats()
  const errorLogLines = stack.logs.filter((line) =>
    line.includes('"level":"error"')
  ).length

  const summary = {
    test: 'reliability-load',
    durationMs: Math.round(durationMs),
    requests: run.latencies.length,
    rps: Math.round(run.latencies.length / (durationMs / 1000)),
    verdicts: run.verdicts,
    latencyMs: Object.fromEntries(
      [50, 95, 99, 100].map((p) => [
        `p${p}`,
        Math.round(percentile(run.latencies, p)),
      ])
    ),
    distinct: {
      tenants: run.tenants.size,
      costCenterKeys: run.costCenterKeys.size,
    },
    sessions: {
      driven: run.sessions,
      mismatches: run.sessionMismatches.length,
    },
    recoveredAfterFaults: `${retried.length - notRecovered.length}/${
      retried.length
    }`,
    faulted: {
      pricing: stats.pricing.faulted,
      graphql: stats.graphql.faulted,
      vbase: stats.vbase.faulted,
      settings: stats.settings.faulted,
    },
    upstreamCalls: {
      pricing: stats.pricing.calls,
      graphql: stats.graphql.calls,
      vbaseGet: stats.vbase.get,
    },
    rssMiB: {
      afterWarmUp: mib(baselineKiB),
      peak: mib(peakKiB),
      end: mib(rss.samples[rss.samples.length - 1].kiB),
    },
    errorLogLines,
  }

  const line = `${JSON.stringify(summary)}\n`

  process.stdout.write(line)
  mkdirSync(join(SUMMARY_FILE, '..'), { recursive: true })
  writeFileSync(SUMMARY_FILE, line)

  expect(run.wrong).toEqual([])
  expect(run.sessionMismatches).toEqual([])
  expect(notRecovered).toEqual([])
  expect(run.verdicts.degraded).toBeGreaterThan(0)
  expect(summary.latencyMs.p100).toBeLessThan(2000)
  expect(peakKiB - baselineKiB).toBeLessThan(RSS_GROWTH_BOUND_KIB)
  expect(errorLogLines).toBe(0)
  expect(stats.unrouted).toBe(0)
  expect(stack.worker.child.exitCode).toBeNull()
}, 60_000)
