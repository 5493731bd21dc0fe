import type { CostCenter } from '../clients/costCenterClient'
import { isCostCenter } from '../clients/costCenterClient'
import type { Pricing, PricingBackend } from '../clients/pricingClient'
import { isPricing } from '../clients/pricingClient'
import type { CachePolicy } from './cached'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

const orNull =
  <T>(isValue: (value: unknown) => value is T) =>
  (value: unknown): value is T | null =>
    value === null || isValue(value)

/**
 * Cost centers change rarely. Memory keeps them a minute so replicas converge
 * fast; VBase serves them fresh 10 min, stale a day while B2B is unreachable.
 */
export const COST_CENTER_POLICY: CachePolicy<CostCenter | null> = {
  bucket: 'cost-centers',
  lruMax: 5_000,
  lruTtlMs: MINUTE,
  freshMs: 10 * MINUTE,
  maxStaleMs: 24 * HOUR,
  isValue: orNull(isCostCenter),
}

/** Price-table assignments: same shape of trade-off, shorter freshness. */
export const PRICING_POLICY: CachePolicy<Pricing | null> = {
  bucket: 'pricing',
  lruMax: 10_000,
  lruTtlMs: MINUTE,
  freshMs: 5 * MINUTE,
  maxStaleMs: 24 * HOUR,
  isValue: orNull(isPricing),
}

/** What the app reads from its settings: `null` until a valid URL and key. */
export interface AppSettings {
  pricingBackend: PricingBackend | null
}

function isAppSettings(value: unknown): value is AppSettings {
  if (typeof value !== 'object' || value === null) return false
  const { pricingBackend } = value as Partial<AppSettings>

  if (pricingBackend === null) return true
  if (typeof pricingBackend !== 'object') return false
  const { baseUrl, apiKey } = pricingBackend as Partial<PricingBackend>

  return typeof baseUrl === 'string' && typeof apiKey === 'string'
}

/**
 * Settings hold the API key: memory only, never persisted by us. Fresh 30 s
 * so a change lands quickly, stale up to 5 min while Apps is unreachable.
 */
export const SETTINGS_POLICY: CachePolicy<AppSettings> = {
  bucket: 'settings',
  lruMax: 1_000,
  lruTtlMs: 5 * MINUTE,
  freshMs: 30 * SECOND,
  maxStaleMs: 5 * MINUTE,
  isValue: isAppSettings,
}

/** Every policy this app caches with: what the status route reports. */
export const ALL_POLICIES = [
  COST_CENTER_POLICY,
  PRICING_POLICY,
  SETTINGS_POLICY,
] as const
