import type { BenchStack } from './benchStack'
import { CEILING_ROUTE } from './benchStack'
import { lruHitAnswer, transformBody, KEYS } from './benchKeys'
import { startEmptyRoute } from './children'
import type { TierSettings } from './tiers'
import { EXPECTED_SOURCE, measureInterleaved } from './tiers'

/**
 * Warms the LRU-hit key, checks that the app answers it with `lruHitAnswer`'s
 * headers and bytes (the empty route and the ceiling replay them; the ceiling's
 * are set before its worker starts) and returns that answer.
 */
export async function checkLruHitAnswer(stack: BenchStack) {
  const expected = lruHitAnswer(KEYS.lruHit)

  await stack.transform(transformBody(KEYS.lruHit))
  const hit = await stack.transform(transformBody(KEYS.lruHit))

  if (hit.status !== 200 || hit.cacheSource !== EXPECTED_SOURCE.lruHit) {
    throw new Error(`warm-up answered ${hit.status} ${hit.cacheSource}`)
  }

  if (
    hit.body !== expected.body ||
    hit.headers.get('cache-control') !== expected.headers['cache-control']
  ) {
    throw new Error(`the app's LRU-hit answer is not the expected one`)
  }

  return expected
}

/**
 * The platform floor (empty route), the ceiling (a route
 * reading the body: what any transform must do) and the app's LRU hit, all
 * serving at once, measured interleaved. The ceiling is a second route of the
 * app's own worker (a `withCeiling` bench stack): the two routes share one
 * process, its JIT, heap and host share.
 */
export async function measureWarmTiers(
  stack: BenchStack,
  settings: TierSettings
) {
  const answer = await checkLruHitAnswer(stack)
  const emptyRoute = await startEmptyRoute(answer, {
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
  })

  const app = { url: stack.worker.url, pid: stack.worker.child.pid ?? 0 }

  try {
    const [empty, ceiling, lruHit] = await measureInterleaved(
      [
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

    return { emptyRoute: empty, ceiling, lruHit }
  } finally {
    await emptyRoute.stop()
  }
}
