/**
 * In-process stand-ins for VTEX's native session apps. Each one is declared
 * by a data file in `configs/<app>.json`, shaped like the real app's
 * `vtex.session/configuration.json`.
 */
import { join } from 'path'

import type { SessionAppConfig } from '../sessionManager/config'
import { loadSessionConfig } from '../sessionManager/config'
import type {
  InProcessTransform,
  SessionManagerApp,
} from '../sessionManager/types'
import { authenticationSession } from './authenticationSession'
import { checkoutSession } from './checkoutSession'
import type { NativeFixtures } from './fixtureUsers'
import { loadNativeFixtures } from './fixtureUsers'
import { profileSession } from './profileSession'
import { searchSession } from './searchSession'
import { storeSession } from './storeSession'
import { createStorefrontPermissions } from './storefrontPermissions'

export const NATIVE_CONFIG_DIR = join(__dirname, 'configs')

/** Upstream first: the order answers are merged within a round. */
export const NATIVE_APP_NAMES = [
  'authentication-session',
  'profile-session',
  'store-session',
  'checkout-session',
  'search-session',
  'storefront-permissions',
] as const

export type NativeAppName = (typeof NATIVE_APP_NAMES)[number]

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
  return {
    'authentication-session': authenticationSession,
    'profile-session': profileSession,
    'store-session': storeSession,
    'checkout-session': checkoutSession,
    'search-session': searchSession,
    'storefront-permissions': createStorefrontPermissions(
      fixtureGetter(options)
    ),
  }
}

export function isNativeAppName(name: string): name is NativeAppName {
  return (NATIVE_APP_NAMES as readonly string[]).includes(name)
}

export function nativeConfigPath(name: NativeAppName): string {
  return join(NATIVE_CONFIG_DIR, `${name}.json`)
}

/** A native app's declared configuration; throws if its file is broken. */
export function nativeSessionConfig(name: NativeAppName): SessionAppConfig {
  const config = loadSessionConfig(nativeConfigPath(name)).find(
    (app) => app.name === name
  )

  if (!config)
    throw new Error(`${nativeConfigPath(name)} does not declare ${name}`)

  return config
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
