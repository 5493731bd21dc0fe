/**
 * The wave's warm-up: every process's hot code compiled before the clock
 * starts, on cost centers of its own (run.ts adds them to the fixtures) so
 * that no lookup the wave measures starts warm because of it.
 */
import { sfpInputs } from '../../local/appStack'
import { routeHeaders, TRANSFORM_PATH } from '../../local/appWorker'
import type { RunningSessionManager } from '../../local/sessionManager'
import { shopperClient } from './shoppers'

const WARM_UP = { transforms: 300, sessions: 100, concurrency: 10 }

/** The warm-up's cost centers: in the fixtures, in no shopper's session. */
export const WARM_UP_ORGANIZATION = 'warmup-org'
export const WARM_UP_COST_CENTERS = 60
export const warmUpCostCenter = (i: number) => `warmup-cc-${i}`

async function inBatches(count: number, task: (i: number) => Promise<unknown>) {
  for (let i = 0; i < count; i += WARM_UP.concurrency) {
    const batch = Array.from(
      { length: Math.min(WARM_UP.concurrency, count - i) },
      (_, j) => task(i + j)
    )

    // eslint-disable-next-line no-await-in-loop -- bounded concurrency
    await Promise.all(batch)
  }
}

/**
 * Compiles the hot code of every process before the clock starts (a fresh
 * worker's first requests cost several times a warm one's), on nothing the
 * wave measures: transforms of cost centers no shopper has (cold, then from
 * VBase or memory, then memoized) and anonymous sessions.
 */
export async function warmUp(target: {
  /** The router in front of the replicas. */
  appUrl: string
  sessionManager: RunningSessionManager
}) {
  await inBatches(WARM_UP.transforms, async (i) => {
    const response = await fetch(`${target.appUrl}${TRANSFORM_PATH}`, {
      method: 'POST',
      headers: routeHeaders('acme'),
      body: JSON.stringify(
        sfpInputs({
          costcenter: warmUpCostCenter(i % WARM_UP_COST_CENTERS),
          organization: WARM_UP_ORGANIZATION,
        })
      ),
    })

    await response.arrayBuffer()
  })
  const client = shopperClient(target.sessionManager.url)

  await inBatches(WARM_UP.sessions, () => client.visit())
  client.close()
}
