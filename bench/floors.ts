import type { BenchStack } from './benchStack'
import { CEILING_ROUTE } from './benchStack'
import { lruHitAnswer, transformBody } from './benchKeys'
import type { RecordedAnswer } from './children'
import { startEmptyRoute, startFloorServer } from './children'
import type { TierSettings } from './tiers'
import { EXPECTED_SOURCE, KEYS, measureInterleaved } from './tiers'

/** The LRU-hit answer, byte for byte, for the floors to replay. */
export async function recordLruHitAnswer(
  stack: BenchStack
): Promise<RecordedAnswer> {
  await stack.transform(transformBody(KEYS.lruHit))
  const hit = await stack.transform(transformBody(KEYS.lruHit))

  if (hit.status !== 200 || hit.cacheSource !== EXPECTED_SOURCE.lruHit) {
    throw new Error(`warm-up answered ${hit.status} ${hit.cacheSource}`)
  }

  // The ceiling route replays these bytes, computed before the worker starts.
  if (hit.body !== lruHitAnswer(KEYS.lruHit).body) {
    throw new Error(`the app's LRU-hit answer is not the expected bytes`)
  }

  return {
    headers: {
      'cache-control': hit.headers.get('cache-control') ?? '',
      'x-pricing-session-cache': hit.cacheSource,
    },
    body: hit.body,
  }
}

/**
 * The bare floor, the platform floor (empty route), the ceiling (a route
 * reading the body: what any transform must do) and the app's LRU hit, all
 * serving at once, measured interleaved. The ceiling is a second route of the
 * app's own worker (a `withCeiling` bench stack): the two routes share one
 * process, its JIT, heap and host share.
 */
export async function measureWarmTiers(
  stack: BenchStack,
  answer: RecordedAnswer,
  settings: TierSettings
) {
  const servers = await Promise.all([
    startFloorServer(answer),
    startEmptyRoute(answer, {
      platformProxy: stack.platform.proxyUrl,
      onLog: stack.logs.onLog,
    }),
  ])

  const [floorServer, emptyRoute] = servers
  const app = { url: stack.worker.url, pid: stack.worker.child.pid ?? 0 }

  try {
    const [floor, empty, emptyRouteBodyRead, lruHit] = await measureInterleaved(
      [
        { tier: 'floor (node:http)', served: floorServer },
        { tier: 'empty route (@vtex/api)', served: emptyRoute },
        {
          tier: 'ceiling (+ body read)',
          served: app,
          routeId: CEILING_ROUTE,
        },
        { tier: 'LRU hit', served: app },
      ],
      settings
    )

    return { floor, emptyRoute: empty, emptyRouteBodyRead, lruHit }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}
