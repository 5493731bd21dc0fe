/**
 * `/_local/*` on the Session Manager emulator: the playground's files, the
 * JSON it reads, its event stream and the relay to the platform stand-in.
 */
import { readFileSync } from 'fs'
import { join } from 'path'

import type { Platform } from '../../platform'
import { loadFixtures } from '../../platform'
import { nativeSessionApps } from '../../nativeApps'
import { PLAYGROUND_DIR } from '../../sessionManager/localRoutes'
import type { RunningSessionManager } from '../../sessionManager/server'
import { startSessionManager } from '../../sessionManager/server'
import {
  removeDir,
  startTestPlatform,
  tempDataDir,
} from '../../../testkit/platformTestKit'
import {
  get as getFrom,
  memoryLog,
  request,
  SessionClient,
} from '../../../testkit/sessionManagerTestKit'
import { openEvents } from '../../../testkit/sseClient'

let dataDir: string
let platform: Platform
let manager: RunningSessionManager

const get = (path: string) => getFrom(manager.url, path)

beforeAll(async () => {
  dataDir = tempDataDir()
  platform = await startTestPlatform(dataDir)
  manager = await startSessionManager({
    apps: nativeSessionApps({ fixtures: loadFixtures() }),
    account: 'acme',
    workspace: 'master',
    log: memoryLog().log,
    platformUrl: platform.proxyUrl,
  })
})

afterEach(() => platform.faults.reset())

afterAll(async () => {
  await manager.stop()
  await platform.stop()
  removeDir(dataDir)
})

describe('the playground files', () => {
  it('serves the page and every file it links, same origin only', async () => {
    const page = await get('/_local/')

    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.headers['content-security-policy']).toContain(
      "default-src 'none'"
    )
    const linked = [
      ...String(page.body).matchAll(
        /(?:src|href)="\/_local\/assets\/([^"]+)"/g
      ),
    ].map((match) => match[1])

    expect(linked).toEqual(
      expect.arrayContaining(['main.js', 'playground.css'])
    )

    for (const name of linked) {
      // eslint-disable-next-line no-await-in-loop
      const asset = await get(`/_local/assets/${name}`)

      expect(asset.status).toBe(200)
      expect(asset.headers['content-type']).toMatch(
        name.endsWith('.js') ? /^text\/javascript/ : /^text\/css/
      )
    }
  })

  it('loads nothing from another origin', () => {
    for (const name of ['index.html', 'main.js', 'playground.css']) {
      const text = readFileSync(join(PLAYGROUND_DIR, name), 'utf8')

      expect(text).not.toMatch(
        /(?:src|href|url\()\s*=?\s*["']?(?:https?:)?\/\//
      )
    }
  })

  it('serves no other file of the folder or of the server', async () => {
    for (const path of [
      '/_local/assets/tsconfig.json',
      '/_local/assets/..%2FsessionManager%2Fserver.ts',
      '/_local/assets/../sessionManager/server.ts',
      '/_local/assets/missing.js',
      '/_local/nope',
    ]) {
      // eslint-disable-next-line no-await-in-loop
      const answer = await get(path)

      expect({ path, status: answer.status }).toEqual({ path, status: 404 })
      expect(answer.body).toEqual({ error: expect.any(String) })
    }

    const post = await request(manager.url, {
      method: 'POST',
      path: '/_local/trace',
    })

    expect(post.status).toBe(405)
  })

  it('lists the apps with what they read and write', async () => {
    const { body } = await get('/_local/apps')
    const permissions = body.apps.find(
      (app: { name: string }) => app.name === 'storefront-permissions'
    )

    expect(permissions.inputs).toContain('public.costCenterAddressId')
    expect(permissions.outputs).toContain('storefront-permissions.costcenter')
  })
})

describe('the event stream', () => {
  it('opens with a retry delay and this boot, then a cycle per change', async () => {
    const events = await openEvents(`${manager.url}/_local/events`)

    try {
      expect(events.status).toBe(200)
      expect(events.headers['content-type']).toMatch(/^text\/event-stream/)
      const hello = await events.next((event) => event.event === 'hello')

      expect(events.retryMs()).toBe(1000)
      expect(hello.data.bootId).toEqual(expect.any(String))
      const client = new SessionClient(manager.url)

      await client.create()
      const cycle = await events.next((event) => event.event === 'cycle')

      expect(cycle.data).toMatchObject({
        sessionId: client.cookies.vtex_session,
        trigger: 'create',
      })
    } finally {
      events.close()
    }
  })

  it('streams the platform state, also when it changes behind the relay', async () => {
    const events = await openEvents(`${manager.url}/_local/events`)

    try {
      await events.next(
        (event) => event.event === 'platform' && event.data.reachable
      )
      // Set on the platform directly (as curl or a test would): the watch sees it.
      platform.faults.set({ vbase: { fault: { kind: 'down' } } })
      const armed = await events.next(
        (event) =>
          event.event === 'platform' &&
          event.data.faults?.services.vbase.fault?.kind === 'down'
      )

      expect(armed.data.counters.vbase).toMatchObject({ get: 0, faulted: 0 })
    } finally {
      events.close()
    }
  })

  it('ends every stream when the emulator stops, and a new boot says so', async () => {
    const other = await startSessionManager({
      apps: nativeSessionApps({ fixtures: loadFixtures() }, ['store-session']),
      account: 'acme',
      workspace: 'master',
      log: memoryLog().log,
    })

    const events = await openEvents(`${other.url}/_local/events`)
    const hello = await events.next((event) => event.event === 'hello')

    await other.stop()
    await events.ended()
    const restarted = await startSessionManager({
      port: other.port,
      apps: nativeSessionApps({ fixtures: loadFixtures() }, ['store-session']),
      account: 'acme',
      workspace: 'master',
      log: memoryLog().log,
    })

    try {
      const again = await openEvents(`${restarted.url}/_local/events`)
      const newHello = await again.next((event) => event.event === 'hello')

      expect(newHello.data.bootId).not.toBe(hello.data.bootId)
      again.close()
    } finally {
      await restarted.stop()
    }
  })
})

describe('the platform relay', () => {
  const relay = (method: string, path: string, body?: unknown) =>
    request(manager.url, { method, path: `/_local/platform/${path}`, body })

  it('relays faults, counters and fixtures to the stand-in', async () => {
    const armed = await relay('POST', 'faults', {
      pricing: { fault: { kind: 'down', durationMs: 60_000 } },
    })

    expect(armed.status).toBe(200)
    expect(platform.faults.state().services.pricing.fault?.kind).toBe('down')
    expect((await relay('GET', 'faults')).body).toEqual(platform.faults.state())
    expect(
      (await relay('DELETE', 'faults')).body.services.pricing.fault
    ).toBeNull()
    expect((await relay('GET', 'stats')).body).toEqual(platform.stats())
    expect((await relay('POST', 'stats/reset', {})).status).toBe(200)
    expect((await relay('GET', 'fixtures')).body).toEqual(loadFixtures())
  })

  it('passes the stand-in refusals through and refuses the rest itself', async () => {
    const bad = await relay('POST', 'faults', { pricing: { fault: 'x' } })

    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatch(/pricing.fault/)
    expect((await relay('GET', 'health')).status).toBe(404)
    expect((await relay('PUT', 'faults', {})).status).toBe(404)
    const form = await request(manager.url, {
      method: 'POST',
      path: '/_local/platform/faults',
      rawBody: 'pricing=down',
      contentType: 'application/x-www-form-urlencoded',
    })

    expect(form.status).toBe(415)
    expect(platform.faults.state().services.pricing.fault).toBeNull()
  })

  it('answers 404 without a platform or a worker and 502 when it is unreachable', async () => {
    const alone = await startSessionManager({
      apps: [],
      account: 'acme',
      workspace: 'master',
      log: memoryLog().log,
    })

    const gone = await startSessionManager({
      apps: [],
      account: 'acme',
      workspace: 'master',
      log: memoryLog().log,
      platformUrl: 'http://127.0.0.1:9',
      appStatus: { url: 'http://127.0.0.1:9/acme/master/status', headers: {} },
    })

    try {
      const none = await getFrom(alone.url, '/_local/platform/faults')

      expect(none.status).toBe(404)
      const down = await getFrom(gone.url, '/_local/platform/faults')

      expect(down.status).toBe(502)
      expect(down.body.error).toMatch(/unreachable/)
      // The app worker's status relay, alike.
      expect((await getFrom(alone.url, '/_local/app/status')).status).toBe(404)
      const noWorker = await getFrom(gone.url, '/_local/app/status')

      expect(noWorker.status).toBe(502)
      expect(noWorker.body.error).toMatch(/unreachable/)
    } finally {
      await Promise.all([alone.stop(), gone.stop()])
    }
  })
})
