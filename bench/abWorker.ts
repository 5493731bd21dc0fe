import { readFileSync, writeFileSync } from 'fs'
import { join } from 'path'

import type { AppWorker } from '../local/appWorker'
import {
  APP_BUILD_DIR,
  routeHeaders,
  startAppWorker,
  TRANSFORM_PATH,
} from '../local/appWorker'
import { BENCH_TENANT, transformBody } from './benchKeys'
import type { BenchStack } from './benchStack'
import { EXPECTED_SOURCE, KEYS } from './tiers'

/** The route id of each side in the A/B worker (abRoutes/). */
export const ROUTE_OF = {
  before: 'transformBefore',
  after: 'transform',
} as const

export type Side = keyof typeof ROUTE_OF

const AB_SERVICE_DIR = join(__dirname, 'abRoutes')

/** The A/B worker's service.json: the app's, plus the baseline's route. */
function writeABServiceJson() {
  const serviceJson = JSON.parse(
    readFileSync(join(__dirname, '..', 'node', 'service.json'), 'utf8')
  )

  serviceJson.routes[ROUTE_OF.before] = serviceJson.routes.transform
  writeFileSync(
    join(AB_SERVICE_DIR, 'service', 'service.json'),
    JSON.stringify(serviceJson, null, 2)
  )
}

/** Two LRU-hit-warming transforms; the second must be answered from memory. */
export async function warmSide(worker: AppWorker, side: Side) {
  let source: string | null = null

  for (let i = 0; i < 2; i++) {
    // eslint-disable-next-line no-await-in-loop -- the second must hit memory
    const answer = await fetch(`${worker.url}${TRANSFORM_PATH}`, {
      method: 'POST',
      headers: {
        ...routeHeaders(BENCH_TENANT.account, BENCH_TENANT.workspace),
        'x-colossus-route-id': ROUTE_OF[side],
      },
      body: transformBody(KEYS.lruHit),
    })

    source = answer.headers.get('x-pricing-session-cache')
    // eslint-disable-next-line no-await-in-loop
    await answer.arrayBuffer()
  }

  if (source !== EXPECTED_SOURCE.lruHit) {
    throw new Error(`${side} warm-up answered ${source}`)
  }
}

/**
 * A worker serving this tree's build as `transform` and the build in
 * `baselineDir` as `transformBefore` (abRoutes/), on the stack's stand-ins.
 */
export function startABWorker(stack: BenchStack, baselineDir: string) {
  writeABServiceJson()

  return startAppWorker({
    appDir: AB_SERVICE_DIR,
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
    env: { BENCH_AB_BEFORE: baselineDir, BENCH_AB_AFTER: APP_BUILD_DIR },
  })
}
