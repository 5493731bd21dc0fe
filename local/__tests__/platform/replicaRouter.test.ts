/**
 * The router front alone, over real sockets, in front of tiny HTTP servers
 * standing in for replicas: round-robin, bodies and headers passed through,
 * dead replicas skipped, failures answered 502 with a JSON error.
 */
import http from 'http'
import type { AddressInfo } from 'net'

import { close } from '../../platform/http'
import type { ReplicaRouter } from '../../replicas/router'
import { REPLICA_HEADER, startReplicaRouter } from '../../replicas/router'

interface FakeReplica {
  name: string
  port: number
  server: http.Server
  requests: number
}

/** Echoes the request body back, with its own name and the method. */
async function startFakeReplica(name: string): Promise<FakeReplica> {
  const replica = { name, port: 0, requests: 0 } as FakeReplica

  replica.server = http.createServer((req, res) => {
    replica.requests += 1
    const chunks: Buffer[] = []

    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      res.writeHead(201, { 'x-answered-by': name, 'x-method': req.method })
      res.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((resolve) =>
    replica.server.listen(0, '127.0.0.1', resolve)
  )
  replica.port = (replica.server.address() as AddressInfo).port

  return replica
}

let router: ReplicaRouter
let replicas: FakeReplica[]

beforeEach(async () => {
  router = await startReplicaRouter(0)
  replicas = await Promise.all(['a', 'b', 'c'].map(startFakeReplica))
  replicas.forEach(({ name, port }) => router.add({ name, port }))
})

afterEach(async () => {
  await router.stop()
  await Promise.all(replicas.map(({ server }) => close(server)))
})

const post = (body: string | Buffer) =>
  fetch(`${router.url}/_v/x`, { method: 'POST', body })

describe('the replica router', () => {
  it('hands requests round-robin to every replica and names the one that answered', async () => {
    const answers = []

    for (let i = 0; i < 6; i++) {
      // eslint-disable-next-line no-await-in-loop -- order is the point
      answers.push(await post(`request ${i}`))
    }

    const names = answers.map((answer) => answer.headers.get(REPLICA_HEADER))

    expect(new Set(names.slice(0, 3))).toEqual(new Set(['a', 'b', 'c']))
    expect(names.slice(3)).toEqual(names.slice(0, 3))
    for (const answer of answers) {
      expect(answer.headers.get('x-answered-by')).toBe(
        answer.headers.get(REPLICA_HEADER)
      )
    }

    expect(replicas.map(({ requests }) => requests)).toEqual([2, 2, 2])
  })

  it('passes status, headers and bodies through untouched', async () => {
    const body = Buffer.alloc(200_000, 'x')
    const answer = await post(body)

    expect(answer.status).toBe(201)
    expect(answer.headers.get('x-method')).toBe('POST')
    expect(Buffer.from(await answer.arrayBuffer()).equals(body)).toBe(true)
  })

  it('stops sending to a replica once it is removed', async () => {
    router.remove('b')
    const names = []

    for (let i = 0; i < 4; i++) {
      // eslint-disable-next-line no-await-in-loop
      names.push((await post('x')).headers.get(REPLICA_HEADER))
    }

    expect(names).not.toContain('b')
    expect(router.upstreams()).toEqual(['a', 'c'])
  })

  it('answers 502 for a replica that refuses connections, and skips it from then on', async () => {
    const [gone] = replicas

    await close(gone.server)
    const answers = []

    for (let i = 0; i < 6; i++) {
      // eslint-disable-next-line no-await-in-loop
      answers.push(await post('x'))
    }

    const refused = answers.filter((answer) => answer.status === 502)

    expect(refused).toHaveLength(1)
    expect(refused[0].headers.get(REPLICA_HEADER)).toBe(gone.name)
    expect(await refused[0].json()).toEqual({
      error: { code: 'bad.gateway', message: expect.any(String) },
    })
    expect(router.upstreams()).not.toContain(gone.name)
  })

  it('answers 502 with a JSON error when no replica is up', async () => {
    replicas.forEach(({ name }) => router.remove(name))
    const answer = await post('x')

    expect(answer.status).toBe(502)
    expect(await answer.json()).toMatchObject({
      error: { code: 'bad.gateway' },
    })
  })
})

describe('a request the replica answers before reading its body', () => {
  let early: http.Server
  let earlyRouter: ReplicaRouter

  beforeEach(async () => {
    // As the app's worker does past its 16 kB limit (co-body's raw-body):
    // a 413 from the content-length, the body left paused and unread.
    early = http.createServer((req, res) => {
      const length = Number(req.headers['content-length'] ?? 0)

      if (length > 16_384) {
        req.pause()
        res.writeHead(413, { 'content-type': 'application/json' })
        res.end('{"error":{"code":"too.large"}}')

        return
      }

      req.resume()
      req.on('end', () => {
        res.writeHead(200, { 'x-method': req.method })
        res.end('ok')
      })
    })
    await new Promise<void>((resolve) => early.listen(0, '127.0.0.1', resolve))
    earlyRouter = await startReplicaRouter(0)
    earlyRouter.add({
      name: 'early',
      port: (early.address() as AddressInfo).port,
    })
  })

  afterEach(async () => {
    await earlyRouter.stop()
    await close(early)
  })

  it('leaves the caller a connection that works for the next requests', async () => {
    // One socket, kept alive: every request below rides the same connection
    // unless the router closes it (then the agent opens another).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const { port } = new URL(earlyRouter.url)
    const send = (method: string, body?: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path: '/_v/x',
            agent,
            // As curl sends it for a large body.
            headers: body
              ? {
                  expect: '100-continue',
                  'content-length': String(body.length),
                }
              : {},
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          }
        )

        req.on('error', reject)
        // Bounded: a stuck connection fails the test, not the run.
        req.setTimeout(5_000, () => req.destroy(new Error('no answer in 5 s')))
        req.end(body)
      })

    try {
      const statuses = []

      statuses.push(await send('POST', Buffer.alloc(2_000_000, 'a')))
      statuses.push(await send('GET'))
      statuses.push(await send('POST', Buffer.from('{}')))
      statuses.push(await send('GET'))
      expect(statuses).toEqual([413, 200, 200, 200])
    } finally {
      agent.destroy()
    }
  })
})
