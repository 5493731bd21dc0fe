import type { IOContext } from '@vtex/api'

/**
 * The headers the B2B Suite's own apps send to B2B Organizations (as in
 * storefront-permissions' `getTokenToHeader`). `getCostCenterById` is guarded
 * by `@validateStoreUserAccess`, which looks for a token in the
 * `VtexIdclientAutCookie` cookie and header: the app's own token goes there,
 * and its License Manager role (`buyer_organization_view`, a manifest policy)
 * is what lets the call through. A shopper's store token is added when the
 * request carries one, but nothing depends on it: whether Session Manager
 * forwards shopper cookies to a transform is not settled in public. The
 * session token needs nothing here: `@vtex/api`'s HttpClient sends it as
 * `x-vtex-session` whenever the context has one.
 */
export function b2bAuthHeaders(context: IOContext): Record<string, string> {
  const { authToken, storeUserAuthToken, account } = context
  const cookie = storeUserAuthToken
    ? `VtexIdclientAutCookie=${authToken}; VtexIdclientAutCookie_${account}=${storeUserAuthToken}`
    : `VtexIdclientAutCookie=${authToken}`

  return {
    'x-vtex-credential': authToken,
    VtexIdclientAutCookie: authToken,
    cookie,
  }
}

/** `vendor.name@major.x` of this app, from the id the platform gives it. */
export function senderOf(appId: string | undefined) {
  const match = /^([^@]+)@(\d+)\./.exec(appId ?? '')

  return match ? `${match[1]}@${match[2]}.x` : 'unknown'
}
