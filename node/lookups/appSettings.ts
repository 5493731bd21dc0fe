import type { PricingBackend } from '../clients/pricingClient'
import { cached, freshInMemory } from '../cache/cached'
import type { AppSettings, TimingLogSettings } from '../cache/policies'
import { SETTINGS_POLICY } from '../cache/policies'

/** As the merchant saved them: every field may be missing or of any type. */
interface SavedSettings {
  pricingBackendUrl?: unknown
  pricingApiKey?: unknown
  timingLogSampleRate?: unknown
  timingLogSlowMs?: unknown
}

/** The defaults manifest.json's settingsSchema documents. */
export const DEFAULT_TIMING_LOG: TimingLogSettings = {
  sampleRate: 0.01,
  slowMs: 500,
}

function toPricingBackend(settings: SavedSettings): PricingBackend | null {
  const { pricingBackendUrl, pricingApiKey } = settings

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

const numberIn = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && value >= min && value <= max

/** Out-of-range or mistyped values fall back to the default, one by one. */
function toTimingLog(settings: SavedSettings): TimingLogSettings {
  const { timingLogSampleRate, timingLogSlowMs } = settings

  return {
    sampleRate: numberIn(timingLogSampleRate, 0, 1)
      ? (timingLogSampleRate as number)
      : DEFAULT_TIMING_LOG.sampleRate,
    slowMs: numberIn(timingLogSlowMs, 1, Number.MAX_SAFE_INTEGER)
      ? (timingLogSlowMs as number)
      : DEFAULT_TIMING_LOG.slowMs,
  }
}

// Read once: `process.env` is a slow lookup, and every transform asks.
let appId: string | undefined

const settingsKey = (ctx: Context) => ({
  account: ctx.vtex.account,
  workspace: ctx.vtex.workspace,
  id: (appId ??= process.env.VTEX_APP_ID as string),
})

/** This app's settings for the request's tenant, validated and cached. */
export function resolveAppSettings(ctx: Context) {
  const key = settingsKey(ctx)

  return cached(
    key,
    async (): Promise<AppSettings> => {
      const saved: SavedSettings =
        (await ctx.clients.apps.getAppSettings(key.id)) ?? {}

      return {
        pricingBackend: toPricingBackend(saved),
        timingLog: toTimingLog(saved),
      }
    },
    { ...SETTINGS_POLICY, logger: ctx.vtex.logger }
  )
}

/**
 * The step-timing log's settings at `now`, read after the answer: at once
 * while this worker holds them fresh (every transform asks), else through
 * resolveAppSettings (which refreshes them); the defaults if unreadable.
 */
export function timingLogSettings(
  ctx: Context,
  now = Date.now()
): TimingLogSettings | Promise<TimingLogSettings> {
  const fresh = freshInMemory(settingsKey(ctx), SETTINGS_POLICY, now)

  if (fresh) return fresh.timingLog

  return resolveAppSettings(ctx).then(
    ({ value }) => value.timingLog,
    () => DEFAULT_TIMING_LOG
  )
}
