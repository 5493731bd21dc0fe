import { cached } from '../cache/cached'
import { PRICING_POLICY } from '../cache/policies'
import { UpstreamError } from '../clients/upstreamError'
import { resolvePricingBackend } from './pricingBackend'

/**
 * Price table and store number for (organization, cost center) from the
 * merchant's backend, `null` when it has none for the pair.
 */
export function resolvePricing(
  ctx: Context,
  organization: string,
  costCenterId: string
) {
  const { account, workspace } = ctx.vtex
  // Settings are only needed on a miss: a warm key never waits for them.
  const fetchPricing = async () => {
    const { value: backend } = await resolvePricingBackend(ctx)

    if (!backend) {
      throw new UpstreamError(
        'pricingBackendUrl/pricingApiKey are not set',
        'not-configured'
      )
    }

    return ctx.clients.pricing.getPricing(backend, organization, costCenterId)
  }

  return cached(
    { account, workspace, id: `${organization}/${costCenterId}` },
    fetchPricing,
    {
      ...PRICING_POLICY,
      vbase: () => ctx.clients.vbase,
      logger: ctx.vtex.logger,
    }
  )
}
