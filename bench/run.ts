/**
 * `npm run bench [-- --json] [-- --seconds N] [-- --rate N]
 * [-- --memory-keys N] [-- --lru-keys N]`: the transform through the real
 * `@vtex/api` worker and the local stand-ins, tier by tier, compared as
 * ratios to floors measured in the same run.
 *
 * `npm run bench -- --ab [REF] [--pairs P] [--seconds N]`: only the LRU-hit
 * tier, REF's app (default: this tree with its observability stubbed out,
 * bench/noObservability/) against this tree's, over P pairs of fresh workers
 * (8) of N interleaved rounds (10).
 *
 * `npm run bench -- --wave`: the sign-in wave instead (bench/wave/run.ts).
 */
import './appEnv'

import { buildApp } from '../local/appWorker'
import type { ABSettings } from './ab'
import { formatAB, measureAB } from './ab'
import { WITHOUT_OBSERVABILITY } from './baselineBuild'
import { BENCH_TENANT, benchFixtures } from './benchKeys'
import type { BenchStack } from './benchStack'
import { startBenchStack } from './benchStack'
import { measureMemory, measureStampede } from './crowdTiers'
import { measureWarmTiers, recordLruHitAnswer } from './floors'
import { measureHandlerCpu } from './handlerCpu'
import { measureLruMemory } from './lruMemory'
import { measureFixedRate } from './fixedRate'
import { formatReport } from './report'
import { runWaveBench } from './wave/run'
import { numberFlag } from './flags'
import { summary } from './summary'
import type { TierSettings } from './tiers'
import {
  measureCold,
  measureStale,
  measureVBaseHit,
  UPSTREAM_KEYS,
} from './tiers'

/**
 * Through the worker, the cheapest distinct-key path runs ~500 req/s here:
 * 12 000 keys pass the 10 000 pricing LRU bound in ~25 s. The issue's
 * 100 000 keys go through `cached()` in process (--lru-keys), in ~1 s.
 */
const DEFAULT_MEMORY_KEYS = 12_000
const DEFAULT_LRU_KEYS = 100_000

const progress = (message: string) =>
  process.stderr.write(`[bench] ${message}\n`)

const step = async <T>(name: string, measure: () => Promise<T>) => {
  progress(name)

  return measure()
}

/** Every tier that needs the stand-ins and a worker, in order. */
async function throughWorker(
  stack: BenchStack,
  settings: TierSettings,
  memoryKeys: number
) {
  const answer = await recordLruHitAnswer(stack)

  return {
    ...(await step(
      'floor, empty route, ceiling (+ body read), LRU hit (interleaved)',
      () => measureWarmTiers(stack, answer, settings)
    )),
    vbaseHit: await step('VBase hit', () => measureVBaseHit(stack, settings)),
    cold: await step('cold', () => measureCold(stack, settings)),
    stale: await step('stale', () => measureStale(stack, settings)),
    fixedRate: await step('LRU hit, VBase hit, stale at a fixed rate', () =>
      measureFixedRate(stack, settings)
    ),
    stampede: await step('stampede', () => measureStampede(stack)),
    memory: await step(`memory through the worker (${memoryKeys} keys)`, () =>
      measureMemory(stack, memoryKeys, settings)
    ),
  }
}

const DEFAULT_AB_ROUNDS = 10
const DEFAULT_AB_PAIRS = 8

/** `--ab [REF]`: the A/B of the LRU-hit tier alone. */
async function abOnly(args: string[]) {
  const next = args[args.indexOf('--ab') + 1]
  const ref = next && !next.startsWith('--') ? next : WITHOUT_OBSERVABILITY
  const settings: ABSettings = {
    connections: 10,
    seconds: numberFlag(args, '--seconds', DEFAULT_AB_ROUNDS),
    warmupSeconds: 2,
    fixedRate: 0,
    pairs: numberFlag(args, '--pairs', DEFAULT_AB_PAIRS),
  }

  progress('building node/')
  buildApp()
  const stack = await startBenchStack(benchFixtures(1))

  // `--timing-log-rate R`: the bench tenant's timingLogSampleRate (default
  // 1 %), to tell the sampled line's cost from the rest.
  if (args.includes('--timing-log-rate')) {
    stack.platform.faults.set({
      settingsOverrides: {
        [BENCH_TENANT.account]: {
          ...stack.platform.defaultSettings(BENCH_TENANT),
          timingLogSampleRate: Number(
            args[args.indexOf('--timing-log-rate') + 1]
          ),
        },
      },
    })
  }

  const result = await step(`A/B against ${ref}, ${settings.pairs} pairs`, () =>
    measureAB(stack, ref, settings)
  ).finally(() => stack.stop())

  process.stdout.write(`${formatAB(result, settings)}\n`)
  if (args.includes('--json')) {
    const { before, after, ...rest } = result

    process.stdout.write(
      `${JSON.stringify({
        ...rest,
        beforeRps: before.rps,
        afterRps: after.rps,
        beforeCpuUs: before.serverCpuUs,
        afterCpuUs: after.serverCpuUs,
      })}\n`
    )
  }
}

async function main(args: string[]) {
  if (args.includes('--wave')) {
    await runWaveBench(args)

    return
  }

  if (args.includes('--ab')) {
    await abOnly(args)

    return
  }

  const started = Date.now()
  const settings: TierSettings = {
    connections: 10,
    seconds: numberFlag(args, '--seconds', 5),
    warmupSeconds: 1,
    fixedRate: numberFlag(args, '--rate', 100),
  }

  const memoryKeys = numberFlag(args, '--memory-keys', DEFAULT_MEMORY_KEYS)
  const lruKeys = numberFlag(args, '--lru-keys', DEFAULT_LRU_KEYS)

  progress('building node/')
  buildApp()
  const stack = await startBenchStack(benchFixtures(UPSTREAM_KEYS), [], {
    withCeiling: true,
  })

  const { fixedRate, ...tiers } = await throughWorker(
    stack,
    settings,
    memoryKeys
  ).finally(() => stack.stop())

  const lruMemory = await step(`memory in process (${lruKeys} keys)`, () =>
    measureLruMemory(lruKeys)
  )

  const handler = await step('handler CPU (in process)', measureHandlerCpu)
  const results = {
    ...tiers,
    fixedRate,
    lruMemory,
    handler,
    settings,
    totalSeconds: (Date.now() - started) / 1000,
  }

  process.stdout.write(`${formatReport(results)}\n`)
  if (stack.logs.problems > 0) {
    progress(`worker warnings/errors: ${stack.logs.problems}, last ones:`)
    stack.logs.recentProblems.forEach((line) => progress(line))
  }

  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(summary(results))}\n`)
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})
