import { Delays } from './faultResponses'
import { FaultController } from './faultController'
import type { Fixtures } from './fixtures'
import { validateFixtures } from './fixtures'
import { close, listen } from './http'
import { createPlatformProxy } from './platformProxy'
import {
  createPricingServer,
  DEFAULT_PRICING_API_KEY,
  PRICING_BASE_PATH,
} from './pricingBackend'
import type { Stats } from './stats'
import { StatsRecorder } from './stats'
import type { TenantId, TenantVariant } from './tenantData'
import { tenantData } from './tenantData'
import { manifestPolicies, readAppManifest } from './appTokens'
import type { OutboundPolicy } from './outboundProxy'
import { outboundPolicies } from './outboundProxy'
import { appNameOf } from './upstream'
import { VBaseStore } from './vbase'

export type { Fixtures } from './fixtures'
export { loadFixtures, validateFixtures } from './fixtures'
export type { Fault, FaultKind, FaultState, Service } from './faults'
export { FaultController } from './faultController'
export type { Stats } from './stats'
export type { TenantId, TenantVariant } from './tenantData'
export { tenantData } from './tenantData'
export { DEFAULT_PRICING_API_KEY } from './pricingBackend'
export { appTokenFor } from './appTokens'
export type { OutboundPolicy } from './outboundProxy'

export interface PlatformOptions {
  /** Platform proxy port; 0 or absent = ephemeral. */
  port?: number
  /** Pricing backend port; 0 or absent = ephemeral. */
  pricingPort?: number
  fixtures: Fixtures
  /**
   * Each tenant its own data, derived from `fixtures` (its B2B answers, and
   * the pricing rows its own API key unlocks); absent: every tenant the same.
   */
  tenantFixtures?: TenantVariant
  /** VBase files live under `{dataDir}/vbase`, so a restart keeps them. */
  dataDir: string
  pricingApiKey?: string
  /** `vendor.name@version` of the app, as in VTEX_APP_ID. */
  appId: string
  /**
   * The policies the platform grants the app (its token's roles); default:
   * those of the repository's manifest.json.
   */
  appPolicies?: string[]
  /**
   * The `outbound-access` host/path pairs the outbound proxy admits; default:
   * those of the repository's manifest.json.
   */
  outboundPolicies?: OutboundPolicy[]
}

export interface Platform {
  /** Use as the app's VTEX_PLATFORM_PROXY; also serves `/_local/*`. */
  proxyUrl: string
  /** The merchant pricing backend's server (its API is under PRICING_BASE_PATH). */
  pricingUrl: string
  /** The base URL the default settings hold: `{pricingUrl}/v1`. */
  pricingBaseUrl: string
  stats(): Stats
  resetStats(): void
  faults: FaultController
  /** The settings a tenant gets when no override is set (to extend one). */
  defaultSettings(tenant: TenantId): Record<string, unknown>
  stop(): Promise<void>
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const fixtures = validateFixtures(opts.fixtures, 'startPlatform options')
  const apiKey = opts.pricingApiKey ?? DEFAULT_PRICING_API_KEY
  const deps = {
    faults: new FaultController(),
    stats: new StatsRecorder(),
    delays: new Delays(),
  }

  const tenants = tenantData(fixtures, apiKey, opts.tenantFixtures)
  // What the platform knows of the app: its policies and their attrs.
  const manifest = readAppManifest()
  const pricingServer = createPricingServer({ ...deps, tenants })
  const pricingUrl = await listen(pricingServer, opts.pricingPort ?? 0)
  const pricingBaseUrl = `${pricingUrl}${PRICING_BASE_PATH}`
  const defaultSettings = (tenant: TenantId) => ({
    pricingBackendUrl: pricingBaseUrl,
    pricingApiKey: tenants.apiKeyOf(tenant),
  })

  const proxyServer = createPlatformProxy({
    ...deps,
    fixtures,
    tenants,
    store: new VBaseStore(opts.dataDir),
    appName: appNameOf(opts.appId),
    app: {
      appId: opts.appId,
      policies: opts.appPolicies ?? manifestPolicies(manifest),
      outbound: opts.outboundPolicies ?? outboundPolicies(manifest),
    },
    defaultSettings,
  })

  let proxyUrl: string

  try {
    proxyUrl = await listen(proxyServer, opts.port ?? 0)
  } catch (error) {
    await close(pricingServer)
    throw error
  }

  return {
    proxyUrl,
    pricingUrl,
    pricingBaseUrl,
    stats: () => deps.stats.snapshot(),
    resetStats: () => deps.stats.reset(),
    faults: deps.faults,
    defaultSettings,
    stop: async () => {
      deps.delays.cancelAll()
      await Promise.all([close(proxyServer), close(pricingServer)])
    },
  }
}
