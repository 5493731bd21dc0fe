import type { Cached } from '../cache/cached'
import { cached } from '../cache/cached'
import { PRICING_POLICY } from '../cache/policies'
import {
  admits,
  PRICING_OUTBOUND_ACCESS,
  pricingUrlOf,
} from '../clients/outboundAccess'
import type { CostCenter, CostCenterPair } from '../clients/costCenterClient'
import { UpstreamError } from '../clients/upstreamError'
import { tenantOf } from '../observability/tenant'
import { throttledWarn } from '../observability/throttledWarn'
import { resolvePricingBackend } from './appSettings'
import { pairKey } from './costCenter'

/** Settings that cannot work: a throttled warning that says why, and the failure. */
function settingsRefused(ctx: Context, message: string, code: string) {
  throttledWarn(ctx.vtex.logger, `${tenantOf(ctx.vtex)} pricing ${code}`, {
    message: 'pricing: settings refused, no call made',
    error: message,
    code,
  })

  return new UpstreamError(message, code)
}

/**
 * Price table and store number for (organization, cost center) from the
 * merchant's backend, `null` when it has none for the pair. The backend is
 * asked only once B2B confirms the pair (`costCenter`, the transform's own
 * lookup): a made-up pair costs the merchant nothing.
 */
export function resolvePricing(
  ctx: Context,
  pair: CostCenterPair,
  costCenter: Cached<CostCenter | null> | Promise<Cached<CostCenter | null>>
) {
  const { organization, costCenterId } = pair
  // Settings are only needed on a miss: a warm key never waits for them.
  const fetchPricing = async () => {
    const confirmed = await Promise.resolve(costCenter).then(
      ({ value }) => value?.organization === organization,
      () => {
        throw new UpstreamError(
          'B2B could not be asked about the cost center',
          'cost-center-unresolved'
        )
      }
    )

    if (!confirmed) {
      throw new UpstreamError(
        'B2B does not confirm the cost center for the organization',
        'cost-center-unconfirmed'
      )
    }

    const backend = (await resolvePricingBackend(ctx)).value

    if (!backend) {
      throw settingsRefused(
        ctx,
        'pricingBackendUrl/pricingApiKey are not set',
        'not-configured'
      )
    }

    // VTEX's outbound proxy would refuse it: say so, and do not call.
    if (!admits(PRICING_OUTBOUND_ACCESS, pricingUrlOf(backend.baseUrl))) {
      throw settingsRefused(
        ctx,
        "pricingBackendUrl is not admitted by the app's outbound-access policy",
        'not-admitted'
      )
    }

    return ctx.clients.pricing.getPricing(backend, organization, costCenterId)
  }

  return cached(pairKey(ctx, pair), fetchPricing, PRICING_POLICY)
}
