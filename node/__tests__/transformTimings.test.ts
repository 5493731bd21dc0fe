import { clearMemoryCache } from '../cache/cached'
import { TransformTimings } from '../observability/stepTimings'
import { runRoute, timingLines, withTimingLog } from './stepTimingsKit'

const SETTINGS = { sampleRate: 1, slowMs: 500 }

beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(() => clearMemoryCache())

describe('TransformTimings', () => {
  it('takes both lookups answered from memory as lru, ended at the parse, with no time of their own', () => {
    const timings = new TransformTimings()

    timings.parsed()
    timings.answeredFromMemory()
    timings.answered()

    expect(timings.loggable).toBe(true)
    const line = timings.line('sampled', SETTINGS)

    expect(line).toMatchObject({
      costCenterLayer: 'lru',
      pricingLayer: 'lru',
      costCenterMs: 0,
      pricingMs: 0,
    })
    expect(line.answerMs).toBeCloseTo(line.totalMs - line.parseMs, 1)
  })

  it('tells when it answered on the Date.now() clock, without reading it', async () => {
    const before = Date.now()
    const timings = new TransformTimings()

    await new Promise((resolve) => setTimeout(resolve, 20))
    timings.answered()
    const after = Date.now()

    // performance.timeOrigin is a fraction of a millisecond off Date.now().
    expect(timings.answeredAt).toBeGreaterThanOrEqual(before + 19)
    expect(timings.answeredAt).toBeLessThanOrEqual(after + 1)
  })
})

describe('the step-timing line of a whole transform', () => {
  afterEach(() => jest.restoreAllMocks())

  it("times each lookup from its own start, not from the transform's", async () => {
    // 200 ms in the parse, then 1 ms per clock read: a lookup timed from the
    // transform's start would take over 200 ms.
    let clock = 0

    jest
      .spyOn(performance, 'now')
      .mockImplementation(() => (clock === 0 ? (clock = 1_000) : ++clock + 200))

    const { logger } = await runRoute(withTimingLog({ timingLogSampleRate: 1 }))
    const [line] = timingLines(logger.info)

    expect(line).toMatchObject({ settingsLayer: 'upstream' })
    expect(line.parseMs).toBeGreaterThan(200)
    for (const step of ['costCenterMs', 'pricingMs', 'settingsMs']) {
      expect(line[step]).toBeLessThan(50)
    }
  })

  it('times a settings read that failed as failed, and logs the line at the default rate', async () => {
    const upstream = withTimingLog({})

    upstream.getAppSettings.mockRejectedValue(new Error('apps is down'))
    // The default rate is 1 %: this transform falls in it.
    jest.spyOn(Math, 'random').mockReturnValue(0)
    const { logger } = await runRoute(upstream)

    expect(timingLines(logger.info)).toEqual([
      expect.objectContaining({
        settingsLayer: 'failed',
        pricingLayer: 'failed',
        costCenterLayer: 'upstream',
        sampleRate: 0.01,
      }),
    ])
  })
})
