/**
 * VTEX's native session apps as declarations: each one's
 * `vtex.session/configuration.json` is a data file in `nativeConfigs/`. The
 * emulator pairs them with its in-process stand-ins (`local/nativeApps`); the
 * checker judges other apps' configurations against them.
 */
import { join } from 'path'

import type { SessionAppConfig } from './fields'
import { loadSessionConfig } from './parse'

export const NATIVE_CONFIG_DIR = join(__dirname, 'nativeConfigs')

/** Upstream first: the order answers are merged within a round. */
export const NATIVE_APP_NAMES = [
  'authentication-session',
  'impersonate-session',
  'profile-session',
  'store-session',
  'checkout-session',
  'search-session',
  'storefront-permissions',
] as const

export type NativeAppName = (typeof NATIVE_APP_NAMES)[number]

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
