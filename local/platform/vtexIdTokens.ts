/**
 * VTEX ID's user tokens, as the local platform mints them. On VTEX IO a
 * person (or an app key) signed in to an account holds a VTEX ID token (what
 * `vtex local token` prints, the `VtexIdclientAutCookie` of the admin), and
 * the router checks it before it lets anyone reach an app's private route.
 * Locally the token is `local-user-token-{account}.{email}`: it names the
 * account it was issued for (an account name has no dot) and the user's
 * login, an email or, for an app key, the key's name (`vtexappkey-…`).
 *
 * Not the shopper's store cookie: the Session Manager emulator's
 * `VtexIdclientAutCookie` holds a bare email, which is no token of this
 * kind, so a shopper's cookie never opens a private route.
 */
import type { IncomingHttpHeaders } from 'http'

/** Where VTEX ID's token travels: a header or a cookie of this name. */
export const VTEX_ID_COOKIE = 'VtexIdclientAutCookie'

/** What every user token the local VTEX ID mints starts with. */
export const USER_TOKEN_PREFIX = 'local-user-token-'

export interface VtexIdUser {
  account: string
  /** The login VTEX ID knows the user by: an email, or an app key's name. */
  email: string
}

const TOKEN_PATTERN = new RegExp(
  `^${USER_TOKEN_PREFIX}([a-z0-9][a-z0-9-]*)\\.([^\\s;,]+)$`,
  'i'
)

export const userTokenFor = (account: string, email: string) =>
  `${USER_TOKEN_PREFIX}${account}.${email}`

/**
 * The engineer the local tools sign in as when they read a private route
 * (the merchant's developer with a `vtex` toolbelt token, on VTEX IO).
 */
export const localEngineerEmail = (account: string) =>
  `engineer@${account}.test`

/** Who a token belongs to, or null for anything the local VTEX ID did not mint. */
export function resolveUserToken(token: string | undefined): VtexIdUser | null {
  const match = TOKEN_PATTERN.exec(token ?? '')

  return match ? { account: match[1], email: match[2] } : null
}

function cookieValue(header: string | undefined, name: string) {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=')

    if (at > 0 && pair.slice(0, at).trim() === name) {
      return pair.slice(at + 1).trim()
    }
  }

  return undefined
}

/**
 * The VTEX ID token a request carries: the `VtexIdclientAutCookie` header
 * (what `vtex` toolbelt users send with curl), else the cookie of that name
 * (what a browser signed in to the admin sends).
 */
export function vtexIdTokenOf(headers: IncomingHttpHeaders) {
  const header = headers[VTEX_ID_COOKIE.toLowerCase()]
  const fromHeader = Array.isArray(header) ? header[0] : header

  // An empty header is no token: the cookie may still hold one.
  if (fromHeader) return fromHeader

  return cookieValue(headers.cookie, VTEX_ID_COOKIE)
}
