import { resetThrottledWarn, throttledWarn } from '../cache/throttledWarn'

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

  it('does nothing without a logger', () => {
    expect(() => throttledWarn(undefined, 'kind', {})).not.toThrow()
  })
})
