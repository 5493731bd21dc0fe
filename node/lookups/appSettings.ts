import type { PricingBackend } from '../clients/pricingClient'
import { cached } from '../cache/cached'
import { SETTINGS_POLICY } from '../cache/policies'

/** As the merchant saved them: every field may be missing or of any type. */
function toPricingBackend({
  pricingBackendUrl,
  pricingApiKey,
}: Record<string, unknown>): PricingBackend | null {
  if (
    typeof pricingBackendUrl !== 'string' ||
    typeof pricingApiKey !== 'string'
  ) {
    return null
  }

  try {
    const { protocol } = new URL(pricingBackendUrl)

    if (protocol !== 'http:' && protocol !== 'https:') return null
  } catch {
    return null
  }

  return { baseUrl: pricingBackendUrl, apiKey: pricingApiKey }
}

/** The pricing backend this tenant's settings name, validated and cached. */
export function resolvePricingBackend(ctx: Context) {
  const { account, workspace } = ctx.vtex
  const id = process.env.VTEX_APP_ID as string

  return cached(
    { account, workspace, id, logger: ctx.vtex.logger },
    async () =>
      toPricingBackend((await ctx.clients.apps.getAppSettings(id)) ?? {}),
    SETTINGS_POLICY
  )
}
