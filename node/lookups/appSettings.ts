import type { PricingBackend } from '../clients/pricingClient'
import { cached } from '../cache/cached'
import type { AppSettings } from '../cache/policies'
import { SETTINGS_POLICY } from '../cache/policies'

/** As the merchant saved them: every field may be missing or of any type. */
interface SavedSettings {
  pricingBackendUrl?: unknown
  pricingApiKey?: unknown
}

function toPricingBackend(settings: SavedSettings): PricingBackend | null {
  const { pricingBackendUrl, pricingApiKey } = settings

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

/** This app's settings for the request's tenant, validated and cached. */
export function resolveAppSettings(ctx: Context) {
  const { account, workspace } = ctx.vtex
  const id = process.env.VTEX_APP_ID as string

  return cached(
    { account, workspace, id, logger: ctx.vtex.logger },
    async (): Promise<AppSettings> => {
      const saved: SavedSettings =
        (await ctx.clients.apps.getAppSettings(id)) ?? {}

      return { pricingBackend: toPricingBackend(saved) }
    },
    SETTINGS_POLICY
  )
}
