import { cached } from '../cache/cached'
import { PRICING_POLICY } from '../cache/policies'
import {
  admits,
  PRICING_OUTBOUND_ACCESS,
  pricingUrlOf,
} from '../clients/outboundAccess'
import { UpstreamError } from '../clients/upstreamError'
import { throttledWarn } from '../observability/throttledWarn'
import { resolveAppSettings } from './appSettings'

/**
 * Settings that cannot work: one throttled warning that says why (what a
 * merchant reading `vtex logs` needs), and the failure for the status route.
 */
function settingsRefused(ctx: Context, message: string, code: string) {
  throttledWarn(ctx.vtex.logger, `pricing settings ${code}`, {
    message: 'pricing: settings refused, no call made',
    error: message,
    code,
  })

  return new UpstreamError(message, code)
}

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
    const backend = (await resolveAppSettings(ctx)).value.pricingBackend

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
