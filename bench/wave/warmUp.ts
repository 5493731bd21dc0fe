/**
 * The wave's warm-up: every process's hot code compiled before the clock
 * starts, on cost centers of its own (added to the fixtures) so that no
 * lookup the wave measures starts warm because of it.
 */
import { sfpInputs } from '../../local/appStack'
import { routeHeaders, TRANSFORM_PATH } from '../../local/appWorker'
import type { LocalStack } from '../../local/localStack'
import type { Fixtures } from '../../local/platform'
import { shopperClient } from './shoppers'

const WARM_UP = { transforms: 300, sessions: 100, concurrency: 10 }

/** The warm-up's cost centers: in the fixtures, in no shopper's session. */
const WARM_UP_ORGANIZATION = 'warmup-org'
const WARM_UP_COST_CENTERS = 60
const warmUpCostCenter = (i: number) => `warmup-cc-${i}`

/**
 * The fixtures plus the warm-up's cost centers (with pricing), which no
 * shopper has: the warm-up goes through every code path of a found cost
 * center on them, and the keys the wave measures stay cold.
 */
export function withWarmUpCostCenters(fixtures: Fixtures): Fixtures {
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
 * VBase or memory) and anonymous sessions.
 */
export async function warmUp(stack: LocalStack) {
  await inBatches(WARM_UP.transforms, async (i) => {
    const response = await fetch(`${stack.url}${TRANSFORM_PATH}`, {
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
  const client = shopperClient(stack.sessionManager.url)

  await inBatches(WARM_UP.sessions, () => client.visit())
  client.close()
}
