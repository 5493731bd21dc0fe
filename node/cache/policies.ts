import type { CostCenter } from '../clients/costCenterClient'
import { isCostCenter } from '../clients/costCenterClient'
import type { Pricing, PricingBackend } from '../clients/pricingClient'
import { isPricing, isPricingBackend } from '../clients/pricingClient'
import type { CachePolicy } from './cached'

const MINUTE = 60_000
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

/**
 * The backend the settings name (`null` until a valid URL and key). They
 * hold the API key: memory only, never persisted by us. Fresh 30 s so a
 * change lands quickly, stale up to 5 min while Apps is unreachable.
 */
export const SETTINGS_POLICY: CachePolicy<PricingBackend | null> = {
  bucket: 'settings',
  lruMax: 1_000,
  lruTtlMs: 5 * MINUTE,
  freshMs: MINUTE / 2,
  maxStaleMs: 5 * MINUTE,
  isValue: orNull(isPricingBackend),
}

/** Every policy this app caches with: what the status route reports. */
export const ALL_POLICIES = [
  COST_CENTER_POLICY,
  PRICING_POLICY,
  SETTINGS_POLICY,
] as const
