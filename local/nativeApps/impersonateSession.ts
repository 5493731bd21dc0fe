/**
 * impersonate-session stand-in (VTEX's telesales flow, "Adding telesales
 * impersonated email using the Session Manager"): a signed-in user whom the
 * fixtures allow to impersonate (`"canImpersonate": true`: a sales
 * representative, a call center operator) writes another fixture user's
 * email in `public.impersonate`, and `impersonate.storeUserEmail` /
 * `impersonate.storeUserId` name that user; profile-session and
 * storefront-permissions then answer for them.
 *
 * Anything else answers both fields `""`: nobody signed in, a user without
 * the right, an email the fixtures do not know, the user's own email, a
 * cleared field. So clearing `public.impersonate` or signing out ends an
 * impersonation, and a shopper who writes the field gains nothing. The
 * answer depends on the inputs and the fixtures only (same inputs, same
 * outputs), and names every declared output on every call.
 */
import type {
  InProcessTransform,
  WireNamespaces,
} from '../sessionManager/types'
import { storeUserIdOf } from './authenticationSession'
import type { NativeFixtures } from './fixtureUsers'
import { readValue, toWireOutput } from './wire'

const normalized = (email: string | undefined) =>
  email?.trim().toLowerCase() ?? ''

/**
 * The email the session's user acts as, or undefined when the rule refuses.
 * A user may have several fixture rows (one per cost center): the right
 * belongs to the user, so any of their rows may grant it.
 */
export function impersonatedEmail(
  fixtures: NativeFixtures,
  input: WireNamespaces
): string | undefined {
  const actor = normalized(readValue(input, 'authentication', 'storeUserEmail'))
  const target = normalized(readValue(input, 'public', 'impersonate'))

  if (!actor || !target || actor === target) return undefined

  const rowsOf = (email: string) =>
    fixtures.users.filter((user) => user.email.toLowerCase() === email)

  const mayImpersonate = rowsOf(actor).some(
    (user) => user.canImpersonate === true
  )

  return mayImpersonate && rowsOf(target).length > 0 ? target : undefined
}

export function createImpersonateSession(
  getFixtures: () => NativeFixtures
): InProcessTransform {
  return (input: WireNamespaces) => {
    const email = impersonatedEmail(getFixtures(), input)

    return toWireOutput({
      impersonate: {
        storeUserId: email ? storeUserIdOf(email) : '',
        storeUserEmail: email ?? '',
      },
    })
  }
}
