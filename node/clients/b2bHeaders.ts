import type { IOContext } from '@vtex/api'

/**
 * The headers the B2B Suite's own apps send to B2B Organizations (as
 * storefront-permissions' `getTokenToHeader`): `@validateStoreUserAccess`
 * looks for a token in the `VtexIdclientAutCookie` cookie and header, and the
 * app's License Manager role (`buyer_organization_view`) lets the call in.
 * The shopper's store token is added when the request has one; nothing
 * depends on it. `@vtex/api` sends the session token as `x-vtex-session`.
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
