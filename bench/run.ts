/**
 * `npm run bench [-- --json] [-- --memory-keys N] [-- --seconds N]`: the
 * transform through the real `@vtex/api` worker and the local stand-ins,
 * tier by tier, compared as ratios to floors measured in the same run.
 */
import './appEnv'

import { buildApp } from '../local/appWorker'
import { benchFixtures } from './benchKeys'
import { startBenchStack } from './benchStack'
import { measureMemory, measureStampede } from './crowdTiers'
import { measureHandlerCpu } from './handlerCpu'
import type { BenchResults } from './report'
import { formatReport, summary } from './report'
import type { TierSettings } from './tiers'
import {
  measureCold,
  measureEmptyRoute,
  measureFloor,
  measureLruHit,
  measureStale,
  measureVBaseHit,
  recordLruHitAnswer,
  UPSTREAM_KEYS,
} from './tiers'

/**
 * 2 cores: the worker on one, autocannon and the stand-ins on the other.
 * Past the 10 000 pricing LRU bound, so eviction shows; 100 000 takes ~4 min.
 */
const DEFAULT_MEMORY_KEYS = 12_000

function numberFlag(args: string[], flag: string, fallback: number) {
  const at = args.indexOf(flag)

  if (at === -1) return fallback
  const value = Number(args[at + 1])

  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${flag} needs a positive integer`)
  }

  return value
}

const progress = (message: string) =>
  process.stderr.write(`[bench] ${message}\n`)

async function main(args: string[]) {
  const started = Date.now()
  const settings: TierSettings = {
    connections: 10,
    seconds: numberFlag(args, '--seconds', 5),
    warmupSeconds: 1,
  }

  const memoryKeys = numberFlag(args, '--memory-keys', DEFAULT_MEMORY_KEYS)

  progress('building node/')
  buildApp()
  const stack = await startBenchStack(benchFixtures(UPSTREAM_KEYS))

  try {
    const answer = await recordLruHitAnswer(stack)
    const step = async <T>(name: string, measure: () => Promise<T>) => {
      progress(name)

      return measure()
    }

    const results: Omit<BenchResults, 'handler' | 'totalSeconds'> = {
      floor: await step('floor', () => measureFloor(answer, settings)),
      emptyRoute: await step('empty route', () =>
        measureEmptyRoute(stack, answer, settings)
      ),
      lruHit: await step('LRU hit', () => measureLruHit(stack, settings)),
      vbaseHit: await step('VBase hit', () => measureVBaseHit(stack, settings)),
      cold: await step('cold', () => measureCold(stack, settings)),
      stale: await step('stale', () => measureStale(stack, settings)),
      stampede: await step('stampede', () => measureStampede(stack)),
      memory: await step(`memory (${memoryKeys} keys)`, () =>
        measureMemory(stack, memoryKeys, settings)
      ),
      settings,
    }

    await stack.stop()
    progress('handler CPU (in process)')
    const handler = await measureHandlerCpu()
    const complete = {
      ...results,
      handler,
      totalSeconds: (Date.now() - started) / 1000,
    }

    process.stdout.write(`${formatReport(complete)}\n`)
    if (stack.logs.problems > 0) {
      progress(`worker warnings/errors: ${stack.logs.problems}, last ones:`)
      stack.logs.recentProblems.forEach((line) => progress(line))
    }

    if (args.includes('--json')) {
      process.stdout.write(`${JSON.stringify(summary(complete))}\n`)
    }
  } finally {
    await stack.stop()
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})
