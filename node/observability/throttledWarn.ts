import { LRUCache } from 'lru-cache'

/**
 * Every logger call is a synchronous write. During an outage every transform
 * fails the same way: one line a second per kind of failure is enough, with a
 * count of the ones left out.
 */
const WINDOW_MS = 1000

interface Window {
  startedAt: number
  suppressed: number
}

// Kinds are a few fixed strings per tenant: past this bound only the least
// recently logged kind is forgotten (it may then log once more).
const windows = new LRUCache<string, Window>({ max: 10_000 })

export interface WarnLogger {
  warn(message: Record<string, unknown>): void
}

export function throttledWarn(
  logger: WarnLogger | undefined,
  kind: string,
  message: Record<string, unknown>
) {
  if (!logger) return
  const now = Date.now()
  const window = windows.get(kind)

  if (window && now - window.startedAt < WINDOW_MS) {
    window.suppressed++

    return
  }

  windows.set(kind, { startedAt: now, suppressed: 0 })
  logger.warn(
    window?.suppressed ? { ...message, suppressed: window.suppressed } : message
  )
}

/** Forgets the windows (tests). */
export function resetThrottledWarn() {
  windows.clear()
}
