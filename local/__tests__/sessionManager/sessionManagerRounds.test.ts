import { validateSessionConfig } from '../../../session-config'
import type { RunningSessionManager } from '../../sessionManager/server'
import { startSessionManager } from '../../sessionManager/server'
import type { WireNamespaces } from '../../sessionManager/types'
import type { TestApp } from '../../../testkit/sessionManagerTestKit'
import {
  memoryLog,
  SessionClient,
  startTestApp,
  wire,
} from '../../../testkit/sessionManagerTestKit'

const configs = validateSessionConfig(
  {
    ping: {
      input: { public: ['start'], pong: ['n'] },
      output: { ping: ['n'] },
    },
    pong: { input: { ping: ['n'] }, output: { pong: ['n'] } },
    slow: { input: { public: ['go'] }, output: { slow: ['done'] } },
    fast: { input: { public: ['go'] }, output: { fast: ['done'] } },
    flaky: { input: { public: ['go', 'other'] }, output: { flaky: ['done'] } },
  },
  'inline'
).apps

const configOf = (name: string) => {
  const config = configs.find((app) => app.name === name)

  if (!config) throw new Error(name)

  return config
}

const counter = (body: WireNamespaces, ns: string) =>
  Number(body[ns]?.n?.value ?? '0') + 1

describe('a cyclic pair of apps', () => {
  let ping: TestApp
  let pong: TestApp
  let manager: RunningSessionManager
  const logs = memoryLog()

  beforeAll(async () => {
    ping = await startTestApp((body) => ({
      body: wire({ 'ping.n': String(counter(body, 'pong')) }),
    }))
    pong = await startTestApp((body) => ({
      body: wire({ 'pong.n': String(counter(body, 'ping')) }),
    }))
    manager = await startSessionManager({
      apps: [
        { config: configOf('ping'), url: ping.url },
        { config: configOf('pong'), url: pong.url },
      ],
      loopCap: 10,
      account: 'acme',
      workspace: 'master',
      log: logs.log,
    })
  })

  afterAll(async () => {
    await manager.stop()
    await Promise.all([ping.stop(), pong.stop()])
  })

  it('stops at the loop cap, logs it, and the session stays usable', async () => {
    const client = new SessionClient(manager.url)
    const created = await client.create('?start=1')

    expect(created.status).toBe(201)
    const trace = manager.traces.latest(client.cookies.vtex_session)

    expect(trace?.loopCapHit).toBe(true)
    expect(trace?.rounds).toHaveLength(10)
    expect(trace?.pendingApps.length).toBeGreaterThan(0)
    expect(logs.entries).toContainEqual(
      expect.objectContaining({ event: 'loop-cap-hit', loopCap: 10 })
    )

    // On the cycle's time axis each round starts after the previous one
    // ended, and each call within its round.
    const rounds = trace?.rounds ?? []

    rounds.slice(1).forEach((round, index) => {
      const previous = rounds[index]

      expect(round.offsetMs).toBeGreaterThanOrEqual(
        previous.offsetMs + previous.durationMs - 0.2
      )
    })
    rounds.forEach((round) => {
      for (const run of round.apps) {
        expect(run.offsetMs).toBeGreaterThanOrEqual(round.offsetMs - 0.1)
        expect(run.offsetMs + run.durationMs).toBeLessThanOrEqual(
          round.offsetMs + round.durationMs + 0.2
        )
      }
    })
    const last = rounds[rounds.length - 1]

    expect(last.offsetMs + last.durationMs).toBeLessThanOrEqual(
      (trace?.durationMs ?? 0) + 0.2
    )

    const fields = await client.fields()

    expect(Number(fields['ping.n'])).toBeGreaterThan(1)
    const patched = await client.patch('?note=still-here')

    expect(patched.status).toBe(200)
    expect((await client.fields())['public.note']).toBe('still-here')
  })
})

describe('failing and slow apps', () => {
  let slow: TestApp
  let fast: TestApp
  let flaky: TestApp
  let manager: RunningSessionManager
  let flakyFails = true
  const logs = memoryLog()

  beforeAll(async () => {
    slow = await startTestApp(() => ({
      body: wire({ 'slow.done': 'yes' }),
      delayMs: 5000,
    }))
    fast = await startTestApp(() => ({
      body: wire({ 'fast.done': 'yes' }),
      headers: { 'x-pricing-session-cache': 'pricing=lru' },
    }))
    flaky = await startTestApp(() =>
      flakyFails
        ? { status: 500, body: { error: 'boom' } }
        : { body: wire({ 'flaky.done': 'yes' }) }
    )
    manager = await startSessionManager({
      apps: [
        { config: configOf('slow'), url: slow.url },
        { config: configOf('fast'), url: fast.url, path: '/custom/transform' },
        { config: configOf('flaky'), url: flaky.url },
      ],
      appTimeoutMs: 300,
      account: 'acme',
      workspace: 'dev1',
      credential: 'token-123',
      log: logs.log,
    })
  })

  afterAll(async () => {
    await manager.stop()
    await Promise.all([slow.stop(), fast.stop(), flaky.stop()])
  })

  it('does not let a slow app block the others', async () => {
    const client = new SessionClient(manager.url)
    const started = Date.now()

    await client.create('?go=1')
    expect(Date.now() - started).toBeLessThan(2000)
    const fields = await client.fields()

    expect(fields['fast.done']).toBe('yes')
    expect(fields['slow.done']).toBeUndefined()
    const [round] =
      manager.traces.latest(client.cookies.vtex_session)?.rounds ?? []

    const status = Object.fromEntries(
      round.apps.map((app) => [app.app, app.status])
    )

    expect(status).toEqual({
      slow: 'timeout',
      fast: 'ok',
      flaky: 'http-error',
    })
    expect(round.apps[1].cache).toBe('pricing=lru')
    expect(logs.entries).toContainEqual(
      expect.objectContaining({
        event: 'app-call-failed',
        app: 'slow',
        status: 'timeout',
      })
    )
  })

  it('calls HTTP apps with the transform headers and declared inputs only', () => {
    const call = fast.calls[fast.calls.length - 1]

    expect(call.path).toBe('/custom/transform')
    expect(call.body).toEqual({ public: { go: { value: '1' } } })
    expect(call.headers).toMatchObject({
      'x-colossus-route-id': 'transform',
      'x-vtex-account': 'acme',
      'x-vtex-workspace': 'dev1',
      'x-vtex-credential': 'token-123',
      'content-type': 'application/json',
    })
    expect(flaky.calls[0].path).toBe('/_v/flaky/session/transform')
  })

  it('retries a failed app on the next session change, not in a loop', async () => {
    const client = new SessionClient(manager.url)

    await client.create('?go=2')
    const callsAfterCreate = flaky.calls.length
    const trace = manager.traces.latest(client.cookies.vtex_session)

    expect(trace?.rounds).toHaveLength(1)
    flakyFails = false
    await client.patch('?other=x')
    expect(flaky.calls).toHaveLength(callsAfterCreate + 1)
    expect((await client.fields())['flaky.done']).toBe('yes')
  })
})
