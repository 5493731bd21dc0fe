/**
 * The compiled app in the real `@vtex/api` worker: the status route answers
 * on its private path (as the platform's private router reaches it) and not
 * through the public router; its counters move as the cache tiers say they
 * should; the sampled timing line appears at the rate the tenant's settings
 * set, within bounds, and carries no personal data.
 */
import {
  privateRoute,
  routeHeaders,
  STATUS_PATH,
} from '../../../local/appWorker'
import { DEFAULT_PRICING_API_KEY, loadFixtures } from '../../../local/platform'
import {
  cacheHeader,
  freshTenant,
  nycInputs,
  quiesce,
} from '../reliability/reliabilityKit'
import { plantVBase } from '../reliability/vbaseKit'
import type { WorkerStatus } from './statusRouteKit'
import { moved, statusRouteOf } from './statusRouteKit'
import { useAppStack } from './useAppStack'

// One replica: the status is a worker's own, and the transforms must reach it.
const stack = useAppStack({ replicas: 1 })

const { getStatus, status } = statusRouteOf(stack)

describe('the status route', () => {
  it('answers on the private path with this worker’s caches against their bounds', async () => {
    const { response, text } = await getStatus()
    const body = JSON.parse(text) as WorkerStatus

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store')
    expect(body).toMatchObject({
      app: 'acme.pricing-session@0.1.0',
      pid: stack.worker.child.pid,
      uptimeSeconds: expect.any(Number),
      startedAt: expect.any(String),
      caches: {
        'cost-centers': { lru: { max: 5000 } },
        pricing: { lru: { max: 10000 } },
        settings: { lru: { max: 1000 } },
      },
      recentFailures: expect.any(Array),
    })
  })

  it('is not served through the public router', async () => {
    const { account } = freshTenant('public')
    const throughPublicRouter = await fetch(
      `${stack.worker.url}${STATUS_PATH}`,
      {
        headers: { ...routeHeaders(account), 'x-colossus-route-id': 'status' },
      }
    )

    // @vtex/api's public router knows only public routes' ids.
    expect(throughPublicRouter.status).toBe(501)
    expect(await throughPublicRouter.text()).not.toContain('caches')

    const withoutRoute = await fetch(`${stack.worker.url}${STATUS_PATH}`)

    expect(withoutRoute.status).toBe(404)
  })

  it('answers other methods 405 with a JSON error', async () => {
    const { url, headers } = privateRoute(stack.worker.url, STATUS_PATH, {
      account: 'acme',
    })

    const response = await fetch(url, { method: 'POST', headers })

    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
    expect(await response.json()).toEqual({
      error: { code: 'method.not.allowed', message: 'Use GET' },
    })
  })

  it("shows the calling account's counters only, not another's on the same worker", async () => {
    const acme = freshTenant('acme-traffic')
    const beta = freshTenant('beta-quiet')
    const before = await status(beta)

    for (let n = 0; n < 40; n++) {
      // eslint-disable-next-line no-await-in-loop
      await stack.transform(nycInputs(), acme)
    }

    const after = await status(beta)
    const mine = await status(acme)

    expect(moved(before, after, 'cost-centers')).toEqual({})
    expect(moved(before, after, 'pricing')).toEqual({})
    expect(after.caches.pricing.lru.size).toBe(0)
    expect(mine.caches['cost-centers'].lookups).toBe(40)
    expect(mine).toMatchObject({ account: acme.account, workspace: 'master' })
  })

  it('counts an upstream answer, then an LRU hit', async () => {
    const tenant = freshTenant('counts')
    const before = await status(tenant)

    await stack.transform(nycInputs(), tenant)
    const answer = await stack.transform(nycInputs(), tenant)
    const after = await status(tenant)

    expect(cacheHeader(answer)).toBe('costCenter=lru, pricing=lru')
    expect(moved(before, after, 'cost-centers')).toEqual({
      upstream: 1,
      lru: 1,
    })
    expect(moved(before, after, 'pricing')).toEqual({ upstream: 1, lru: 1 })
    expect(after.caches.pricing.lru.size).toBe(
      before.caches.pricing.lru.size + 1
    )
  })

  it('counts a stale read, whose background refresh the next answer shows', async () => {
    const tenant = freshTenant('stale')
    const fetchedAt = Date.now() - 60 * 60 * 1000

    await plantVBase(stack, {
      tenant,
      where: ['pricing', 'org-1/cc-1'],
      doc: { value: { priceTable: 'old', storeNumber: '1' }, fetchedAt },
    })
    const before = await status(tenant)

    expect(cacheHeader(await stack.transform(nycInputs(), tenant))).toBe(
      'costCenter=upstream, pricing=vbase-stale'
    )
    await quiesce(stack)
    const after = await status(tenant)
    const next = await stack.transform(nycInputs(), tenant)

    expect(moved(before, after, 'pricing')).toEqual({ 'vbase-stale': 1 })
    expect(cacheHeader(next)).toBe('costCenter=lru, pricing=lru')
    expect(next.body).toMatchObject({
      pricing: { priceTable: { value: expect.not.stringMatching(/^old$/) } },
    })
  })

  it('counts a failed upstream as failed, with its code and time, and caches nothing', async () => {
    const tenant = freshTenant('failing')
    const before = await status(tenant)

    stack.platform.faults.set({
      pricing: { fault: { kind: 'status', status: 503 } },
    })
    const failed = await stack.transform(nycInputs(), tenant)

    stack.platform.faults.reset()
    const after = await status(tenant)

    expect(cacheHeader(failed)).toBe('costCenter=upstream, pricing=failed')
    expect(moved(before, after, 'pricing')).toEqual({ failed: 1 })
    expect(after.caches.pricing.lru.size).toBe(before.caches.pricing.lru.size)
    expect(after.recentFailures[0]).toEqual({
      lookup: 'pricing',
      stage: 'upstream',
      code: 'http-503',
      count: expect.any(Number),
      lastAt: expect.any(String),
    })
    expect(
      Date.now() - Date.parse(after.recentFailures[0].lastAt as string)
    ).toBeLessThan(60_000)

    // Nothing was cached: the next transform goes upstream again and works.
    expect(cacheHeader(await stack.transform(nycInputs(), tenant))).toBe(
      'costCenter=lru, pricing=upstream'
    )
  })

  it('carries no id, email, account or key', async () => {
    const { text } = await getStatus()
    const emails = loadFixtures().users.map(({ email }) => email)

    for (const secret of [
      'cc-1',
      'org-1',
      'counts-',
      'failing-',
      DEFAULT_PRICING_API_KEY,
      'local-app-token',
      ...emails,
    ]) {
      expect(text).not.toContain(secret)
    }
  })
})

describe('the slow-transform warning, through the worker', () => {
  it('logs a transform slower than 500 ms once, as a warning, with layers and a time only', async () => {
    const tenant = freshTenant('slow')

    stack.platform.faults.set({ pricing: { delayMs: 600 } })
    await stack.transform(nycInputs(), tenant)
    stack.platform.faults.reset()
    await quiesce(stack)
    const lines = stack.logs.filter(
      (line) =>
        line.includes('"message":"transform: slow"') &&
        line.includes(`"account":"${tenant.account}"`)
    )

    expect(lines).toHaveLength(1)
    const { data, level } = JSON.parse(lines[0])

    expect(level).toBe('warn')
    expect(data).toEqual({
      message: 'transform: slow',
      ms: expect.any(Number),
      costCenter: 'upstream',
      pricing: 'upstream',
    })
    expect(data.ms).toBeGreaterThanOrEqual(500)
    for (const secret of ['cc-1', 'org-1', DEFAULT_PRICING_API_KEY]) {
      expect(lines[0]).not.toContain(secret)
    }
  })
})
