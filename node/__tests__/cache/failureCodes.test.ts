/**
 * What the status route lists failures as (a code, never a message), how
 * many kinds it lists, and the kinds `cached()` records for VBase documents
 * it cannot use.
 */
import { cached, clearMemoryCache } from '../../cache/cached'
import { forgetTenants } from '../../observability/tenant'
import { resetThrottledWarn } from '../../observability/throttledWarn'
import {
  failureCode,
  recentFailures,
  recordFailure,
} from '../../observability/failures'
import { FakeVBase, stringPolicy } from './fakeVBase'

let run = 0

beforeEach(() => {
  run++
  clearMemoryCache()
  forgetTenants()
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
  it("lists a tenant's 20 most recent kinds, the most recent first", () => {
    for (let kind = 0; kind < 25; kind++) {
      recordFailure('recent:master', {
        lookup: 'pricing',
        stage: 'upstream',
        code: `http-${500 + kind}`,
      })
    }

    const listed = recentFailures('recent:master')

    expect(listed).toHaveLength(20)
    expect(listed[0]).toMatchObject({ code: 'http-524', count: 1 })
    expect(listed[19]).toMatchObject({ code: 'http-505' })
  })

  it("never lists another tenant's failures, nor another workspace's", () => {
    const failure = {
      lookup: 'pricing',
      stage: 'upstream',
      code: 'http-503',
    } as const

    recordFailure('mine:master', failure)
    recordFailure('mine:master', failure)
    recordFailure('theirs:master', failure)

    expect(recentFailures('mine:master')).toEqual([
      expect.objectContaining({ ...failure, count: 2 }),
    ])
    expect(recentFailures('theirs:master')).toEqual([
      expect.objectContaining({ count: 1 }),
    ])
    expect(recentFailures('mine:dev')).toEqual([])
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
      const policy = stringPolicy(`corrupt-${run}`)
      const key = { account: 'acme', workspace: 'master', id: 'cc-1' }

      vbase.files.set(`${policy.bucket}/cc-1`, doc)

      expect(
        await cached(
          { ...key, vbase: () => vbase, logger },
          async () => 'fetched',
          policy
        )
      ).toEqual({
        value: 'fetched',
        layer: 'upstream',
      })
      expect(logger.warn).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'cache: ignoring a corrupt VBase document',
          code: 'corrupt-document',
        })
      )
      expect(recentFailures('acme:master')).toEqual([
        expect.objectContaining({
          lookup: policy.bucket,
          stage: 'vbase-read',
          code: 'corrupt-document',
        }),
      ])
    }
  )
})
