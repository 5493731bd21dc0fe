/**
 * `npm run bench -- --wave [--json] [--shoppers N] [--window S]`: a sign-in
 * wave through the Session Manager emulator against REPLICAS (default 2)
 * replicas of the app, with upstream latency and a fault window. The tiers'
 * CPU for the capacity model is measured first.
 */
import { mkdtempSync, rmSync } from 'fs'
import { join } from 'path'

import { buildApp } from '../../local/appWorker'
import { startLocalStack } from '../../local/localStack'
import { generateFixtures } from '../../local/platform/generatedFixtures'
import { replicaCountFromEnv } from '../../local/replicas/replicaSet'
import { DATA_ROOT, LogTally } from '../benchStack'
import { numberFlag } from '../flags'
import { capacityModel } from './capacity'
import type { WaveBenchResults } from './report'
import { formatWaveReport, waveSummary } from './report'
import { expectedFields } from './shoppers'
import { measureTierCpu } from './tierCpu'
import { withWarmUpCostCenters } from './warmUp'
import type { WavePlan } from './wave'
import { runWave } from './wave'

/**
 * Session Manager's connections to the app in the wave (the emulator's
 * default is 64). A call waiting for a connection is on Session Manager's
 * 2 s clock: with 64, a stretch of answers at the app's 1.5 s deadline caps
 * throughput at 64 ÷ 1.5 s ≈ 43 calls/s, below the wave's arrival rate, and
 * the backlog times out.
 */
const WAVE_APP_CONNECTIONS = 1024

/** Upstream latency of the wave: each call waits delayMs + 0…jitterMs. */
const WAVE_LATENCY = {
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

const progress = (message: string) =>
  process.stderr.write(`[bench --wave] ${message}\n`)

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
  // First, in a fresh process: after the wave this process holds every
  // sign-in's trace, and a slower load generator makes each request cost
  // the worker more.
  progress('tiers (LRU hit, VBase hit, cold) for the capacity model')
  const tiers = await measureTierCpu(numberFlag(args, '--tier-seconds', 3))
  const dataDir = mkdtempSync(join(DATA_ROOT, 'pricing-session-wave-'))
  const logs = new LogTally()
  const maxTraces = shoppers * 3
  const stack = await startLocalStack({
    fixtures,
    dataDir,
    replicas,
    maxTraces,
    appConnections: WAVE_APP_CONNECTIONS,
    sessionManagerLog: () => undefined,
    onLog: logs.onLog,
  })

  try {
    stack.platform.faults.set(WAVE_LATENCY)
    progress(
      `${shoppers} sign-ins over ${windowMs / 1000} s, ${replicas} replicas`
    )
    const wave = await runWave(plan, stack)
    const results: WaveBenchResults = {
      scale,
      replicas,
      appConnections: WAVE_APP_CONNECTIONS,
      plan,
      latency: WAVE_LATENCY,
      wave,
      tiers,
      capacity: capacityModel({ tiers, wave, pairs: scale.costCenters }),
      workerProblems: logs.problems,
      totalSeconds: (Date.now() - started) / 1000,
    }

    process.stdout.write(`${formatWaveReport(results)}\n`)
    if (args.includes('--json')) {
      process.stdout.write(`${JSON.stringify(waveSummary(results))}\n`)
    }
  } finally {
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
