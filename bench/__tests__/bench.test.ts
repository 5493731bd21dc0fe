/**
 * The benchmark's scenarios produce the states they claim to measure (never
 * a time): a stampede is one upstream call, a stale VBase value is served
 * stale and refreshed in the background, the empty route and the ceiling
 * answer the app's LRU-hit bytes.
 */
import { routeHeaders, TRANSFORM_PATH } from '../../local/appWorker'
import type { BenchStack } from '../benchStack'
import { CEILING_ROUTE, startBenchStack } from '../benchStack'
import {
  BENCH_TENANT,
  benchFixtures,
  transformBody,
  upstreamKeys,
  KEYS,
} from '../benchKeys'
import { startEmptyRoute } from '../children'
import { measureStampede, STAMPEDE_REQUESTS } from '../crowdTiers'
import { checkLruHitAnswer } from '../floors'
import { EXPECTED_SOURCE } from '../tiers'

const HOUR_MS = 60 * 60 * 1000
const STALE_KEY = KEYS.stale.from

let stack: BenchStack

beforeAll(async () => {
  stack = await startBenchStack(benchFixtures(STALE_KEY + 1), {
    withCeiling: true,
  })
})

afterAll(() => stack.stop())

async function until(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs

  while (!condition() && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop -- polling the stand-ins
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

test('a stampede of cold requests for one key makes one call per upstream', async () => {
  const stampede = await measureStampede(stack)

  expect(stampede.ok).toBe(STAMPEDE_REQUESTS)
  expect(stampede.graphqlCalls).toBe(1)
  expect(stampede.pricingCalls).toBe(1)
})

test('an hour-old VBase value is answered stale, then refreshed from upstream', async () => {
  stack.seedVBase([STALE_KEY], Date.now() - HOUR_MS)
  await stack.restartWorker()
  stack.platform.resetStats()

  const answer = await stack.transform(transformBody(STALE_KEY))

  expect(answer.status).toBe(200)
  expect(answer.cacheSource).toBe(EXPECTED_SOURCE.stale)
  expect(JSON.parse(answer.body).pricing.priceTable.value).toMatch(/^bench/)

  const keys = upstreamKeys(STALE_KEY)
  const refreshed = () => {
    const stats = stack.platform.stats()

    return (
      stats.graphql.byId[keys.graphql] === 1 &&
      stats.pricing.byKey[keys.pricing] === 1
    )
  }

  await until(refreshed)
  expect(refreshed()).toBe(true)
})

const post = (url: string, routeId: string, body: string) =>
  fetch(`${url}${TRANSFORM_PATH}`, {
    method: 'POST',
    headers: {
      ...routeHeaders(BENCH_TENANT.account, BENCH_TENANT.workspace),
      'x-colossus-route-id': routeId,
    },
    body,
  })

test("the empty route and the ceiling answer the app's LRU-hit answer", async () => {
  const answer = await checkLruHitAnswer(stack)
  const route = await startEmptyRoute(answer, {
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
  })

  try {
    const empty = await post(route.url, 'transform', transformBody(KEYS.lruHit))
    // The ceiling answers key 0's bytes whatever it reads: another key's body
    // tells its answer from the app's own route in the same worker.
    const ceiling = await post(
      stack.worker.url,
      CEILING_ROUTE,
      transformBody(KEYS.stampede)
    )

    expect(empty.status).toBe(200)
    expect(await empty.text()).toBe(answer.body)
    expect(ceiling.status).toBe(200)
    expect(await ceiling.text()).toBe(answer.body)
  } finally {
    await route.stop()
  }
})
