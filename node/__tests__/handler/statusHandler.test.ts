// Must come first: @vtex/api reads VTEX_APP_ID when its modules load.
import '../../../testkit/platformTestEnv'

import service from '../..'
import { cached } from '../../cache/cached'
import { workerStatus } from '../../middlewares/status'
import { FakeVBase, stringPolicy, tick } from '../cache/fakeVBase'
import { buildContext } from './handlerContext'

/**
 * The status route as the Service dispatches it, in process (the worker
 * suite runs it compiled, where no mutant reaches): a GET answers this
 * worker's status, uncacheable; any other method is a JSON 405.
 */
type Route = (ctx: Context, next: () => Promise<void>) => Promise<void>

async function call(method: string) {
  const built = buildContext()
  const ctx = Object.assign(built.ctx, { method })

  await (service.config.routes?.status as unknown as Route)(ctx, async () => {})

  return { ...built, ctx }
}

describe('the status route', () => {
  it('answers a GET with every cache of this worker, uncacheable', async () => {
    const { ctx, headers } = await call('GET')

    expect(ctx.status).toBe(200)
    expect(headers['cache-control']).toBe('no-cache, no-store')
    expect(Object.keys((ctx.body as { caches: object }).caches)).toEqual([
      'cost-centers',
      'pricing',
      'settings',
    ])
  })

  it.each(['POST', 'PUT', 'DELETE'])(
    'answers %s with a JSON 405 naming GET',
    async (method) => {
      const { ctx, headers } = await call(method)

      expect(ctx.status).toBe(405)
      expect(headers).toMatchObject({
        allow: 'GET',
        'cache-control': 'no-cache, no-store',
      })
      expect(ctx.body).toMatchObject({ error: { code: 'method.not.allowed' } })
    }
  )
})

const ACME = { account: 'acme', workspace: 'master' }

describe('workerStatus, for one cache', () => {
  it('counts each layer that answered, with ratios, and failures by code', async () => {
    const vbase = new FakeVBase()
    const policy = stringPolicy(`status-${Date.now()}`, { lruMax: 2 })

    const key = (id: string) => ({
      account: 'acme',
      workspace: 'master',
      id,
      vbase: () => vbase,
    })

    const fetched = async () => 'fetched'

    await cached(key('a'), fetched, policy) // upstream
    await cached(key('a'), fetched, policy) // lru
    vbase.put(`${policy.bucket}/b`, 'stored', 0)
    await cached(key('b'), fetched, policy) // vbase-fresh
    vbase.put(`${policy.bucket}/c`, 'old', 90_000)
    await cached(key('c'), fetched, policy) // vbase-stale, refreshed; evicts a
    await cached(key('e'), fetched, policy) // upstream; evicts b
    await Promise.resolve(
      cached(key('d'), () => Promise.reject(new Error('down')), policy)
    ).then(
      () => undefined,
      () => undefined
    ) // failed
    await tick(5)

    const status = workerStatus([policy], ACME)
    const mine = status.caches[policy.bucket]

    expect(mine).toEqual({
      lru: { size: 2, max: 2 },
      lookups: 6,
      answered: {
        lru: 1,
        'vbase-fresh': 1,
        'vbase-stale': 1,
        upstream: 2,
        failed: 1,
      },
      ratio: {
        lru: 0.1667,
        'vbase-fresh': 0.1667,
        'vbase-stale': 0.1667,
        upstream: 0.3333,
        failed: 0.1667,
      },
    })
    expect(status.recentFailures).toContainEqual(
      expect.objectContaining({
        lookup: policy.bucket,
        stage: 'upstream',
        code: 'error',
      })
    )
    expect(status).toMatchObject({
      app: 'acme.pricing-session@0.1.0',
      account: 'acme',
      workspace: 'master',
      pid: process.pid,
      uptimeSeconds: expect.any(Number),
      memoryMb: { rss: expect.any(Number), heapUsed: expect.any(Number) },
    })
    // Megabytes, and the start of this process (to the second).
    const { rss, heapUsed } = process.memoryUsage()

    expect(status.memoryMb.rss).toBeCloseTo(rss / 1024 / 1024, -1)
    expect(status.memoryMb.heapUsed).toBeCloseTo(heapUsed / 1024 / 1024, -1)
    expect(
      Math.abs(
        Date.parse(status.startedAt) - (Date.now() - process.uptime() * 1000)
      )
    ).toBeLessThan(200)
  })

  it("shows the calling tenant's lookups, entries and failures only", async () => {
    const policy = stringPolicy(`status-tenants-${Date.now()}`)

    const fetched = async () => 'fetched'
    const down = () => Promise.reject(new Error('down'))
    const beta = (id: string) => ({ account: 'beta', workspace: 'master', id })

    await cached({ ...ACME, id: 'a' }, fetched, policy)
    await cached({ ...ACME, id: 'a' }, fetched, policy)
    for (const id of ['a', 'b', 'c']) {
      // eslint-disable-next-line no-await-in-loop
      await cached(beta(id), fetched, policy)
    }

    await Promise.resolve(cached(beta('d'), down, policy)).catch(() => {})
    // Another workspace of the same account is another tenant.
    await cached({ ...ACME, workspace: 'dev', id: 'a' }, fetched, policy)

    const acme = workerStatus([policy], ACME)
    const betaStatus = workerStatus([policy], { ...ACME, account: 'beta' })

    expect(acme.caches[policy.bucket]).toMatchObject({
      lru: { size: 1, max: 100 },
      lookups: 2,
      answered: { lru: 1, upstream: 1, failed: 0 },
    })
    expect(
      acme.recentFailures.filter(({ lookup }) => lookup === policy.bucket)
    ).toEqual([])
    expect(betaStatus.caches[policy.bucket]).toMatchObject({
      lru: { size: 3 },
      lookups: 4,
      answered: { upstream: 3, failed: 1 },
    })
    expect(betaStatus.recentFailures).toEqual([
      expect.objectContaining({ lookup: policy.bucket, code: 'error' }),
    ])
  })

  it('forgets the counters of the oldest of more than 1 000 tenants', async () => {
    const policy = stringPolicy(`status-many-${Date.now()}`, { lruMax: 10 })

    const lookup = (account: string) =>
      cached({ account, workspace: 'master', id: 'a' }, async () => 'x', policy)

    await lookup('first')
    await lookup('second')
    for (let n = 0; n < 999; n++) {
      // eslint-disable-next-line no-await-in-loop
      await lookup(`tenant-${n}`)
    }

    const lookupsOf = (account: string) =>
      workerStatus([policy], { account, workspace: 'master' }).caches[
        policy.bucket
      ].lookups

    expect([lookupsOf('first'), lookupsOf('second')]).toEqual([0, 1])
  })

  it('answers null ratios for a cache that answered nothing yet', () => {
    const policy = stringPolicy(`status-empty-${Date.now()}`, {
      lruMax: 1,
      lruTtlMs: 1,
      freshMs: 1,
      maxStaleMs: 1,
    })

    const mine = workerStatus([policy], ACME).caches[policy.bucket]

    expect(mine.lookups).toBe(0)
    expect(Object.values(mine.ratio)).toEqual([null, null, null, null, null])
  })
})
