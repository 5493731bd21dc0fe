import type { WireNamespaces } from '../sessionManager/types'
import { readNonEmpty, stableId, toWireOutput } from './wire'

/** `profile.id` and `profile.email` exist only for a signed-in shopper. */
export function profileSession(input: WireNamespaces) {
  const impersonatedEmail = readNonEmpty(input, 'impersonate', 'storeUserEmail')
  const email =
    impersonatedEmail ?? readNonEmpty(input, 'authentication', 'storeUserEmail')

  if (!email) {
    return toWireOutput({
      profile: { id: null, email: null, isAuthenticated: 'false' },
    })
  }

  const impersonatedId = impersonatedEmail
    ? readNonEmpty(input, 'impersonate', 'storeUserId')
    : undefined

  const id = impersonatedId ?? stableId('profile', email)

  return toWireOutput({
    profile: { id, email, isAuthenticated: 'true' },
  })
}
