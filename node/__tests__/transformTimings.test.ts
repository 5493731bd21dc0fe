import { TransformTimings } from '../observability/stepTimings'

const SETTINGS = { sampleRate: 1, slowMs: 500 }

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
