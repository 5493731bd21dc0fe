import type { PricingBackend } from '../clients/pricingClient'
import { cached } from '../cache/cached'
import { SETTINGS_POLICY } from '../cache/policies'

interface AppSettings {
  pricingBackendUrl?: unknown
  pricingApiKey?: unknown
}

function toPricingBackend(settings: AppSettings | null): PricingBackend | null {
  const { pricingBackendUrl, pricingApiKey } = settings ?? {}

  if (
    typeof pricingBackendUrl !== 'string' ||
    typeof pricingApiKey !== 'string'
  )
    return null
  try {
    const { protocol } = new URL(pricingBackendUrl)

    if (protocol !== 'http:' && protocol !== 'https:') return null
  } catch {
    return null
  }

  return { baseUrl: pricingBackendUrl, apiKey: pricingApiKey }
}

/** The merchant's pricing backend from app settings; `null` if unset. */
export async function resolvePricingBackend(ctx: Context) {
  const { account, workspace } = ctx.vtex
  const appId = process.env.VTEX_APP_ID as string

  return cached(
    { account, workspace, id: appId },
    async () => toPricingBackend(await ctx.clients.apps.getAppSettings(appId)),
    { ...SETTINGS_POLICY, logger: ctx.vtex.logger }
  )
}
