/**
 * What the status route and the periodic `worker: cache status` line (at
 * most one per five minutes per worker) say about this worker.
 */
import { cached, clearMemoryCache } from '../cache/cached'
import { ALL_POLICIES, PRICING_POLICY } from '../cache/policies'
import { workerStatus } from '../observability/status'
import { tick } from './fakeVBase'

beforeEach(() => clearMemoryCache())

type StatusModule = typeof import('../observability/status')
type Kit = typeof import('./stepTimingsKit')

/**
 * A fresh copy of the app's modules (the clock is once per worker: module
 * state), its status clock started and handed to the test to tick.
 */
async function withFreshClock(
  test: (
    modules: { status: StatusModule; kit: Kit },
    tickClock: () => void
  ) => Promise<void>
) {
  const setIntervalSpy = jest.spyOn(global, 'setInterval')

  try {
    await jest.isolateModulesAsync(async () => {
      const kit = await import('./stepTimingsKit')
      const status = await import('../observability/status')

      // Importing the app (index.ts) started it; a second start adds no timer.
      status.startWorkerStatusClock()
      expect(setIntervalSpy).toHaveBeenCalledTimes(1)
      const [[onTick, everyMs]] = setIntervalSpy.mock.calls

      expect(everyMs).toBe(status.STATUS_LOG_INTERVAL_MS)
      expect(status.STATUS_LOG_INTERVAL_MS).toBe(5 * 60 * 1000)
      const timer = setIntervalSpy.mock.results[0].value as NodeJS.Timeout

      // Never keeps a worker alive.
      expect(timer.hasRef()).toBe(false)
      await test({ status, kit }, onTick as () => void)
    })
  } finally {
    setIntervalSpy.mockRestore()
  }
}

const STATUS_MESSAGE = 'worker: cache status'

describe('the worker status line', () => {
  it('falls due every five minutes and is written once, by the next transform', () =>
    withFreshClock(async ({ status, kit }, tickClock) => {
      const statusLines = (logger: { info: jest.Mock }) =>
        kit
          .lines(logger.info)
          .filter(({ message }) => message === STATUS_MESSAGE)

      const upstream = kit.withTimingLog({ timingLogSampleRate: 0 })
      const before = await kit.runRoute(upstream)

      expect(statusLines(before.logger)).toHaveLength(0)

      tickClock()
      const carrier = await kit.runRoute(upstream)
      const after = await kit.runRoute(upstream)

      expect(statusLines(after.logger)).toHaveLength(0)
      const [line] = statusLines(carrier.logger)

      expect(statusLines(carrier.logger)).toHaveLength(1)
      // The three transforms: one upstream load, then two memory answers.
      expect(line).toMatchObject({
        caches: {
          pricing: {
            lru: { size: 1, max: 10_000 },
            lookups: 2,
            answered: { upstream: 1, lru: 1 },
            ratio: { lru: 0.5, upstream: 0.5, 'vbase-fresh': 0 },
          },
        },
      })
      expect(JSON.stringify(line)).not.toMatch(/org-1|cc-1|addr-2|secret/)

      // Two ticks without a transform: still one line, then the next one.
      tickClock()
      tickClock()
      const logger = { info: jest.fn() }

      status.logWorkerStatusIfDue(logger, [])
      status.logWorkerStatusIfDue(logger, [])
      expect(logger.info).toHaveBeenCalledTimes(1)
    }))
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
