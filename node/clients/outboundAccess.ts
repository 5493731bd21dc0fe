/**
 * manifest.json's `outbound-access` policy for the pricing backend (a test
 * keeps them equal). VTEX's outbound proxy admits a call when host and path
 * both match (`*`: any run of characters); the app checks the configured URL
 * the same way, so a merchant sees "not admitted" instead of every lookup
 * refused by the proxy.
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
