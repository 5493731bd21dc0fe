import {
  resetThrottledWarn,
  throttledWarn,
} from '../../observability/throttledWarn'

beforeEach(() => {
  resetThrottledWarn()
  jest.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z') })
})

afterEach(() => jest.useRealTimers())

describe('throttledWarn', () => {
  it('writes one line a second per kind and counts the rest', () => {
    const logger = { warn: jest.fn() }

    for (let i = 0; i < 100; i++) {
      throttledWarn(logger, 'pricing down', { message: 'pricing down' })
    }

    throttledWarn(logger, 'vbase down', { message: 'vbase down' })
    expect(logger.warn.mock.calls).toEqual([
      [{ message: 'pricing down' }],
      [{ message: 'vbase down' }],
    ])

    jest.advanceTimersByTime(1000)
    throttledWarn(logger, 'pricing down', { message: 'pricing down' })
    expect(logger.warn).toHaveBeenLastCalledWith({
      message: 'pricing down',
      suppressed: 99,
    })
  })

  it('forgets only the least recently logged kind past 10 000 kinds, so a mistake cannot grow memory', () => {
    const logger = { warn: jest.fn() }

    for (let i = 0; i < 10_000; i++) throttledWarn(logger, `kind ${i}`, { i })
    // Within its window: suppressed (and now the most recent kind).
    throttledWarn(logger, 'kind 0', { i: 0 })
    expect(logger.warn).toHaveBeenCalledTimes(10_000)
    // The 10 001st kind forgets the least recent one, kind 1: only it is new again.
    throttledWarn(logger, 'kind 10000', { i: 10_000 })
    throttledWarn(logger, 'kind 0', { i: 0 })
    throttledWarn(logger, 'kind 2', { i: 2 })
    throttledWarn(logger, 'kind 1', { i: 1 })
    expect(logger.warn).toHaveBeenCalledTimes(10_002)
    expect(logger.warn).toHaveBeenLastCalledWith({ i: 1 })
  })

  it('counts only within the second: a line a second later starts a new count', () => {
    const logger = { warn: jest.fn() }

    throttledWarn(logger, 'kind', { n: 1 })
    jest.advanceTimersByTime(999)
    throttledWarn(logger, 'kind', { n: 2 })
    expect(logger.warn).toHaveBeenCalledTimes(1)
    jest.advanceTimersByTime(1)
    throttledWarn(logger, 'kind', { n: 3 })
    jest.advanceTimersByTime(1000)
    throttledWarn(logger, 'kind', { n: 4 })
    expect(logger.warn.mock.calls).toEqual([
      [{ n: 1 }],
      [{ n: 3, suppressed: 1 }],
      [{ n: 4 }],
    ])
  })

  it('does nothing without a logger', () => {
    expect(() => throttledWarn(undefined, 'kind', {})).not.toThrow()
  })
})
