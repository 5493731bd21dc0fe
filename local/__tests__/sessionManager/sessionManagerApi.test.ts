import { validateSessionConfig } from '../../../session-config'
import { nativeSessionApps } from '../../nativeApps'
import type { RunningSessionManager } from '../../sessionManager/server'
import { startSessionManager } from '../../sessionManager/server'
import type { TestApp } from '../../../testkit/sessionManagerTestKit'
import {
  get,
  memoryLog,
  request,
  SessionClient,
  startTestApp,
  wire,
} from '../../../testkit/sessionManagerTestKit'

// Answers depend on public.mode so each test drives the merge rules.
const ECHO_REPLIES: Record<string, unknown> = {
  set: wire({ 'echo.a': '1', 'echo.b': '2', 'echo.c': '3' }),
  partial: { echo: { a: { value: '' }, b: null } },
  undeclared: {
    echo: { a: { value: 'kept' }, secret: { value: 'x' } },
    other: { x: { value: 'y' } },
  },
  malformed: { echo: { a: 'bare string', b: { value: 'ok' } } },
}

const [echoConfig] = validateSessionConfig(
  {
    echo: {
      input: { public: ['mode'] },
      output: { echo: ['a', 'b', 'c'] },
    },
  },
  'inline'
).apps

let echoApp: TestApp
let manager: RunningSessionManager
const logs = memoryLog()

beforeAll(async () => {
  echoApp = await startTestApp((body) => ({
    body: ECHO_REPLIES[body.public?.mode?.value] ?? {},
  }))
  manager = await startSessionManager({
    apps: [
      ...nativeSessionApps({ fixtures: { users: [], costCenters: [] } }, [
        'store-session',
      ]),
      { config: echoConfig, url: echoApp.url },
    ],
    account: 'acme',
    workspace: 'master',
    log: logs.log,
  })
})

afterAll(async () => {
  await manager.stop()
  await echoApp.stop()
})

describe('sessions API', () => {
  it('creates a session with cookies and tokens', async () => {
    const client = new SessionClient(manager.url)
    const created = await client.create()

    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      sessionToken: expect.any(String),
      segmentToken: expect.any(String),
    })
    expect(client.cookies.vtex_session).toBe(created.body.sessionToken)
    const segment = JSON.parse(
      Buffer.from(client.cookies.vtex_segment, 'base64').toString('utf8')
    )

    expect(segment).toMatchObject({ channel: '1', currencyCode: 'USD' })
    const segments = await client.send('GET', '/api/segments')

    expect(segments.body).toMatchObject({ countryCode: 'USA', regionId: null })
  })

  it('runs RunOnCreate apps with an empty input, then follows public.sc', async () => {
    const plain = new SessionClient(manager.url)

    await plain.create()
    expect(await plain.fields()).toMatchObject({
      'store.channel': '1',
      'store.countryCode': 'USA',
      'store.currencySymbol': '$',
    })
    const trace = manager.traces.latest(plain.cookies.vtex_session)

    expect(trace?.rounds[0]).toMatchObject({
      kind: 'create',
      apps: [{ app: 'store-session', input: {} }],
    })

    const canadian = new SessionClient(manager.url)

    await canadian.create('?sc=2&postalCode=H2X')
    expect(await canadian.fields()).toMatchObject({
      'public.sc': '2',
      'public.postalCode': 'H2X',
      'store.channel': '2',
      'store.currencyCode': 'CAD',
    })
  })

  it('answers items like GET on POST and PATCH, and filters GET', async () => {
    const client = new SessionClient(manager.url)
    const created = await client.create('?items=store.channel', {
      public: { utm_source: { value: 'news' } },
    })

    expect(created.body).toEqual({
      id: client.cookies.vtex_session,
      namespaces: { store: { channel: { value: '1' } } },
    })
    const patched = await client.patch('?items=public.*', {
      public: { country: { value: 'USA' } },
    })

    expect(patched.status).toBe(200)
    expect(patched.body.namespaces).toEqual({
      public: { utm_source: { value: 'news' }, country: { value: 'USA' } },
    })
    const some = await client.send(
      'GET',
      '/api/sessions?items=store.currencyCode,public.country,nope.x'
    )

    expect(some.body.namespaces).toEqual({
      store: { currencyCode: { value: 'USD' } },
      public: { country: { value: 'USA' } },
    })
  })

  it('lets callers write only public, with clear 4xx errors', async () => {
    const client = new SessionClient(manager.url)

    await client.create()
    const forbidden = await client.patch('', {
      public: { a: { value: '1' } },
      profile: { email: { value: 'x@y.z' } },
    })

    expect(forbidden.status).toBe(400)
    expect(forbidden.body).toMatchObject({ namespaces: ['profile'] })
    const badShape = await client.patch('', { public: { a: 'bare' } })

    expect(badShape.status).toBe(400)
    expect(badShape.body.fields).toEqual(['public.a'])
    const badJson = await request(manager.url, {
      method: 'PATCH',
      path: '/api/sessions',
      rawBody: '{oops',
      cookies: client.cookies,
    })

    expect(badJson.status).toBe(400)
    const noSession = await request(manager.url, {
      method: 'GET',
      path: '/api/sessions?items=*',
    })

    expect(noSession.status).toBe(404)
    expect(noSession.body.error).toMatch(/vtex_session/)
    expect((await client.fields())['public.a']).toBeUndefined()
  })

  it('merges outputs: missing = unchanged, "" = empty, null = removed', async () => {
    const client = new SessionClient(manager.url)

    await client.create('?mode=set')
    expect(await client.fields()).toMatchObject({
      'echo.a': '1',
      'echo.b': '2',
      'echo.c': '3',
    })
    await client.patch('?mode=partial')
    const fields = await client.fields()

    expect(fields['echo.a']).toBe('')
    expect('echo.b' in fields).toBe(false)
    expect(fields['echo.c']).toBe('3')
  })

  it('drops undeclared and malformed outputs and logs them', async () => {
    const client = new SessionClient(manager.url)

    await client.create('?mode=undeclared')
    let fields = await client.fields()

    expect(fields['echo.a']).toBe('kept')
    expect(fields['echo.secret']).toBeUndefined()
    expect(fields['other.x']).toBeUndefined()
    const run = manager.traces.latest(client.cookies.vtex_session)?.rounds[1]
      .apps[0]

    expect(run?.ignored).toEqual(['echo.secret', 'other.x'])
    await client.patch('?mode=malformed')
    fields = await client.fields()
    expect(fields['echo.a']).toBe('kept')
    expect(fields['echo.b']).toBe('ok')
    expect(logs.entries).toContainEqual(
      expect.objectContaining({
        event: 'app-output-dropped',
        app: 'echo',
        malformed: ['echo.a'],
      })
    )
  })

  it('answers unknown routes with JSON 404', async () => {
    const response = await request(manager.url, {
      method: 'GET',
      path: '/nope',
    })

    expect(response.status).toBe(404)
    expect(response.body).toEqual({ error: expect.any(String) })
  })
})

describe('local trace', () => {
  it('serves JSON traces and the session filtered by id', async () => {
    const client = new SessionClient(manager.url)

    await client.create('?mode=set')
    const id = client.cookies.vtex_session
    const json = await get(manager.url, `/_local/trace?session=${id}`)

    expect(json.body.traces).toHaveLength(1)
    expect(json.body.traces[0]).toMatchObject({
      sessionId: id,
      trigger: 'create',
      loopCapHit: false,
    })
    const session = await get(manager.url, `/_local/sessions/${id}`)

    expect(session.body).toMatchObject({
      id,
      namespaces: { echo: { a: { value: '1' } } },
    })
    const unknown = await get(manager.url, '/_local/sessions/nope')

    expect(unknown.status).toBe(404)
    const listed = await get(manager.url, '/_local/sessions')

    expect(listed.body.sessions[0]).toMatchObject({ id })
  })
})
