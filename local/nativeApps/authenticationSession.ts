import type { WireNamespaces } from '../sessionManager/types'
import { readValue, stableId, toWireOutput } from './wire'

export const AUTH_COOKIE = 'VtexIdclientAutCookie'

/**
 * A shopper's VTEX ID user id, derived from the email: the same id whichever
 * app names the shopper (`authentication.storeUserId` when they sign in,
 * `impersonate.storeUserId` when someone acts as them).
 */
export const storeUserIdOf = (email: string) => stableId('vtex-id', email)

/**
 * Locally the auth cookie's value is the shopper's email (no VTEX ID token to
 * decode). A missing or malformed cookie means signed out: fields emptied.
 */
export function authenticationSession(input: WireNamespaces) {
  const cookie = readValue(input, 'cookie', AUTH_COOKIE)?.trim().toLowerCase()
  const email = cookie?.includes('@') ? cookie : undefined

  return toWireOutput({
    authentication: {
      storeUserEmail: email ?? '',
      storeUserId: email ? storeUserIdOf(email) : '',
    },
  })
}
