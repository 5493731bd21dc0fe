import { benchFixtures, transformBody, KEYS, UPSTREAM_KEYS } from '../benchKeys'
import { startBenchStack } from '../benchStack'
import { checkLruHitAnswer } from '../floors'
import { runLoad } from '../load'
import type { TierSettings } from '../tiers'
import { measureCold, measureVBaseHit } from '../tiers'
import type { TierCpu } from './capacity'

/**
 * Server CPU per request of the LRU-hit, VBase-hit and cold tiers, for the
 * capacity model: one worker each, as `npm run bench` measures them.
 */
export async function measureTierCpu(seconds: number): Promise<TierCpu> {
  const stack = await startBenchStack(benchFixtures(UPSTREAM_KEYS))
  const settings: TierSettings = {
    connections: 10,
    seconds,
    warmupSeconds: 1,
  }

  try {
    await checkLruHitAnswer(stack)
    const lruHitLoad = (durationSec: number) =>
      runLoad({
        url: stack.worker.url,
        serverPid: stack.worker.child.pid ?? 0,
        connections: settings.connections,
        durationSec,
        bodyFor: () => transformBody(KEYS.lruHit),
      })

    await lruHitLoad(settings.warmupSeconds)
    const lruHit = await lruHitLoad(seconds)

    const vbaseHit = await measureVBaseHit(stack, settings)
    const cold = await measureCold(stack, settings)

    return {
      lruHitCpuUs: lruHit.serverCpuUs,
      vbaseHitCpuUs: vbaseHit.serverCpuUs,
      coldCpuUs: cold.serverCpuUs,
    }
  } finally {
    await stack.stop()
  }
}
