import type { Side } from './abWorker'
import { startABWorker, warmSide } from './abWorker'
import {
  buildBaseline,
  buildWithoutObservability,
  WITHOUT_OBSERVABILITY,
} from './baselineBuild'
import type { HandlerAB } from './handlerAB'
import { measureHandlerAB } from './handlerAB'
import type { BenchStack } from './benchStack'
import type { LoadRun } from './load'
import { median, summarizeRuns } from './load'
import { fixed, tierTable } from './report'
import type { TierResult, TierSettings } from './tiers'
import { EXPECTED_SOURCE, runInterleaved, tierResult } from './tiers'

export interface ABPair {
  /** after ÷ before, req/s, this pair's slices. */
  rpsRatio: number
  /** Server CPU per LRU hit, after − before, µs. */
  cpuDeltaUs: number
  cpuRatio: number
}

export interface ABResult {
  ref: string
  commit: string
  /** Every pair's slices pooled, per side. */
  before: TierResult
  after: TierResult
  /** One entry per fresh A/B worker process. */
  pairs: ABPair[]
  median: ABPair
  /** The route handlers alone, both builds in this process. */
  handler: HandlerAB
}

function compare(before: TierResult, after: TierResult): ABPair {
  return {
    rpsRatio: after.rps / before.rps,
    cpuDeltaUs: after.serverCpuUs - before.serverCpuUs,
    cpuRatio: after.serverCpuUs / before.serverCpuUs,
  }
}

/**
 * One fresh A/B worker serving both builds, measured interleaved slice by
 * slice (the sides take turns; a slice's CPU is its side's). `flip` loads
 * this tree's build first, on the other route, and loads it first in each
 * round: alternated over workers, neither side keeps a place.
 */
async function measureWorker(
  stack: BenchStack,
  { baselineDir, settings, flip }: WorkerPlan
) {
  const { worker, routeOf } = await startABWorker(stack, baselineDir, {
    swap: flip,
  })

  try {
    const sides: Side[] = flip ? ['after', 'before'] : ['before', 'after']

    for (const side of sides) {
      // eslint-disable-next-line no-await-in-loop -- one side at a time
      await warmSide(worker, routeOf[side])
    }

    const served = { url: worker.url, pid: worker.child.pid ?? 0 }
    const runs = await runInterleaved(
      sides.map((side) => ({ tier: side, served, routeId: routeOf[side] })),
      settings
    )

    return {
      before: runs[sides.indexOf('before')],
      after: runs[sides.indexOf('after')],
    }
  } finally {
    await worker.stop()
  }
}

interface WorkerPlan {
  baselineDir: string
  settings: TierSettings
  flip: boolean
}

export interface ABSettings extends TierSettings {
  /** Fresh A/B worker processes, one after the other. */
  pairs: number
}

/**
 * The LRU-hit tier of `ref`'s app (built into a temporary directory; for
 * WITHOUT_OBSERVABILITY, this tree with its observability stubbed) against
 * this tree's, both in one `@vtex/api` worker (two routes) on the same
 * stand-ins, interleaved; repeated over `pairs` fresh workers, alternating
 * which side goes first. Ratios only: the host's speed drifts.
 */
export async function measureAB(
  stack: BenchStack,
  ref: string,
  settings: ABSettings
): Promise<ABResult> {
  const stripped = ref === WITHOUT_OBSERVABILITY
  const baseline = stripped ? buildWithoutObservability() : buildBaseline(ref)
  const label = {
    before: stripped
      ? 'before (no observability)'
      : `before (${baseline.commit.slice(0, 8)})`,
    after: 'after (this tree)',
  }

  const tier = (side: Side, runs: LoadRun[]) =>
    tierResult(label[side], summarizeRuns(runs), EXPECTED_SOURCE.lruHit)

  try {
    const all = { before: [] as LoadRun[], after: [] as LoadRun[] }
    const results: ABPair[] = []

    for (let pair = 0; pair < settings.pairs; pair++) {
      // eslint-disable-next-line no-await-in-loop -- one worker at a time
      const runs = await measureWorker(stack, {
        baselineDir: baseline.appDir,
        settings,
        flip: pair % 2 === 1,
      })

      all.before.push(...runs.before)
      all.after.push(...runs.after)
      results.push(
        compare(tier('before', runs.before), tier('after', runs.after))
      )
    }

    const handler = await measureHandlerAB(baseline.appDir)

    return {
      ref,
      commit: baseline.commit,
      handler,
      before: tier('before', all.before),
      after: tier('after', all.after),
      pairs: results,
      median: {
        rpsRatio: median(results.map((r) => r.rpsRatio)),
        cpuDeltaUs: median(results.map((r) => r.cpuDeltaUs)),
        cpuRatio: median(results.map((r) => r.cpuRatio)),
      },
    }
  } finally {
    baseline.remove()
  }
}

const pairLine = ({ rpsRatio, cpuDeltaUs, cpuRatio }: ABPair) =>
  `req/s ${fixed(rpsRatio, 3)}, CPU/req ${fixed(cpuRatio, 3)} (${
    cpuDeltaUs >= 0 ? '+' : ''
  }${fixed(cpuDeltaUs, 1)} µs)`

export function formatAB(result: ABResult, settings: ABSettings) {
  const { before, after, pairs } = result
  const pooled = compare(before, after)

  return `
A/B of the LRU-hit tier: ${
    result.ref === WITHOUT_OBSERVABILITY
      ? 'this tree with node/observability/ stubbed out (bench/noObservability/)'
      : `${result.ref} (${result.commit.slice(0, 12)})`
  } → this tree
${tierTable([before, after])}
(both builds in one \`@vtex/api\` worker as two routes, on the same \
stand-ins; ${pairs.length} fresh workers in turn, each measured interleaved: \
${settings.seconds} rounds of one 1-s slice per side, ${settings.connections} \
connections; slices pooled above)

after ÷ before, per worker:
${pairs.map((pair, i) => `  worker ${i + 1}: ${pairLine(pair)}`).join('\n')}
  median over workers: ${pairLine(result.median)}
  pooled slices:       ${pairLine(pooled)}
  p99, pooled:         ${fixed(after.p99Ms / before.p99Ms, 3)}

The route handler alone, in process (no HTTP, no @vtex/api pipeline), both \
builds alternating, ${result.handler.rounds} rounds of \
${result.handler.iterations} LRU hits each:
  CPU per LRU hit: ${fixed(result.handler.beforeUs, 1)} → \
${fixed(result.handler.afterUs, 1)} µs; per round, median \
${result.handler.deltaUs >= 0 ? '+' : ''}${fixed(
    result.handler.deltaUs,
    1
  )} µs \
(after ÷ before ${fixed(result.handler.ratio, 3)})`
}
