import type { WireNamespaces } from '../sessionManager/types'
import { readNonEmpty, stableId, toWireOutput } from './wire'

/**
 * `profile.id` and `profile.email` exist only for a signed-in shopper. While
 * someone impersonates (`impersonate.storeUserEmail` set), the profile is the
 * impersonated shopper's: the same id and email their own sign-in gives.
 */
export function profileSession(input: WireNamespaces) {
  const email =
    readNonEmpty(input, 'impersonate', 'storeUserEmail') ??
    readNonEmpty(input, 'authentication', 'storeUserEmail')

  if (!email) {
    return toWireOutput({
      profile: { id: null, email: null, isAuthenticated: 'false' },
    })
  }

  return toWireOutput({
    profile: {
      id: stableId('profile', email),
      email,
      isAuthenticated: 'true',
    },
  })
}
