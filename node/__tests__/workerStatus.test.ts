/**
 * The periodic `worker: cache status` line: at most one per five minutes per
 * worker, carrying the status route's numbers.
 */
import { cached, clearMemoryCache } from '../cache/cached'
import { ALL_POLICIES, PRICING_POLICY } from '../cache/policies'
import { maybeLogWorkerStatus } from '../observability/status'

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

    maybeLogWorkerStatus(logger, ALL_POLICIES, start + 2 * FIVE_MINUTES + 1_000)
    expect(logger.info).toHaveBeenCalledTimes(2)
  })
})
