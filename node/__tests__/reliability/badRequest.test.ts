/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
/**
 * Requests that are wrong beyond their JSON: too large, badly encoded, of
 * another content type or method, or carrying ids built to escape a URL, a
 * VBase path or a GraphQL query. Each is refused before any upstream call.
 */
import { request } from 'http'
import { deflateSync, gzipSync } from 'zlib'

import type { AppStack } from '../../../local/appStack'
import { sfpInputs, startAppStack } from '../../../local/appStack'
import { routeHeaders, TRANSFORM_PATH } from '../../../local/appWorker'
import {
  ERROR_BODY,
  expectedAnswer,
  expectRefused,
  expectWorkerServes,
  HEALTH_TENANT,
  NYC,
  quiesce,
  upstreamCalls,
} from './reliabilityKit'

let stack: AppStack

beforeAll(async () => {
  stack = await startAppStack()
  await expectWorkerServes(stack)
  await quiesce(stack)
})

afterAll(() => stack.stop())

const GOOD_BODY = JSON.stringify(
  sfpInputs({ ...NYC, costCenterAddressId: 'addr-1' })
)

const GOOD = Buffer.from(GOOD_BODY)
const CUT_GZIP = gzipSync(GOOD_BODY).subarray(0, 12)

interface PartialBodyAnswer {
  status: number
  text: string
  /** Body bytes written before the answer arrived. */
  sentBytes: number
  ms: number
}

/**
 * POSTs a body that is never completed: `head` is written, then `chunk` every
 * few ms (bounded by `maxBytes`) until the worker answers. Proves a too-large
 * body is refused while it streams, not after it was buffered.
 */
function postUnfinishedBody(
  url: string,
  {
    headers = {},
    head,
    chunk = 'a'.repeat(4096),
    maxBytes = 1024 * 1024,
  }: {
    headers?: Record<string, string>
    head: string
    chunk?: string
    maxBytes?: number
  }
): Promise<PartialBodyAnswer> {
  const started = performance.now()
  let sentBytes = 0

  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...routeHeaders('acme'), ...headers },
      agent: false,
    })

    const timer = setInterval(() => {
      if (sentBytes >= maxBytes) return
      req.write(chunk)
      sentBytes += chunk.length
    }, 2)

    const finish = (outcome: () => void) => {
      clearInterval(timer)
      req.destroy()
      outcome()
    }

    req.setTimeout(10_000, () =>
      finish(() => reject(new Error('no answer to an unfinished body')))
    )
    req.on('error', (error) => finish(() => reject(error)))
    req.on('response', (res) => {
      let text = ''

      res.setEncoding('utf8')
      res.on('data', (part: string) => (text += part))
      res.on('end', () =>
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            text,
            sentBytes,
            ms: performance.now() - started,
          })
        )
      )
    })
    req.write(head)
    sentBytes += head.length
  })
}

describe('bodies over the 16 kB limit', () => {
  it.each([
    ['declares 50 MB and never sends it', { 'content-length': '50000000' }],
    ['streams chunks without end', {}],
  ])(
    'answers a body that %s with 413 before reading it all',
    async (_, headers) => {
      stack.platform.resetStats()
      const answer = await postUnfinishedBody(
        `${stack.worker.url}${TRANSFORM_PATH}`,
        { headers, head: '{"storefront-permissions": {"x": "' }
      )

      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.text)).toEqual(ERROR_BODY)
      // The client could have sent 1 MB; the worker stopped it far earlier.
      expect(answer.sentBytes).toBeLessThan(256 * 1024)
      expect(answer.ms).toBeLessThan(2000)
      expect(upstreamCalls(stack).pricing).toBe(0)
      await expectWorkerServes(stack)
    }
  )

  it('answers a gzip bomb (5 kB on the wire, 5 MB inflated) with 413', async () => {
    const bomb = gzipSync(`{"x": "${'a'.repeat(5_000_000)}"}`)

    expect(bomb.length).toBeLessThan(16 * 1024)
    await expectRefused(
      stack,
      { body: bomb, headers: { 'content-encoding': 'gzip' } },
      413
    )
  })
})

describe('content encodings', () => {
  it.each([
    { name: 'gzip over plain JSON', status: 400, encoding: 'gzip', body: GOOD },
    { name: 'brotli over plain JSON', status: 400, encoding: 'br', body: GOOD },
    {
      name: 'deflate over garbage',
      status: 400,
      encoding: 'deflate',
      body: 'x',
    },
    { name: 'a truncated gzip', status: 400, encoding: 'gzip', body: CUT_GZIP },
    {
      name: 'an unknown encoding',
      status: 415,
      encoding: 'compress',
      body: GOOD,
    },
  ])('answers $name with $status', async ({ status, encoding, body }) => {
    const headers = { 'content-encoding': encoding }

    await expectRefused(stack, { body: Buffer.from(body), headers }, status)
  })

  it('still reads a well-formed compressed body', async () => {
    const answer = await stack.transform('', HEALTH_TENANT, {
      body: deflateSync(GOOD_BODY),
      headers: {
        ...routeHeaders(HEALTH_TENANT.account),
        'content-encoding': 'deflate',
      },
    })

    expect(answer.status).toBe(200)
    expect(answer.body).toEqual(expectedAnswer(NYC))
  })
})

describe('content types', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['XML', 'application/xml'],
    ['no content type at all', null],
  ])('answers %s with 415', async (_, contentType) => {
    const headers = { 'content-type': contentType }

    await expectRefused(stack, { body: GOOD, headers }, 415)
  })
})

describe('HTTP methods other than POST', () => {
  it.each([
    ['GET', ERROR_BODY],
    ['PUT', ERROR_BODY],
    ['DELETE', ERROR_BODY],
    ['PATCH', ERROR_BODY],
    ['OPTIONS', ERROR_BODY],
    ['HEAD', ''],
  ])('answers %s with 405 and Allow: POST', async (method, expectedBody) => {
    stack.platform.resetStats()
    const response = await fetch(`${stack.worker.url}${TRANSFORM_PATH}`, {
      method,
      headers: routeHeaders('acme'),
      body: ['GET', 'HEAD'].includes(method) ? undefined : GOOD_BODY,
    })

    const text = await response.text()

    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store')
    expect(text ? JSON.parse(text) : text).toEqual(expectedBody)
    expect(upstreamCalls(stack).graphql).toBe(0)
    await expectWorkerServes(stack)
  })
})

describe('ids built to escape a URL, a VBase path or a GraphQL query', () => {
  const PAYLOADS = [
    '../cc-1',
    'cc-1/../../settings',
    'cc-1%2F..%2Fcc-2',
    'cc-1?organization=org-2&costCenter=cc-3',
    'cc-1#fragment',
    'cc-1") { __typename } query x { y(id: "1',
    'cc-1\\"',
    'cc-1\r\nX-Injected: 1',
    'cc-1\u0000',
    'cc 1',
    '\uff43\uff43-1',
    'buyer@acme.test',
    '.cc-1',
    'http://evil.test/x',
  ]

  const FIELDS = ['costcenter', 'organization', 'costCenterAddressId']
  const cases = FIELDS.flatMap((field) =>
    PAYLOADS.map((payload) => [field, payload] as const)
  )

  it.each(cases)(
    'refuses %s %j and calls no upstream',
    async (field, payload) => {
      const inputs = sfpInputs({
        ...NYC,
        costCenterAddressId: 'addr-1',
        [field]: payload,
      })

      await expectRefused(stack, { body: JSON.stringify(inputs) }, 400)
    }
  )
})
