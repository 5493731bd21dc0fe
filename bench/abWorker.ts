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

/** The A/B worker's two routes (abRoutes/), in the order their builds load. */
const ROUTES = ['transform', 'transformSecond'] as const

export type Side = 'before' | 'after'

/** Which route serves which side in one A/B worker. */
export type RouteOf = Record<Side, string>

const AB_SERVICE_DIR = join(__dirname, 'abRoutes')

/** The A/B worker's service.json: the app's, plus the second route. */
function writeABServiceJson() {
  const serviceJson = JSON.parse(
    readFileSync(join(__dirname, '..', 'node', 'service.json'), 'utf8')
  )

  serviceJson.routes[ROUTES[1]] = serviceJson.routes.transform
  writeFileSync(
    join(AB_SERVICE_DIR, 'service', 'service.json'),
    JSON.stringify(serviceJson, null, 2)
  )
}

/** One LRU-hit key's transform on one of the A/B worker's routes. */
export const transformOn = (worker: AppWorker, routeId: string) =>
  fetch(`${worker.url}${TRANSFORM_PATH}`, {
    method: 'POST',
    headers: {
      ...routeHeaders(BENCH_TENANT.account, BENCH_TENANT.workspace),
      'x-colossus-route-id': routeId,
    },
    body: transformBody(KEYS.lruHit),
  })

/** Two LRU-hit-warming transforms; the second must be answered from memory. */
export async function warmSide(worker: AppWorker, routeId: string) {
  let source: string | null = null

  for (let i = 0; i < 2; i++) {
    // eslint-disable-next-line no-await-in-loop -- the second must hit memory
    const answer = await transformOn(worker, routeId)

    source = answer.headers.get('x-pricing-session-cache')
    // eslint-disable-next-line no-await-in-loop
    await answer.arrayBuffer()
  }

  if (source !== EXPECTED_SOURCE.lruHit) {
    throw new Error(`${routeId} warm-up answered ${source}`)
  }
}

/**
 * A worker serving the build in `baselineDir` (before) and this tree's
 * (after) on the stack's stand-ins; `swap` loads this tree's first, on the
 * `transform` route.
 */
export async function startABWorker(
  stack: BenchStack,
  baselineDir: string,
  { swap = false, execArgv = [] as string[] } = {}
) {
  writeABServiceJson()
  const builds = swap
    ? [APP_BUILD_DIR, baselineDir]
    : [baselineDir, APP_BUILD_DIR]

  const worker = await startAppWorker({
    appDir: AB_SERVICE_DIR,
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
    execArgv,
    env: { BENCH_AB_FIRST: builds[0], BENCH_AB_SECOND: builds[1] },
  })

  const routeOf: RouteOf = swap
    ? { after: ROUTES[0], before: ROUTES[1] }
    : { before: ROUTES[0], after: ROUTES[1] }

  return { worker, routeOf }
}
