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
 * What `@vtex/api` forwards from the incoming request and a third party must
 * never get. `Proxy-Authorization` (the app's token) stays: VTEX's outbound
 * proxy authorizes the call with it and consumes it.
 */
const PLATFORM_ONLY_HEADERS = ['x-vtex-session', 'x-vtex-segment']

/** axios 0.x lets a request transform edit the final headers. */
function stripPlatformHeaders(data: unknown, headers: Record<string, unknown>) {
  for (const name of Object.keys(headers)) {
    if (PLATFORM_ONLY_HEADERS.includes(name.toLowerCase())) {
      delete headers[name]
    }
  }

  return data
}

export function isPricingBackend(value: unknown): value is PricingBackend {
  const { baseUrl, apiKey } = (value ?? {}) as Partial<PricingBackend>

  return typeof baseUrl === 'string' && typeof apiKey === 'string'
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
    // VTEX's outbound proxy is called over http, asked for TLS by header.
    const url = pricingUrlOf(backend.baseUrl)
    const useHttps = url.protocol === 'https:'

    if (useHttps) url.protocol = 'http:'
    const { status, data } = await this.http.getRaw<unknown>(url.toString(), {
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

    // Only a 404 means "no pricing": any other answer without it is a failure.
    if (status === 404) return null
    if (!isPricing(data)) {
      throw new UpstreamError('Pricing backend answered an unexpected shape')
    }

    return { priceTable: data.priceTable, storeNumber: data.storeNumber }
  }
}
