/**
 * The step-timing log line, through the route's real handler (body read,
 * validation, lookups, answer) with a hand-built context: it appears at the
 * sample rate the settings give (within bounds), always when a transform is
 * slower than the threshold, and carries step names, layers and times only.
 */
import { clearMemoryCache } from '../cache/cached'
import { transformRoute } from '../index'
import { clearFailures, recentFailures } from '../observability/failures'
import { buildContext } from './handlerContext'
import { tick } from './fakeVBase'
import {
  API_KEY,
  NYC_BODY,
  runRoute as run,
  timingLines,
  withTimingLog,
} from './stepTimingsKit'
import { slowPricingLine } from './timingLines'

const LINE_KEYS = new Set([
  'message',
  'reason',
  'totalMs',
  'parseMs',
  'costCenterLayer',
  'costCenterMs',
  'pricingLayer',
  'pricingMs',
  'settingsLayer',
  'settingsMs',
  'answerMs',
  'slowestStep',
  'sampleRate',
  'slowMs',
])

const LAYERS = new Set([
  'lru',
  'vbase-fresh',
  'vbase-stale',
  'upstream',
  'failed',
  'timeout',
])

beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(() => {
  clearMemoryCache()
  clearFailures()
})

describe('the step-timing log line', () => {
  it('logs every transform at rate 1, with each step, layer and time', async () => {
    const upstream = withTimingLog({ timingLogSampleRate: 1 })
    const cold = await run(upstream)
    const warm = await run(upstream)

    const [first] = timingLines(cold.logger.info)
    const [second] = timingLines(warm.logger.info)

    expect(first).toMatchObject({
      reason: 'sampled',
      costCenterLayer: 'upstream',
      pricingLayer: 'upstream',
      // The pricing fetch read the settings first.
      settingsLayer: 'upstream',
      sampleRate: 1,
      slowMs: 500,
    })
    expect(second).toMatchObject({
      costCenterLayer: 'lru',
      pricingLayer: 'lru',
    })
    // A warm transform never reads the settings before answering.
    expect(second).not.toHaveProperty('settingsLayer')

    for (const line of [first, second]) {
      const entries = Object.entries(line)
      const layers = entries.filter(([name]) => name.endsWith('Layer'))
      const times = entries.filter(([name]) => name.endsWith('Ms'))

      expect(entries.filter(([name]) => !LINE_KEYS.has(name))).toEqual([])
      expect(
        layers.filter(([, layer]) => !LAYERS.has(layer as string))
      ).toEqual([])
      expect(times.filter(([, ms]) => !(Number(ms) >= 0))).toEqual([])
      expect(line.totalMs).toBeGreaterThanOrEqual(line.parseMs as number)
    }
  })

  it('carries no id, input value, key or URL', async () => {
    const upstream = withTimingLog({ timingLogSampleRate: 1 })
    const { logger } = await run(upstream)
    const text = JSON.stringify(timingLines(logger.info))

    expect(timingLines(logger.info)).toHaveLength(1)
    for (const secret of ['cc-1', 'org-1', 'addr-2', API_KEY, 'acme.test']) {
      expect(text).not.toContain(secret)
    }
  })

  it.each([
    [0.2, 2000],
    [0.05, 2000],
  ])(
    'appears at rate %p within five standard deviations over %p transforms',
    async (rate, transforms) => {
      const upstream = withTimingLog({
        timingLogSampleRate: rate,
        timingLogSlowMs: 60_000,
      })

      let logged = 0

      for (let i = 0; i < transforms; i++) {
        // eslint-disable-next-line no-await-in-loop
        const { logger } = await run(upstream)

        logged += timingLines(logger.info).length
        expect(logger.warn).not.toHaveBeenCalled()
      }

      const expected = rate * transforms
      const spread = 5 * Math.sqrt(transforms * rate * (1 - rate))

      expect(logged).toBeGreaterThan(expected - spread)
      expect(logged).toBeLessThan(expected + spread)
    },
    // 2 000 transforms: seconds on 2 shared cores, more under Stryker. Only a
    // wrong count may fail this test, never the mutation run's 5 s default.
    60_000
  )

  it('logs nothing at rate 0 while transforms are fast', async () => {
    const upstream = withTimingLog({ timingLogSampleRate: 0 })

    for (let i = 0; i < 200; i++) {
      // eslint-disable-next-line no-await-in-loop
      const { logger } = await run(upstream)

      expect(timingLines(logger.info)).toHaveLength(0)
      expect(timingLines(logger.warn)).toHaveLength(0)
    }
  })

  it('always logs a transform slower than the threshold, as a warning', async () => {
    const upstream = withTimingLog({
      timingLogSampleRate: 0,
      timingLogSlowMs: 5,
    })

    upstream.getPricing.mockImplementation(async () => {
      await tick(20)

      return { priceTable: 'b2b-nyc', storeNumber: '0042' }
    })

    const { logger } = await run(upstream)
    const [line] = timingLines(logger.warn)

    expect(line).toEqual(slowPricingLine(5))
    expect(line.pricingMs).toBeGreaterThanOrEqual(15)
    expect(timingLines(logger.info)).toHaveLength(0)
  })

  it('falls back to the defaults for settings out of range', async () => {
    const upstream = withTimingLog({
      timingLogSampleRate: 7,
      timingLogSlowMs: 'fast',
    })

    upstream.getPricing.mockImplementation(async () => {
      await tick(600)

      return { priceTable: 'b2b-nyc', storeNumber: '0042' }
    })

    const { logger } = await run(upstream)

    expect(timingLines(logger.warn)).toEqual([
      expect.objectContaining({ sampleRate: 0.01, slowMs: 500 }),
    ])
  })

  it.each([
    {
      stalled: 'getCostCenterById',
      costCenterLayer: 'timeout',
      pricingLayer: 'upstream',
      slowestStep: 'costCenter',
      lookup: 'cost-centers',
    },
    {
      stalled: 'getPricing',
      costCenterLayer: 'upstream',
      pricingLayer: 'timeout',
      slowestStep: 'pricing',
      lookup: 'pricing',
    },
  ] as const)(
    'marks only the lookup past the deadline ($lookup) as timeout and counts it',
    async ({ stalled, costCenterLayer, pricingLayer, slowestStep, lookup }) => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
      try {
        const upstream = withTimingLog({ timingLogSampleRate: 0 })

        // Never settles: only the deadline ends this lookup.
        upstream[stalled].mockReturnValue(new Promise<never>(() => {}))
        const { ctx, logger } = buildContext({ rawBody: NYC_BODY, upstream })
        const done = transformRoute(ctx, async () => {})

        await jest.advanceTimersByTimeAsync(1500)
        await done
        await jest.advanceTimersByTimeAsync(0)
        await new Promise((resolve) => setImmediate(resolve))

        expect(timingLines(logger.warn)).toEqual([
          expect.objectContaining({
            reason: 'slow',
            costCenterLayer,
            pricingLayer,
            slowestStep,
          }),
        ])
        // The lookup that answered in time is no deadline failure.
        expect(recentFailures()).toEqual([
          expect.objectContaining({
            lookup,
            stage: 'transform-deadline',
            code: 'timeout',
          }),
        ])
      } finally {
        jest.useRealTimers()
      }
    }
  )

  it('logs nothing for a refused body or a transform without lookups', async () => {
    const upstream = withTimingLog({ timingLogSampleRate: 1 })
    const refused = await run(upstream, '{"storefront-permissions": []}')
    const anonymous = await run(upstream, '{}')

    expect(refused.ctx.status).toBe(400)
    expect(anonymous.ctx.status).toBe(200)
    for (const { logger } of [refused, anonymous]) {
      expect(timingLines(logger.info)).toHaveLength(0)
    }

    // Neither read the settings: a refused request reaches no upstream.
    expect(upstream.getAppSettings).not.toHaveBeenCalled()
  })
})
