/**
 * The benchmark's scenarios produce the states they claim to measure (never
 * a time): a stampede is one upstream call, a stale VBase value is served
 * stale and refreshed in the background, the body-reading empty route
 * answers like the app.
 */
import { routeHeaders, TRANSFORM_PATH } from '../../local/appWorker'
import type { BenchStack } from '../benchStack'
import { startBenchStack } from '../benchStack'
import {
  BENCH_TENANT,
  benchFixtures,
  transformBody,
  upstreamKeys,
} from '../benchKeys'
import { startEmptyRoute } from '../children'
import { measureStampede, STAMPEDE_REQUESTS } from '../crowdTiers'
import { recordLruHitAnswer } from '../floors'
import { EXPECTED_SOURCE, KEYS } from '../tiers'

const HOUR_MS = 60 * 60 * 1000
const STALE_KEY = KEYS.stale.from

let stack: BenchStack

beforeAll(async () => {
  stack = await startBenchStack(benchFixtures(STALE_KEY + 1))
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

test('the empty route reading the body answers the recorded LRU-hit answer', async () => {
  const answer = await recordLruHitAnswer(stack)
  const route = await startEmptyRoute(answer, {
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
    readBody: true,
  })

  try {
    const response = await fetch(`${route.url}${TRANSFORM_PATH}`, {
      method: 'POST',
      headers: routeHeaders(BENCH_TENANT.account, BENCH_TENANT.workspace),
      body: transformBody(KEYS.lruHit),
    })

    expect(response.status).toBe(200)
    expect(await response.text()).toBe(answer.body)
  } finally {
    await route.stop()
  }
})
