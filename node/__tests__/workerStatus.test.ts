/**
 * What the status route and the periodic `worker: cache status` line (at
 * most one per five minutes per worker) say about this worker.
 */
import { cached, clearMemoryCache } from '../cache/cached'
import { ALL_POLICIES, PRICING_POLICY } from '../cache/policies'
import { maybeLogWorkerStatus, workerStatus } from '../observability/status'
import { tick } from './fakeVBase'

const FIVE_MINUTES = 5 * 60 * 1000

beforeEach(() => clearMemoryCache())

describe('maybeLogWorkerStatus', () => {
  it('logs the worker status once per five minutes at most', async () => {
    const memoryOnly = { ...PRICING_POLICY, vbase: undefined }
    const key = { account: 'acme', workspace: 'master', id: 'org-7/cc-7' }

    await cached(key, async () => null, memoryOnly)
    await cached(key, async () => null, memoryOnly)

    const logger = { info: jest.fn() }
    const start = Date.now()

    maybeLogWorkerStatus(logger, ALL_POLICIES, start)
    expect(logger.info).not.toHaveBeenCalled()

    maybeLogWorkerStatus(logger, ALL_POLICIES, start + FIVE_MINUTES)
    maybeLogWorkerStatus(logger, ALL_POLICIES, start + FIVE_MINUTES + 1_000)
    expect(logger.info).toHaveBeenCalledTimes(1)

    const [[line]] = logger.info.mock.calls

    expect(line).toMatchObject({
      message: 'worker: cache status',
      caches: {
        pricing: {
          lru: { size: 1, max: 10_000 },
          answered: { upstream: 1, lru: 1 },
          ratio: { lru: 0.5, upstream: 0.5 },
        },
      },
    })
    expect(JSON.stringify(line)).not.toMatch(/org-7|cc-7/)

    // Five minutes after the last line, to the millisecond: the next one.
    maybeLogWorkerStatus(logger, ALL_POLICIES, start + 2 * FIVE_MINUTES - 1)
    expect(logger.info).toHaveBeenCalledTimes(1)
    maybeLogWorkerStatus(logger, ALL_POLICIES, start + 2 * FIVE_MINUTES)
    expect(logger.info).toHaveBeenCalledTimes(2)
  })
})

describe('workerStatus', () => {
  const MB = 1024 * 1024

  afterEach(() => jest.restoreAllMocks())

  it('names the app and says when the worker started and what memory it holds', () => {
    process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
    jest.spyOn(process, 'uptime').mockReturnValue(3_600.4)
    jest.spyOn(process, 'memoryUsage').mockReturnValue({
      rss: 200 * MB,
      heapUsed: 50.26 * MB,
      heapTotal: 0,
      external: 0,
      arrayBuffers: 0,
    })
    const before = Date.now()
    const status = workerStatus(ALL_POLICIES)
    const startedAt = Date.parse(status.startedAt)

    expect(status).toMatchObject({
      app: 'acme.pricing-session@0.1.0',
      pid: process.pid,
      uptimeSeconds: 3_600,
      memoryMb: { rss: 200, heapUsed: 50.3 },
    })
    expect(startedAt).toBeGreaterThanOrEqual(before - 3_600_400 - 1)
    expect(startedAt).toBeLessThanOrEqual(Date.now() - 3_600_400)
  })

  it('says null for an app id the worker was not given', () => {
    const appId = process.env.VTEX_APP_ID

    delete process.env.VTEX_APP_ID
    try {
      expect(workerStatus(ALL_POLICIES).app).toBeNull()
    } finally {
      process.env.VTEX_APP_ID = appId
    }
  })

  it('counts the loads in flight', async () => {
    const memoryOnly = { ...PRICING_POLICY, vbase: undefined }
    const key = { account: 'acme', workspace: 'master', id: 'org-8/cc-8' }
    let release!: (value: null) => void
    const load = cached(
      key,
      () => new Promise<null>((resolve) => (release = resolve)),
      memoryOnly
    )

    expect(workerStatus(ALL_POLICIES).caches.pricing.inFlight).toEqual({
      loads: 1,
      revalidations: 0,
    })
    await tick()
    release(null)
    await load
    expect(workerStatus(ALL_POLICIES).caches.pricing.inFlight).toEqual({
      loads: 0,
      revalidations: 0,
    })
  })
})
