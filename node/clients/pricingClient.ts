import type { InstanceOptions, IOContext } from '@vtex/api'
import { ExternalClient } from '@vtex/api'

import { pricingUrlOf } from './outboundAccess'
import { UpstreamError } from './upstreamError'

export interface Pricing {
  priceTable: string
  storeNumber: string
}

export interface PricingBackend {
  baseUrl: string
  apiKey: string
}

/**
 * What `@vtex/api` adds to every request and a third-party backend must never
 * get: the shopper's session and segment tokens, forwarded from the incoming
 * request. `Proxy-Authorization` (the app's token, added by ExternalClient)
 * stays: VTEX's outbound proxy authorizes the call with it and consumes it,
 * so the backend never receives it.
 */
const PLATFORM_ONLY_HEADERS = ['x-vtex-session', 'x-vtex-segment']

/**
 * axios lets a request transform edit the final headers: they go here.
 * axios 0.x always passes them (dispatchRequest sets `config.headers || {}`).
 */
function stripPlatformHeaders(data: unknown, headers: Record<string, unknown>) {
  for (const name of Object.keys(headers)) {
    if (PLATFORM_ONLY_HEADERS.includes(name.toLowerCase())) {
      delete headers[name]
    }
  }

  return data
}

/**
 * On VTEX IO outbound HTTPS goes through the platform's outbound proxy: call
 * it over http and ask for TLS with `X-Vtex-Use-Https`, as VTEX apps do.
 */
function outboundUrl(baseUrl: string) {
  const url = pricingUrlOf(baseUrl)
  const useHttps = url.protocol === 'https:'

  if (useHttps) url.protocol = 'http:'

  return { url: url.toString(), useHttps }
}

export function isPricing(value: unknown): value is Pricing {
  if (typeof value !== 'object' || value === null) return false
  const { priceTable, storeNumber } = value as Partial<Pricing>

  return typeof priceTable === 'string' && typeof storeNumber === 'string'
}

/** The merchant's pricing backend (contract in docs/README.md). */
export class PricingClient extends ExternalClient {
  constructor(context: IOContext, options?: InstanceOptions) {
    super('', context, options)
  }

  /** `null` when the backend has no pricing for this pair (404). */
  public async getPricing(
    backend: PricingBackend,
    organization: string,
    costCenter: string
  ): Promise<Pricing | null> {
    const { url, useHttps } = outboundUrl(backend.baseUrl)
    const { status, data } = await this.http.getRaw<unknown>(url, {
      params: { organization, costCenter },
      headers: {
        Accept: 'application/json',
        'X-Api-Key': backend.apiKey,
        ...(useHttps && { 'X-Vtex-Use-Https': 'true' }),
      },
      metric: 'pricing-backend-get',
      nullIfNotFound: true,
      transformRequest: [stripPlatformHeaders],
    })

    // Only a 404 means "no pricing": a 200 without it (`null` included) is a
    // broken backend, a failure that is never cached.
    if (status === 404) return null
    if (!isPricing(data)) {
      throw new UpstreamError('Pricing backend answered an unexpected shape')
    }

    return { priceTable: data.priceTable, storeNumber: data.storeNumber }
  }
}
