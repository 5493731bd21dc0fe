import type { WireNamespaces } from '../sessionManager/types'
import { readValue, stableId, toWireOutput } from './wire'

export const AUTH_COOKIE = 'VtexIdclientAutCookie'

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
      storeUserId: email ? stableId('vtex-id', email) : '',
    },
  })
}
