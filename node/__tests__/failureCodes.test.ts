/**
 * What the status route lists failures as (a code, never a message), how
 * many kinds it lists, and the kinds `cached()` records for VBase documents
 * it cannot use; the latency `cached()` reports for a load and the counts
 * each metrics flush reports since the previous one.
 */
import { HttpAgentSingleton } from '@vtex/api/lib/HttpClient/middlewares/request/HttpAgentSingleton'
import { MetricsAccumulator } from '@vtex/api/lib/metrics/MetricsAccumulator'

import { cached, clearMemoryCache } from '../cache/cached'
import { resetThrottledWarn } from '../cache/throttledWarn'
import {
  clearFailures,
  failureCode,
  recentFailures,
  recordFailure,
} from '../observability/failures'
import { latencyMetricName, LookupStats } from '../observability/lookupStats'
import { FakeVBase, stringPolicy } from './fakeVBase'

let run = 0

beforeEach(() => {
  run++
  clearMemoryCache()
  clearFailures()
  resetThrottledWarn()
})

describe('failureCode', () => {
  it.each([
    [{ response: { status: 503 }, code: 'ERR_BAD_RESPONSE' }, 'http-503'],
    [{ code: 'ECONNREFUSED' }, 'ECONNREFUSED'],
    [new Error('connect ECONNREFUSED 10.0.0.7:443'), 'error'],
    [{ code: 'not a code: cc-secret-1' }, 'error'],
    [undefined, 'error'],
  ])('%j → %s', (error, code) => {
    expect(failureCode(error)).toBe(code)
  })
})

describe('recentFailures', () => {
  it('lists the 20 most recent kinds, the most recent first', () => {
    for (let kind = 0; kind < 25; kind++) {
      recordFailure('pricing', 'upstream', `http-${500 + kind}`)
    }

    const listed = recentFailures()

    expect(listed).toHaveLength(20)
    expect(listed[0]).toMatchObject({ code: 'http-524', count: 1 })
    expect(listed[19]).toMatchObject({ code: 'http-505' })
  })
})

describe('a VBase document cached() cannot use', () => {
  it.each([
    ['an entry without its fetch time', { value: 'b2b-nyc' }],
    ['a string', 'b2b-nyc'],
    ['a number', 42],
  ])(
    'is %s: logged as corrupt, counted by code, fetched again',
    async (_, doc) => {
      const vbase = new FakeVBase()
      const logger = { warn: jest.fn() }
      const policy = { ...stringPolicy(`corrupt-${run}`, vbase), logger }
      const key = { account: 'acme', workspace: 'master', id: 'cc-1' }

      vbase.files.set(`${policy.bucket}/cc-1`, doc)

      expect(await cached(key, async () => 'fetched', policy)).toEqual({
        value: 'fetched',
        source: 'upstream',
      })
      expect(logger.warn).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'cache: ignoring a corrupt VBase document',
          code: 'corrupt-document',
        })
      )
      expect(recentFailures()).toEqual([
        expect.objectContaining({
          lookup: policy.bucket,
          stage: 'vbase-read',
          code: 'corrupt-document',
        }),
      ])
    }
  )
})

describe('what reaches the metrics', () => {
  const withMetrics = globalThis as { metrics?: MetricsAccumulator }

  // A flush also reports the HTTP agent, which a worker creates on its first
  // client call.
  beforeAll(() => HttpAgentSingleton.getHttpAgent())

  afterEach(() => {
    jest.restoreAllMocks()
    delete withMetrics.metrics
  })

  const answers = async () => 'b2b-nyc'
  const fails = async (): Promise<string> => {
    throw new Error('503')
  }

  it.each([
    ['upstream', answers],
    ['failed', fails],
  ] as const)(
    'times a load answered %s from its start to its end',
    async (layer, outcome) => {
      const accumulator = new MetricsAccumulator()
      let clock = 10_000

      withMetrics.metrics = accumulator
      jest.spyOn(performance, 'now').mockImplementation(() => clock)
      const policy = stringPolicy(`latency-${run}`, undefined)
      const key = { account: 'acme', workspace: 'master', id: 'cc-1' }

      await cached(
        key,
        async () => {
          clock += 20

          return outcome()
        },
        policy
      ).catch(() => undefined)

      const name = latencyMetricName(policy.bucket, layer)

      expect(
        accumulator.statusTrack().filter((metric) => metric.name === name)
      ).toEqual([expect.objectContaining({ count: 1, max: 20 })])
    }
  )

  it('reports each counter as its change since the previous flush', () => {
    const stats = new LookupStats('deltas')
    const { totals } = stats

    Object.assign(totals, {
      singleFlightJoins: 3,
      revalidationsStarted: 4,
      revalidationsSucceeded: 2,
      revalidationsFailed: 1,
      evictions: 5,
    })
    stats.answered('upstream', 1)
    expect(stats.sinceLastReport()).toMatchObject({
      singleFlightJoins: 3,
      evictions: 5,
      answered: { upstream: 1 },
    })

    Object.assign(totals, {
      singleFlightJoins: 10,
      revalidationsStarted: 6,
      revalidationsSucceeded: 5,
      revalidationsFailed: 2,
      evictions: 5,
    })
    expect(stats.sinceLastReport()).toMatchObject({
      answered: { upstream: 0 },
      singleFlightJoins: 7,
      revalidationsStarted: 2,
      revalidationsSucceeded: 3,
      revalidationsFailed: 1,
      evictions: 0,
    })
  })
})
