import type { BenchStack } from './benchStack'
import { transformBody } from './benchKeys'
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

  return {
    headers: {
      'cache-control': hit.headers.get('cache-control') ?? '',
      'x-pricing-session-cache': hit.cacheSource,
    },
    body: hit.body,
  }
}

/**
 * The bare floor, the platform floor (empty route), the ceiling (the empty
 * route reading the body: what any transform must do) and the app's LRU hit,
 * all serving at once, measured interleaved.
 */
export async function measureWarmTiers(
  stack: BenchStack,
  answer: RecordedAnswer,
  settings: TierSettings
) {
  const routeOptions = {
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
  }

  const servers = await Promise.all([
    startFloorServer(answer),
    startEmptyRoute(answer, routeOptions),
    startEmptyRoute(answer, { ...routeOptions, readBody: true }),
  ])

  const [floorServer, emptyRoute, bodyReadRoute] = servers
  const { url, child } = stack.worker

  try {
    const [floor, empty, emptyRouteBodyRead, lruHit] = await measureInterleaved(
      [
        { tier: 'floor (node:http)', served: floorServer },
        { tier: 'empty route (@vtex/api)', served: emptyRoute },
        { tier: 'ceiling (+ body read)', served: bodyReadRoute },
        { tier: 'LRU hit', served: { url, pid: child.pid ?? 0 } },
      ],
      settings
    )

    return { floor, emptyRoute: empty, emptyRouteBodyRead, lruHit }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}
