/**
 * The `outbound-access` policy of manifest.json for the merchant's pricing
 * backend (a test keeps the two equal). VTEX's outbound proxy lets a call out
 * only when a policy's host and path both match it, `*` standing for any run
 * of characters and the rest matched whole; so the app checks the configured
 * URL against the same policy when it reads its settings, and a merchant sees
 * "not admitted" instead of every lookup refused by the proxy.
 */
export interface OutboundAccess {
  host: string
  path: string
}

export const PRICING_OUTBOUND_ACCESS: OutboundAccess = {
  host: '*',
  path: '*/pricing',
}

const escapeRegExp = (text: string) =>
  text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

const wildcard = (pattern: string) =>
  new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`)

/** The URL the app calls for a base URL: `{base}/pricing`. */
export function pricingUrlOf(baseUrl: string) {
  return new URL(`${baseUrl.replace(/\/+$/, '')}/pricing`)
}

export function admits(policy: OutboundAccess, url: URL) {
  return (
    wildcard(policy.host).test(url.hostname) &&
    wildcard(policy.path).test(url.pathname)
  )
}
