import { createServer } from 'http'
import type { IncomingMessage, ServerResponse } from 'http'

import { APP_TOKEN_PREFIX } from './appTokens'
import { answerError, HttpError, sendJson } from './http'
import type { TenantData } from './tenantData'
import type { UpstreamDeps } from './upstream'
import { applyFaults } from './upstream'

export const DEFAULT_PRICING_API_KEY = 'local-pricing-key'

type PricingDeps = UpstreamDeps & { tenants: TenantData }

/**
 * Where the stand-in serves its API, as the docs' example base URL
 * (`https://pricing.example.com/v1`) does: the manifest's policy is exercised
 * on every run.
 */
export const PRICING_BASE_PATH = '/v1'

export const PRICING_PATH = `${PRICING_BASE_PATH}/pricing`

/**
 * Whether a request carries the app's platform token, in any header: VTEX's
 * outbound proxy consumes `Proxy-Authorization`, so a merchant's backend
 * never sees it.
 */
const carriesAppToken = (req: IncomingMessage) =>
  req.headers['proxy-authorization'] !== undefined ||
  JSON.stringify(req.headers).includes(APP_TOKEN_PREFIX)

/**
 * The merchant's pricing API (docs/README.md):
 * `GET {base}/pricing?organization=&costCenter=` with `X-Api-Key`, `{base}`
 * being `/v1` here. It refuses a request that carries the app's platform
 * token: that would be a leak the platform never lets happen.
 */
async function answerPricing(
  deps: PricingDeps,
  req: IncomingMessage,
  res: ServerResponse
) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')

  // Recorded before anything can fail, so tests see every header that arrived.
  deps.stats.pricingRequest({
    method: req.method ?? '',
    url: req.url ?? '',
    headers: req.headers,
  })
  req.resume()

  if (carriesAppToken(req)) {
    throw new HttpError(
      400,
      "the pricing backend got the app's platform token: the outbound proxy consumes it"
    )
  }

  if (url.pathname !== PRICING_PATH) {
    throw new HttpError(404, `no route ${url.pathname} on the pricing backend`)
  }

  if (req.method !== 'GET') {
    throw new HttpError(405, `pricing backend does not answer ${req.method}`)
  }

  const organization = url.searchParams.get('organization')
  const costCenter = url.searchParams.get('costCenter')

  deps.stats.pricingCall(
    organization && costCenter ? `${organization}/${costCenter}` : undefined
  )
  if (await applyFaults(deps, 'pricing', { req, res })) return

  const key = req.headers['x-api-key']
  const fixtures = deps.tenants.fixturesForKey(
    Array.isArray(key) ? key[0] : key
  )

  if (!fixtures) {
    deps.stats.pricingUnauthorized()
    throw new HttpError(401, 'invalid api key')
  }

  if (!organization || !costCenter) {
    throw new HttpError(400, 'organization and costCenter are required')
  }

  const row = fixtures.pricing.find(
    (candidate) =>
      candidate.organization === organization &&
      candidate.costcenter === costCenter
  )

  if (!row) {
    sendJson(res, 404, { error: 'not found' })

    return
  }

  sendJson(res, 200, {
    priceTable: row.priceTable,
    storeNumber: row.storeNumber,
  })
}

export function createPricingServer(deps: PricingDeps) {
  return createServer((req, res) => {
    answerPricing(deps, req, res).catch((error) => answerError(res, error))
  })
}
