import { request as httpRequest } from 'http'
import type { IncomingHttpHeaders } from 'http'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { MiddlewareContext } from '@vtex/api/lib/HttpClient/typings'

import type { Platform, PlatformOptions } from '../local/platform'
import { appTokenFor, loadFixtures, startPlatform } from '../local/platform'
import { PRICING_PATH } from '../local/platform/pricingBackend'

export const APP_ID = 'acme.pricing-session@0.1.0'
export const PRICING_KEY = 'test-pricing-key'
export const VBASE_PREFIX =
  'https://infra.io.vtex.com/vbase/v2/acme/master/buckets/acme.pricing-session'

export const GRAPHQL_URL =
  'https://app.io.vtex.com/vtex.b2b-organizations-graphql/v2/acme/master/_v/graphql?__graphqlBodyHash=abc'

export const COST_CENTER_QUERY =
  'query CostCenter($id: ID!) { getCostCenterById(id: $id) { id name organization addresses { addressId postalCode country state city street } } }'

/** The app's token, as the app's @vtex/api clients send it. */
export const appAuthorization = (account = 'acme') => ({
  authorization: `bearer ${appTokenFor(account)}`,
})

/** What B2B's `@validateStoreUserAccess` accepts: the app token as a cookie and header. */
export const b2bAuthorization = (account = 'acme') => ({
  ...appAuthorization(account),
  vtexidclientautcookie: appTokenFor(account),
  cookie: `VtexIdclientAutCookie=${appTokenFor(account)}`,
})

const PLATFORM_HOSTS = ['infra.io.vtex.com', 'app.io.vtex.com']

/**
 * Platform URLs are called as the app calls them, with its token for the
 * URL's account (`/vbase/v2/{account}/…`, `/apps/v0/{account}/…`,
 * `/{app}/v2/{account}/…`), unless the spec sets `authorization` itself
 * (`''` sends none).
 */
function withAppToken(target: string, headers: Record<string, string> = {}) {
  if ('authorization' in headers) {
    const { authorization, ...rest } = headers

    return authorization ? headers : rest
  }

  if (!/^https?:\/\//.test(target)) return headers
  const url = new URL(target)

  if (!PLATFORM_HOSTS.includes(url.hostname)) return headers
  const [, , , account] = url.pathname.split('/')

  return { ...appAuthorization(account), ...headers }
}

export interface HttpAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

export interface RequestSpec {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
}

/**
 * One request on a fresh connection (no keep-alive), so a `down` fault that
 * kills a socket cannot leak into the next test. `target` is a path for
 * plain requests, or an absolute URL to send in proxy (absolute) form.
 */
export function send(
  baseUrl: string,
  target: string,
  spec: RequestSpec = {}
): Promise<HttpAnswer> {
  const base = new URL(baseUrl)
  const host = /^https?:\/\//.test(target) ? new URL(target).host : base.host

  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path: target,
        method: spec.method ?? 'GET',
        // Node sends a GET body unframed unless told its length (axios does).
        headers: {
          host,
          ...(spec.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(spec.body)) }),
          ...withAppToken(target, spec.headers),
        },
        agent: false,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = []

        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          })
        )
        res.on('error', reject)
      }
    )

    req.on('timeout', () => req.destroy(new Error('test request timed out')))
    req.on('error', reject)
    req.end(spec.body)
  })
}

export const json = (answer: HttpAnswer): unknown => JSON.parse(answer.text)

export const jsonBody = (value: unknown): RequestSpec => ({
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json' },
})

export function tempDataDir() {
  return mkdtempSync(join(tmpdir(), 'platform-test-'))
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true })
}

export function startTestPlatform(
  dataDir: string,
  overrides: Partial<PlatformOptions> = {}
): Promise<Platform> {
  return startPlatform({
    fixtures: loadFixtures(),
    dataDir,
    appId: APP_ID,
    pricingApiKey: PRICING_KEY,
    ...overrides,
  })
}

export function pricingPath(organization: string, costCenter: string) {
  return `${PRICING_PATH}?organization=${organization}&costCenter=${costCenter}`
}

/**
 * The seam of CONTRACT.md for a client built in a test: a client middleware
 * that sends every request to the forward proxy at `url`, full URL intact.
 */
export function viaForwardProxy(url: string) {
  const { port } = new URL(url)

  return async (ctx: MiddlewareContext, next: () => Promise<void>) => {
    ctx.config.proxy = {
      protocol: 'http:',
      host: '127.0.0.1',
      port: Number(port),
    }
    await next()
  }
}
