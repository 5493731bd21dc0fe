/**
 * In-process stand-ins for VTEX's native session apps. Their declarations
 * (inputs and outputs) are the model's data: `session-config/nativeConfigs/`.
 */
import type { NativeAppName } from '../../session-config'
import { NATIVE_APP_NAMES, nativeSessionConfig } from '../../session-config'
import type {
  InProcessTransform,
  SessionManagerApp,
} from '../sessionManager/types'
import { authenticationSession } from './authenticationSession'
import { checkoutSession } from './checkoutSession'
import type { NativeFixtures } from './fixtureUsers'
import { loadNativeFixtures } from './fixtureUsers'
import { createImpersonateSession } from './impersonateSession'
import { profileSession } from './profileSession'
import { searchSession } from './searchSession'
import { storeSession } from './storeSession'
import { createStorefrontPermissions } from './storefrontPermissions'

export interface NativeAppsOptions {
  /** Fixture data (tests) or a loader; defaults to loadFixtures(). */
  fixtures?: NativeFixtures | (() => NativeFixtures)
}

function fixtureGetter(options: NativeAppsOptions): () => NativeFixtures {
  const { fixtures } = options

  if (typeof fixtures === 'function') return fixtures
  // Read once, when the apps are set up: `npm start` and the tests see the
  // file $FIXTURES named at start, as the platform stand-ins do.
  const loaded = fixtures ?? loadNativeFixtures()

  return () => loaded
}

export function nativeTransforms(
  options: NativeAppsOptions = {}
): Record<NativeAppName, InProcessTransform> {
  const getFixtures = fixtureGetter(options)

  return {
    'authentication-session': authenticationSession,
    'impersonate-session': createImpersonateSession(getFixtures),
    'profile-session': profileSession,
    'store-session': storeSession,
    'checkout-session': checkoutSession,
    'search-session': searchSession,
    'storefront-permissions': createStorefrontPermissions(getFixtures),
  }
}

/** The native apps ready for `startSessionManager({ apps })`. */
export function nativeSessionApps(
  options: NativeAppsOptions = {},
  names: readonly NativeAppName[] = NATIVE_APP_NAMES
): SessionManagerApp[] {
  const transforms = nativeTransforms(options)

  return names.map((name) => ({
    config: nativeSessionConfig(name),
    transform: transforms[name],
  }))
}
