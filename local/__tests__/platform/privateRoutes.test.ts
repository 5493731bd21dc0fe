/**
 * The router's guard on private routes, over real sockets, before a tiny
 * server standing in for a replica: a VTEX ID token of the path's account,
 * the route's policies (deny wins), the tenant from the path; public routes
 * untouched; a refused request leaves the caller's connection usable.
 */
import http from 'http'
import type { IncomingHttpHeaders } from 'http'
import type { AddressInfo } from 'net'

import { privateRoute, STATUS_PATH, TRANSFORM_PATH } from '../../appWorker'
import { appTokenFor } from '../../platform/appTokens'
import { close } from '../../platform/http'
import { userTokenFor, VTEX_ID_COOKIE } from '../../platform/vtexIdTokens'
import { serviceRoutes } from '../../replicas/routePolicies'
import type { ReplicaRouter } from '../../replicas/router'
import { startReplicaRouter } from '../../replicas/router'

const NARROW_PATH = '/_v/private/narrow'
const GUARDED_PATH = '/_v/private/guarded'
const OPEN_PATH = '/_v/private/open'

/** A policy for VTEX ID users whose login matches `login` (a glob). */
const policy = (effect: string, actions: string[], login: string) => ({
  effect,
  actions,
  principals: [`vrn:vtex.vtex-id:*:*:*:user/${login}`],
})

// The shipped status route, and three private routes whose policies differ.
const ROUTES = serviceRoutes({
  routes: {
    transform: { path: TRANSFORM_PATH, public: true },
    status: { path: STATUS_PATH, policies: [policy('allow', ['get'], '*')] },
    narrow: {
      path: NARROW_PATH,
      policies: [policy('allow', ['get'], 'vtexappkey-acme-*')],
    },
    guarded: {
      path: GUARDED_PATH,
      policies: [
        policy('allow', ['get', 'post'], '*'),
        policy('deny', ['*'], 'intruder@*'),
      ],
    },
    open: { path: OPEN_PATH, public: false },
  },
})

interface Seen {
  url: string
  headers: IncomingHttpHeaders
}

let replica: http.Server
let router: ReplicaRouter
let seen: Seen[]

beforeEach(async () => {
  seen = []
  replica = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => replica.listen(0, '127.0.0.1', resolve))
  router = await startReplicaRouter(0, { routes: ROUTES })
  router.add({ name: 'r', port: (replica.address() as AddressInfo).port })
})

afterEach(async () => {
  await router.stop()
  await close(replica)
})

const engineer = userTokenFor('acme', 'engineer@acme.test')
const at = (path: string, account = 'acme') =>
  `${router.url}/${account}/master${path}`

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers })

/** An answer, and whether any request reached the replica so far. */
const outcome = async (answer: Response) => ({
  status: answer.status,
  body: await answer.json(),
  replicaReached: seen.length > 0,
})

/** The outcome of a request the router refused itself. */
const refusal = (status: 401 | 403, message: RegExp) => ({
  status,
  body: {
    error: {
      code: status === 401 ? 'unauthorized' : 'forbidden',
      message: expect.stringMatching(message),
    },
  },
  replicaReached: false,
})

describe('a private route through the router', () => {
  it('is refused 401 without a VtexIdclientAutCookie', async () => {
    expect(await outcome(await get(at(STATUS_PATH)))).toEqual(
      refusal(401, /needs/)
    )
  })

  it('is refused 401 for a token the local VTEX ID did not mint', async () => {
    // A shopper's store cookie (a bare email locally) and the app's token
    // are no VTEX ID user tokens.
    for (const token of ['buyer@acme.test', appTokenFor('acme'), 'x']) {
      // eslint-disable-next-line no-await-in-loop
      const answer = await get(at(STATUS_PATH), { [VTEX_ID_COOKIE]: token })

      // eslint-disable-next-line no-await-in-loop
      expect(await outcome(answer)).toEqual(refusal(401, /not a token/))
    }
  })

  it("is refused 403 for another account's token", async () => {
    const answer = await get(at(STATUS_PATH), {
      [VTEX_ID_COOKIE]: userTokenFor('globex', 'engineer@globex.test'),
    })

    expect(await outcome(answer)).toEqual(refusal(403, /globex, not acme/))
  })

  it('is refused 403 when no policy allows the principal or the method', async () => {
    const narrow = await get(at(NARROW_PATH), { [VTEX_ID_COOKIE]: engineer })

    expect(await outcome(narrow)).toEqual(
      refusal(403, /no policy of route narrow allows get/)
    )

    // The status route's policy allows `get` only.
    const post = await fetch(at(STATUS_PATH), {
      method: 'POST',
      headers: { [VTEX_ID_COOKIE]: engineer },
      body: '{}',
    })

    expect(await outcome(post)).toEqual(refusal(403, /allows post/))

    const appKey = userTokenFor('acme', 'vtexappkey-acme-KEY1')

    expect(
      (await get(at(NARROW_PATH), { [VTEX_ID_COOKIE]: appKey })).status
    ).toBe(200)
  })

  it('lets a deny win over an allow', async () => {
    const intruder = userTokenFor('acme', 'intruder@acme.test')
    const denied = await get(at(GUARDED_PATH), { [VTEX_ID_COOKIE]: intruder })

    expect(await outcome(denied)).toEqual(
      refusal(403, /denies get to vrn:vtex\.vtex-id:/)
    )
    expect(
      (await get(at(GUARDED_PATH), { [VTEX_ID_COOKIE]: engineer })).status
    ).toBe(200)
  })

  it('forwards an admitted request with the tenant of its path and the app token', async () => {
    const answer = await get(`${at(STATUS_PATH)}?verbose=1`, {
      [VTEX_ID_COOKIE]: engineer,
      'x-vtex-account': 'globex',
      'x-vtex-workspace': 'other',
      'x-vtex-credential': appTokenFor('globex'),
    })

    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ ok: true })
    expect(seen).toHaveLength(1)
    expect(seen[0].url).toBe(`/acme/master${STATUS_PATH}?verbose=1`)
    expect(seen[0].headers).toMatchObject({
      'x-vtex-account': 'acme',
      'x-vtex-workspace': 'master',
      'x-vtex-credential': appTokenFor('acme'),
      // The platform hands the app the caller's VTEX ID token too.
      vtexidclientautcookie: engineer,
    })
  })

  it('takes the token from the Cookie header too', async () => {
    const answer = await get(at(STATUS_PATH), {
      cookie: `vtex_session=abc; ${VTEX_ID_COOKIE}=${engineer}; other=1`,
    })

    expect(answer.status).toBe(200)
    expect(seen[0].headers.cookie).toContain(engineer)
  })

  it('admits any token of the account to a private route without policies', async () => {
    const someone = {
      [VTEX_ID_COOKIE]: userTokenFor('acme', 'someone@acme.test'),
    }

    expect((await get(at(OPEN_PATH), someone)).status).toBe(200)
    expect((await get(at(OPEN_PATH, 'globex'), someone)).status).toBe(403)
  })

  it('leaves public routes and other paths as they were', async () => {
    const transform = await fetch(`${router.url}${TRANSFORM_PATH}`, {
      method: 'POST',
      headers: { 'x-vtex-account': 'globex' },
      body: '{}',
    })

    expect(transform.status).toBe(200)
    expect((await get(`${router.url}/acme/master/_v/other`)).status).toBe(200)
    expect((await get(`${router.url}${STATUS_PATH}`)).status).toBe(200)
    expect(seen.map(({ url }) => url)).toEqual([
      TRANSFORM_PATH,
      '/acme/master/_v/other',
      STATUS_PATH,
    ])
    expect(seen[0].headers['x-vtex-account']).toBe('globex')
  })
})

describe('a refused request with a body', () => {
  it('leaves the caller a connection that works for the next requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const { port } = new URL(router.url)
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; localPort?: number }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: body
              ? { expect: '100-continue', 'content-length': body.length }
              : {},
          },
          (res) => {
            const { localPort } = res.socket

            res.resume()
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, localPort })
            )
          }
        )

        req.on('error', reject)
        // Bounded: a stuck connection fails the test, not the run.
        req.setTimeout(5_000, () => req.destroy(new Error('no answer in 5 s')))
        req.end(body)
      })

    const status = `/acme/master${STATUS_PATH}`

    try {
      // A small body is read and dropped: the same connection goes on.
      const small = await send('POST', status, Buffer.alloc(20_000, 'a'))
      const next = await send('GET', TRANSFORM_PATH)

      expect([small.status, next.status]).toEqual([401, 200])
      expect(next.localPort).toBe(small.localPort)

      // A large one is not read: answered, then that connection closes.
      const large = await send('POST', status, Buffer.alloc(2_000_000, 'a'))
      const after = await send('GET', TRANSFORM_PATH)

      expect([large.status, after.status]).toEqual([401, 200])
      expect(after.localPort).not.toBe(large.localPort)
    } finally {
      agent.destroy()
    }
  })
})

describe("the app's own routes", () => {
  it("admit privateRoute()'s local engineer to the status by default", async () => {
    const defaultRouter = await startReplicaRouter(0)

    try {
      defaultRouter.add({
        name: 'r',
        port: (replica.address() as AddressInfo).port,
      })
      const { url, headers } = privateRoute(defaultRouter.url, STATUS_PATH, {
        account: 'acme',
      })

      expect((await fetch(url, { headers })).status).toBe(200)
      expect((await fetch(url)).status).toBe(401)
    } finally {
      await defaultRouter.stop()
    }
  })
})
