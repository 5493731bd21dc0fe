/**
 * `npm run bench [-- --json] [-- --seconds N] [-- --memory-keys N]`: the
 * transform through the real `@vtex/api` worker and the local stand-ins,
 * tier by tier, compared as ratios to the platform floor and the ceiling measured in the same run; then
 * a stampede and distinct keys past the LRU bounds. Measures and prints,
 * asserts nothing.
 *
 * `npm run bench -- --wave`: the sign-in wave instead (bench/wave/run.ts).
 * `npm run bench -- --flood`: made-up ids on the public route (bench/flood.ts).
 */
import './appEnv'

import { buildApp } from '../local/appWorker'
import { benchFixtures, UPSTREAM_KEYS } from './benchKeys'
import type { BenchStack } from './benchStack'
import { startBenchStack } from './benchStack'
import { measureMemory, measureStampede } from './crowdTiers'
import { numberFlag } from './flags'
import { measureWarmTiers } from './floors'
import { formatReport, summary } from './report'
import type { TierSettings } from './tiers'
import { measureCold, measureStale, measureVBaseHit } from './tiers'
import { runFloodBench } from './flood'
import { runWaveBench } from './wave/run'

/**
 * Through the worker, the cheapest distinct-key path runs ~500 req/s here:
 * 12 000 keys pass the 10 000 pricing LRU bound in ~25 s.
 */
const DEFAULT_MEMORY_KEYS = 12_000

const progress = (message: string) =>
  process.stderr.write(`[bench] ${message}\n`)

const step = async <T>(name: string, measure: () => Promise<T>) => {
  progress(name)

  return measure()
}

/** Every tier, in order, on one stack. */
async function throughWorker(
  stack: BenchStack,
  settings: TierSettings,
  memoryKeys: number
) {
  return {
    ...(await step(
      'empty route, ceiling (+ body read), LRU hit (interleaved)',
      () => measureWarmTiers(stack, settings)
    )),
    vbaseHit: await step('VBase hit', () => measureVBaseHit(stack, settings)),
    cold: await step('cold', () => measureCold(stack, settings)),
    stale: await step('stale', () => measureStale(stack, settings)),
    stampede: await step('stampede', () => measureStampede(stack)),
    memory: await step(`memory through the worker (${memoryKeys} keys)`, () =>
      measureMemory(stack, memoryKeys, settings)
    ),
  }
}

async function main(args: string[]) {
  if (args.includes('--wave')) {
    await runWaveBench(args)

    return
  }

  if (args.includes('--flood')) {
    await runFloodBench(args)

    return
  }

  const started = Date.now()
  const settings: TierSettings = {
    connections: 10,
    seconds: numberFlag(args, '--seconds', 5),
    warmupSeconds: 1,
  }

  const memoryKeys = numberFlag(args, '--memory-keys', DEFAULT_MEMORY_KEYS)

  progress('building node/')
  buildApp()
  const stack = await startBenchStack(benchFixtures(UPSTREAM_KEYS), {
    withCeiling: true,
  })

  const tiers = await throughWorker(stack, settings, memoryKeys).finally(() =>
    stack.stop()
  )

  const results = {
    ...tiers,
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
