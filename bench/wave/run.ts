/**
 * `npm run bench -- --wave [--json] [--shoppers N] [--window S]`: a sign-in
 * wave through the Session Manager emulator against REPLICAS (default 2)
 * replicas of the app, then the same wave against the naive transform
 * (bench/wave/naiveApp), on the same stand-ins with the same upstream
 * latency and fault window. The tiers' CPU for the capacity model is
 * measured first.
 */
import { mkdtempSync, rmSync } from 'fs'
import { join } from 'path'

import { APP_BUILD_DIR, buildApp } from '../../local/appWorker'
import type { LocalStack } from '../../local/localStack'
import { startLocalStack } from '../../local/localStack'
import type { Fixtures } from '../../local/platform'
import { generateFixtures } from '../../local/platform/generatedFixtures'
import {
  replicaCountFromEnv,
  startReplicaSet,
} from '../../local/replicas/replicaSet'
import {
  loadAppRegistry,
  startSessionManager,
} from '../../local/sessionManager'
import { DATA_ROOT, LogTally } from '../benchStack'
import { copyServiceJson } from '../children'
import { numberFlag } from '../flags'
import { capacityModel } from './capacity'
import type { WaveBenchResults } from './report'
import { formatWaveReport, waveSummary } from './report'
import { expectedFields } from './shoppers'
import { measureTierCpu } from './tierCpu'
import {
  WARM_UP_COST_CENTERS,
  WARM_UP_ORGANIZATION,
  warmUpCostCenter,
} from './warmUp'
import type { WavePlan } from './wave'
import { runWave } from './wave'

const NAIVE_DIR = join(__dirname, 'naiveApp')

/**
 * Session Manager's connections to each app in the wave (the emulator's
 * default is 64). A call waiting for a connection is on Session Manager's
 * 2 s clock: with 64, a stretch of answers at the app's 1.5 s deadline caps
 * throughput at 64 ÷ 1.5 s ≈ 43 calls/s, below the wave's arrival rate, and
 * the backlog times out. `--app-connections N` sets it.
 */
const WAVE_APP_CONNECTIONS = 1024

/** Upstream latency of the wave: each call waits delayMs + 0…jitterMs. */
export const WAVE_LATENCY = {
  graphql: { delayMs: 60, jitterMs: 40 },
  pricing: { delayMs: 90, jitterMs: 60 },
  settings: { delayMs: 10, jitterMs: 10 },
  vbase: { delayMs: 3, jitterMs: 4 },
}

/** A fixed shuffle (Park–Miller): shoppers of one cost center arrive apart. */
function arrivalOrder(emails: string[]) {
  const order = [...emails]
  let state = 20_260_101

  for (let i = order.length - 1; i > 0; i--) {
    state = (state * 48_271) % 2_147_483_647
    const j = state % (i + 1)

    ;[order[i], order[j]] = [order[j], order[i]]
  }

  return order
}

/**
 * Cost centers (with pricing) that no shopper has: the warm-up before each
 * wave goes through every code path of a found cost center on them, and the
 * keys the wave measures stay cold.
 */
function withWarmUpCostCenters(fixtures: Fixtures): Fixtures {
  const ids = Array.from({ length: WARM_UP_COST_CENTERS }, (_, i) => i)

  return {
    ...fixtures,
    costCenters: [
      ...fixtures.costCenters,
      ...ids.map((i) => ({
        id: warmUpCostCenter(i),
        organization: WARM_UP_ORGANIZATION,
        name: `Warm-up ${i}`,
        addresses: [
          {
            addressId: `warmup-addr-${i}`,
            postalCode: '10001',
            country: 'USA',
            state: 'NY',
            city: 'Warm-up',
            street: '1 Main St',
          },
        ],
      })),
    ],
    pricing: [
      ...fixtures.pricing,
      ...ids.map((i) => ({
        organization: WARM_UP_ORGANIZATION,
        costcenter: warmUpCostCenter(i),
        priceTable: 'warmup-table',
        storeNumber: '0001',
      })),
    ],
  }
}

const progress = (message: string) =>
  process.stderr.write(`[bench --wave] ${message}\n`)

async function naiveTarget(
  stack: LocalStack,
  fixtures: Fixtures,
  options: {
    replicas: number
    maxTraces: number
    appConnections: number
    logs: LogTally
  }
) {
  copyServiceJson(NAIVE_DIR)
  const replicas = await startReplicaSet({
    count: options.replicas,
    worker: {
      appDir: NAIVE_DIR,
      platformProxy: stack.platform.proxyUrl,
      env: { BENCH_APP_BUILD: APP_BUILD_DIR },
      onLog: options.logs.onLog,
    },
  })

  const sessionManager = await startSessionManager({
    apps: loadAppRegistry(undefined, {
      urls: { appWorker: replicas.router.url },
      native: { fixtures },
    }),
    account: 'acme',
    workspace: 'master',
    maxTraces: options.maxTraces,
    appConnections: options.appConnections,
    log: () => undefined,
  })

  return {
    target: {
      sessionManager,
      appUrl: replicas.router.url,
      platform: stack.platform,
      replicas: replicas.replicas,
    },
    async stop() {
      await sessionManager.stop()
      await replicas.stop()
    },
  }
}

export async function runWaveBench(args: string[]) {
  const started = Date.now()
  const shoppers = numberFlag(args, '--shoppers', 5_000)
  const windowMs = numberFlag(args, '--window', 60) * 1000
  const replicas = replicaCountFromEnv()
  const scale = {
    organizations: Math.max(1, Math.round(shoppers / 100)),
    costCenters: Math.max(1, Math.round(shoppers / 10)),
    shoppers,
  }

  const fixtures = withWarmUpCostCenters(generateFixtures(scale))
  const plan: WavePlan = {
    shoppers: arrivalOrder(fixtures.users.map((user) => user.email)),
    windowMs,
    fault: { fromMs: windowMs * 0.4, toMs: windowMs * 0.6 },
    maxInFlight: 400,
    wanted: expectedFields(fixtures),
  }

  progress('building node/')
  buildApp()
  // First, in a fresh process: after the waves this process holds two
  // Session Managers' traces, and a slower load generator makes each
  // request cost the worker more.
  progress('tiers (LRU hit, VBase hit, cold) for the capacity model')
  const tiers = await measureTierCpu(numberFlag(args, '--tier-seconds', 3))
  const dataDir = mkdtempSync(join(DATA_ROOT, 'pricing-session-wave-'))
  const logs = new LogTally()
  const naiveLogs = new LogTally()
  const maxTraces = shoppers * 3
  const appConnections = numberFlag(
    args,
    '--app-connections',
    WAVE_APP_CONNECTIONS
  )

  const stack = await startLocalStack({
    fixtures,
    dataDir,
    replicas,
    maxTraces,
    appConnections,
    sessionManagerLog: () => undefined,
    onLog: logs.onLog,
  })

  let naive: Awaited<ReturnType<typeof naiveTarget>> | undefined
  let stackRunning = true

  try {
    stack.platform.faults.set(WAVE_LATENCY)
    progress(
      `app: ${shoppers} sign-ins over ${
        windowMs / 1000
      } s, ${replicas} replicas`
    )
    const app = await runWave(plan, {
      sessionManager: stack.sessionManager,
      appUrl: stack.url,
      platform: stack.platform,
      replicas: stack.replicas.replicas,
    })

    naive = await naiveTarget(stack, fixtures, {
      replicas,
      maxTraces,
      appConnections,
      logs: naiveLogs,
    })
    stack.platform.faults.set(WAVE_LATENCY)
    progress(`naive: the same wave`)
    const naiveWave = await runWave(plan, naive.target)

    await naive.stop()
    naive = undefined
    await stack.stop()
    stackRunning = false

    const capacity = capacityModel({
      tiers,
      app,
      naive: naiveWave,
      pairs: scale.costCenters,
    })

    const results: WaveBenchResults = {
      scale,
      replicas,
      appConnections,
      plan,
      latency: WAVE_LATENCY,
      app,
      naive: naiveWave,
      tiers,
      capacity,
      workerProblems: { app: logs.problems, naive: naiveLogs.problems },
      totalSeconds: (Date.now() - started) / 1000,
    }

    process.stdout.write(`${formatWaveReport(results)}\n`)
    if (args.includes('--json')) {
      process.stdout.write(`${JSON.stringify(waveSummary(results))}\n`)
    }
  } finally {
    await naive?.stop()
    if (stackRunning) await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
