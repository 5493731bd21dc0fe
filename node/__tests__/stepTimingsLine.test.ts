/**
 * The step-timing line's numbers on a clock the test moves (each step's time,
 * the answer's share, the slowest step), the line of a transform whose settings are read only after its answer, and
 * the timing settings' ranges and freshness.
 */
import { clearMemoryCache } from '../cache/cached'
import { resolveAppSettings, timingLogSettings } from '../lookups/appSettings'
import { clearFailures } from '../observability/failures'
import { logStepTimings, TransformTimings } from '../observability/stepTimings'
import { FakeVBase, tick } from './fakeVBase'
import { buildContext, COST_CENTERS, PRICING } from './handlerContext'
import {
  NYC_BODY,
  runRoute,
  timingLines,
  withTimingLog,
} from './stepTimingsKit'

const SETTINGS = { sampleRate: 1, slowMs: 500 }

beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(() => {
  clearMemoryCache()
  clearFailures()
})

describe('the step-timing line on a known clock', () => {
  let clock: number

  beforeEach(() => {
    clock = 1_000
    jest.spyOn(performance, 'now').mockImplementation(() => clock)
  })

  afterEach(() => jest.restoreAllMocks())

  /** Parse, both lookups from one start, answer: each a number of ms. */
  function timed(parse: number, costCenter: number, pricing: number) {
    const timings = new TransformTimings()

    clock += parse
    timings.parsed()
    const startedMs = timings.since()

    clock += costCenter
    timings.lookup('costCenter', 'upstream', startedMs)
    clock += pricing - costCenter
    timings.lookup('pricing', 'vbase-fresh', startedMs)

    return timings
  }

  it('times each step, and gives the answer what follows the last lookup', () => {
    const timings = timed(4, 6, 26)

    clock += 3
    timings.answered()

    expect(timings.line('sampled', SETTINGS)).toEqual({
      message: 'transform: step timings',
      reason: 'sampled',
      totalMs: 33,
      parseMs: 4,
      costCenterLayer: 'upstream',
      costCenterMs: 6,
      pricingLayer: 'vbase-fresh',
      pricingMs: 26,
      answerMs: 3,
      slowestStep: 'pricing',
      sampleRate: 1,
      slowMs: 500,
    })
  })

  it.each([
    ['parse', 50, 40],
    ['answer', 1, 40],
  ])('names %s the slowest step when it is', (slowest, parse, answer) => {
    const timings = timed(parse, 2, 2)

    clock += answer
    timings.answered()

    expect(timings.line('slow', SETTINGS).slowestStep).toBe(slowest)
  })

  it('gives an answer from memory what follows the parse', () => {
    const timings = new TransformTimings()

    clock += 4
    timings.parsed()
    timings.answeredFromMemory()
    clock += 2
    timings.answered()

    expect(timings.line('sampled', SETTINGS)).toMatchObject({
      totalMs: 6,
      parseMs: 4,
      costCenterLayer: 'lru',
      costCenterMs: 0,
      pricingMs: 0,
      answerMs: 2,
    })
  })

  it('keeps the time of the answer when the line is written later', () => {
    const timings = timed(1, 2, 3)

    clock += 1
    timings.answered()
    clock += 50

    expect(timings.line('sampled', SETTINGS)).toMatchObject({
      totalMs: 5,
      answerMs: 1,
    })
  })

  it.each([
    ['costCenter', 'pricing'],
    ['pricing', 'costCenter'],
  ] as const)(
    'writes the line of a record without %s, the answer after %s',
    (missing, present) => {
      const timings = new TransformTimings()

      clock += 1
      timings.parsed()
      const startedMs = timings.since()

      clock += 5
      timings.lookup(present, 'upstream', startedMs)
      clock += 2
      timings.answered()

      const line = timings.line('slow', SETTINGS)

      expect(line).toMatchObject({ [`${present}Ms`]: 5, answerMs: 2 })
      expect(line).not.toHaveProperty(`${missing}Ms`)
    }
  )
})

describe('logStepTimings', () => {
  it('logs nothing for timings that looked nothing up or never answered', async () => {
    const logger = { info: jest.fn(), warn: jest.fn() }
    const answeredOnly = new TransformTimings()

    answeredOnly.answered()
    logStepTimings(logger, new TransformTimings(), SETTINGS)
    logStepTimings(logger, answeredOnly, { sampleRate: 1, slowMs: 0 })
    await new Promise((resolve) => setImmediate(resolve))

    expect(logger.info).not.toHaveBeenCalled()
    expect(logger.warn).not.toHaveBeenCalled()
  })
})

describe('the step-timing line of a whole transform', () => {
  it('logs a transform answered from VBase once the settings it never needed are read', async () => {
    const vbase = new FakeVBase()
    const upstream = withTimingLog({ timingLogSampleRate: 1 })

    vbase.putLookup(
      'org-1/cc-1',
      { 'cost-centers': COST_CENTERS['cc-1'], pricing: PRICING['org-1/cc-1'] },
      1_000
    )
    const { logger } = await runRoute(upstream, NYC_BODY, { vbase })

    expect(timingLines(logger.info)).toEqual([
      expect.objectContaining({
        costCenterLayer: 'vbase-fresh',
        pricingLayer: 'vbase-fresh',
        sampleRate: 1,
      }),
    ])
    expect(timingLines(logger.info)[0]).not.toHaveProperty('settingsLayer')
    expect(upstream.getAppSettings).toHaveBeenCalledTimes(1)
  })
})

describe('the timing settings', () => {
  const timingLog = async (fields: Record<string, unknown>) => {
    const { ctx } = buildContext({ upstream: withTimingLog(fields) })

    return (await resolveAppSettings(ctx)).value.timingLog
  }

  it('are answered at once while fresh, and through a refresh from 30 s on', async () => {
    const base = Date.now()
    const realPerf = performance.now.bind(performance)
    let offsetMs = 0

    jest.spyOn(Date, 'now').mockImplementation(() => base + offsetMs)
    jest
      .spyOn(performance, 'now')
      .mockImplementation(() => realPerf() + offsetMs)
    try {
      const upstream = withTimingLog({ timingLogSampleRate: 0.5 })
      const { ctx } = buildContext({ upstream })

      await resolveAppSettings(ctx)
      offsetMs = 29_999
      // A plain value, not a promise: the hot path waits for nothing.
      expect(timingLogSettings(ctx)).toEqual({ sampleRate: 0.5, slowMs: 500 })

      upstream.getAppSettings.mockResolvedValue({
        timingLogSampleRate: 1,
      } as never)
      offsetMs = 30_000
      await timingLogSettings(ctx)
      await tick()

      expect(upstream.getAppSettings).toHaveBeenCalledTimes(2)
      expect(timingLogSettings(ctx)).toEqual({ sampleRate: 1, slowMs: 500 })
    } finally {
      jest.restoreAllMocks()
    }
  })

  it.each([
    [{ timingLogSampleRate: -0.01, timingLogSlowMs: 0 }, 0.01, 500],
    [{ timingLogSampleRate: 1.01, timingLogSlowMs: -5 }, 0.01, 500],
    [{ timingLogSampleRate: 0, timingLogSlowMs: 1 }, 0, 1],
    [{ timingLogSampleRate: 1, timingLogSlowMs: 2_000 }, 1, 2_000],
    [{ timingLogSampleRate: '0.5', timingLogSlowMs: '100' }, 0.01, 500],
  ])('%j → rate %p, slow from %p ms', async (fields, sampleRate, slowMs) => {
    expect(await timingLog(fields)).toEqual({ sampleRate, slowMs })
  })

  it('are the defaults when the settings cannot be read', async () => {
    const upstream = withTimingLog({})

    upstream.getAppSettings.mockRejectedValue(new Error('apps is down'))
    const { ctx } = buildContext({ upstream })

    await expect(timingLogSettings(ctx)).resolves.toEqual({
      sampleRate: 0.01,
      slowMs: 500,
    })
  })
})
