import { MetricsAccumulator } from '@vtex/api/lib/metrics/MetricsAccumulator'

import { APP_BUILD_DIR } from '../local/appWorker'
import { median } from './load'
import { compiledBuild, cpuPerHit, warmBuild } from './handlerCpu'

export interface HandlerAB {
  rounds: number
  iterations: number
  beforeUs: number
  afterUs: number
  /** Medians over rounds of after − before and after ÷ before. */
  deltaUs: number
  ratio: number
}

/**
 * The route handler of both builds in this process (no HTTP, no `@vtex/api`
 * pipeline), alternating `rounds` times: CPU per LRU-hit transform of each.
 * With the global `metrics` accumulator a worker has, so the lookups'
 * metrics are paid for as on VTEX IO.
 */
export async function measureHandlerAB(
  baselineDir: string,
  { rounds = 10, iterations = 20_000 } = {}
): Promise<HandlerAB> {
  const global = globalThis as { metrics?: MetricsAccumulator }

  global.metrics ??= new MetricsAccumulator()
  const builds = [
    await compiledBuild(baselineDir),
    await compiledBuild(APP_BUILD_DIR),
  ]

  for (const build of builds) {
    // eslint-disable-next-line no-await-in-loop -- one build at a time
    await warmBuild(build)
  }

  const us: number[][] = [[], []]

  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 2; i++) {
      const at = (i + round) % 2

      // eslint-disable-next-line no-await-in-loop -- one build at a time
      us[at].push((await cpuPerHit(builds[at], iterations)).usPerHit)
    }
  }

  const [before, after] = us

  return {
    rounds,
    iterations,
    beforeUs: median(before),
    afterUs: median(after),
    deltaUs: median(after.map((a, round) => a - before[round])),
    ratio: median(after.map((a, round) => a / before[round])),
  }
}
