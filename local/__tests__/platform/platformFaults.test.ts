import type { FaultState, Platform, Service } from '../../platform'
import {
  APP_ID,
  COST_CENTER_QUERY,
  GRAPHQL_URL,
  json,
  jsonBody,
  PRICING_KEY,
  pricingPath,
  removeDir,
  send,
  startTestPlatform,
  tempDataDir,
  VBASE_PREFIX,
} from '../../../testkit/platformTestKit'

const VBASE_FILE = `${VBASE_PREFIX}/faults/files/doc`

describe('fault knobs', () => {
  let dataDir: string
  let platform: Platform

  // One healthy call per service; each answers 200 when no fault is set.
  const call: Record<Service, () => ReturnType<typeof send>> = {
    pricing: () =>
      send(platform.pricingUrl, pricingPath('org-1', 'cc-1'), {
        headers: { 'x-api-key': PRICING_KEY },
      }),
    graphql: () =>
      send(platform.proxyUrl, GRAPHQL_URL, {
        ...jsonBody({ query: COST_CENTER_QUERY, variables: { id: 'cc-1' } }),
        method: 'POST',
      }),
    vbase: () => send(platform.proxyUrl, VBASE_FILE),
    settings: () =>
      send(
        platform.proxyUrl,
        `https://infra.io.vtex.com/apps/v0/acme/master/apps/${APP_ID}/settings`
      ),
  }

  const postFaults = (body: unknown) =>
    send(platform.proxyUrl, '/_local/faults', {
      ...jsonBody(body),
      method: 'POST',
    })

  const services = Object.keys(call) as Service[]

  beforeAll(async () => {
    dataDir = tempDataDir()
    platform = await startTestPlatform(dataDir)
    await send(platform.proxyUrl, VBASE_FILE, {
      ...jsonBody({ saved: true }),
      method: 'PUT',
    })
  })

  afterEach(async () => {
    await send(platform.proxyUrl, '/_local/faults', { method: 'DELETE' })
  })

  afterAll(async () => {
    await platform.stop()
    removeDir(dataDir)
  })

  it.each(services)('%s: down resets the connection', async (service) => {
    await postFaults({ [service]: { fault: { kind: 'down' } } })

    await expect(call[service]()).rejects.toMatchObject({ code: 'ECONNRESET' })
  })

  it.each(services)('%s: status answers that status', async (service) => {
    await postFaults({ [service]: { fault: { kind: 'status', status: 503 } } })
    const answer = await call[service]()

    expect(answer.status).toBe(503)
    expect(json(answer)).toEqual({ error: 'injected fault: status 503' })
  })

  it.each(services)(
    '%s: garbage answers 200 with invalid JSON',
    async (service) => {
      await postFaults({ [service]: { fault: { kind: 'garbage' } } })
      const answer = await call[service]()

      expect(answer.status).toBe(200)
      expect(answer.headers['content-type']).toMatch(/application\/json/)
      expect(() => json(answer)).toThrow(SyntaxError)
    }
  )

  it.each(services)(
    '%s: slow delays, then answers normally',
    async (service) => {
      await postFaults({ [service]: { fault: { kind: 'slow', ms: 150 } } })
      const started = Date.now()
      const answer = await call[service]()

      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
      expect(answer.status).toBe(200)
    }
  )

  it('vbase: corrupt answers GETs with another shape and lets writes through', async () => {
    platform.faults.set({ vbase: { fault: { kind: 'corrupt', count: 1 } } })
    const write = await send(platform.proxyUrl, VBASE_FILE, {
      ...jsonBody({ saved: true }),
      method: 'PUT',
    })

    expect(write.status).toBe(204)
    expect(json(await call.vbase())).toEqual({ oops: 1 })
    expect(json(await call.vbase())).toEqual({ saved: true })
  })

  it('count clears the fault by itself after N calls', async () => {
    await postFaults({
      pricing: { fault: { kind: 'status', status: 429, count: 2 } },
    })

    expect((await call.pricing()).status).toBe(429)
    expect(platform.faults.state().services.pricing.fault).toEqual({
      kind: 'status',
      status: 429,
      count: 1,
    })
    expect((await call.pricing()).status).toBe(429)
    expect((await call.pricing()).status).toBe(200)
    expect(platform.faults.state().services.pricing.fault).toBeNull()
    expect(platform.stats().pricing.faulted).toBeGreaterThanOrEqual(2)
  })

  it('durationMs clears the fault by itself once the time is up', async () => {
    const before = Date.now()
    const armed = json(
      await postFaults({
        pricing: { fault: { kind: 'status', status: 503, durationMs: 300 } },
      })
    ) as FaultState

    const expiresAt = Date.parse(
      armed.services.pricing.fault?.expiresAt ?? 'absent'
    )

    expect(expiresAt).toBeGreaterThanOrEqual(before + 300)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300)
    expect((await call.pricing()).status).toBe(503)
    // Node may fire a timer a millisecond early: wait just past the expiry.
    await new Promise((resolve) =>
      setTimeout(resolve, expiresAt - Date.now() + 5)
    )
    expect(platform.faults.state().services.pricing.fault).toBeNull()
    expect((await call.pricing()).status).toBe(200)
    expect(
      (
        await postFaults({
          pricing: { fault: { kind: 'down', durationMs: 0 } },
        })
      ).status
    ).toBe(400)
  })

  it('DELETE and faults.reset() clear every knob', async () => {
    await postFaults({
      graphql: { fault: { kind: 'status', status: 500 } },
      settingsOverrides: { acme: {} },
    })
    expect((await call.graphql()).status).toBe(500)

    const cleared = await send(platform.proxyUrl, '/_local/faults', {
      method: 'DELETE',
    })

    expect(json(cleared)).toEqual(platform.faults.state())
    expect(platform.faults.state().settingsOverrides).toEqual({})
    expect((await call.graphql()).status).toBe(200)

    platform.faults.set({ settings: { fault: { kind: 'down' } } })
    platform.faults.reset()
    expect((await call.settings()).status).toBe(200)
  })

  it('delayMs slows every call of a service without failing it', async () => {
    await postFaults({ graphql: { delayMs: 80 } })
    const started = Date.now()

    expect((await call.graphql()).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(75)
    expect(json(await send(platform.proxyUrl, '/_local/faults'))).toMatchObject(
      {
        services: { graphql: { fault: null, delayMs: 80, jitterMs: 0 } },
      }
    )
  })

  it('jitterMs adds a random 0…jitterMs to each call, on top of delayMs', async () => {
    await postFaults({ pricing: { delayMs: 30, jitterMs: 60 } })
    const waits = []

    for (let i = 0; i < 12; i++) {
      waits.push(platform.faults.take('pricing').delayMs)
    }

    expect(Math.min(...waits)).toBeGreaterThanOrEqual(30)
    expect(Math.max(...waits)).toBeLessThanOrEqual(90)
    expect(new Set(waits).size).toBeGreaterThan(1)

    const started = Date.now()

    expect((await call.pricing()).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(28)
  })

  it('clamps delays to 10 s and refuses bad knobs without changing anything', async () => {
    await postFaults({
      pricing: { fault: { kind: 'slow', ms: 60_000 }, delayMs: 99_999 },
    })
    expect(platform.faults.state().services.pricing).toEqual({
      fault: { kind: 'slow', ms: 10_000 },
      delayMs: 10_000,
      jitterMs: 0,
    })

    const before = platform.faults.state()
    const bad = [
      { pricing: { fault: { kind: 'explode' } } },
      { pricing: { fault: { kind: 'corrupt' } } },
      { vbase: { fault: { kind: 'status', status: 200 } } },
      { vbase: { fault: { kind: 'down', count: 0 } } },
      { graphql: { delayMs: -1 } },
      { graphql: { jitterMs: 1.5 } },
      { graphql: { fault: null }, nonsense: true },
      { settingsOverrides: { acme: 'not an object' } },
      [],
    ]

    for (const body of bad) {
      // eslint-disable-next-line no-await-in-loop
      const answer = await postFaults(body)

      expect(answer.status).toBe(400)
      expect(json(answer)).toHaveProperty('error')
    }

    const notJson = await send(platform.proxyUrl, '/_local/faults', {
      method: 'POST',
      body: 'nope',
    })

    expect(notJson.status).toBe(400)
    expect(platform.faults.state()).toEqual(before)
  })

  it('stop() does not wait for pending slow calls', async () => {
    const otherDir = tempDataDir()
    const other = await startTestPlatform(otherDir)

    other.faults.set({ pricing: { fault: { kind: 'slow', ms: 10_000 } } })
    const pending = send(other.pricingUrl, pricingPath('org-1', 'cc-1')).catch(
      (error: Error) => error
    )

    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()

    await other.stop()
    expect(Date.now() - started).toBeLessThan(1_000)
    await pending
    removeDir(otherDir)
  })
})
