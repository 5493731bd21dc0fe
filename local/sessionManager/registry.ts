/**
 * `local/apps.json`: app name → { config, url, path? }. `url` is "native"
 * (in-process stand-in), an absolute URL, or a `{placeholder}` resolved from
 * `options.urls` (e.g. `{appWorker}` → the app worker started by npm start).
 * Config paths are relative to the registry file.
 */
import { readFileSync } from 'fs'
import { dirname, join, resolve } from 'path'

import { isNativeAppName, loadSessionConfig } from '../../session-config'
import type { NativeAppsOptions } from '../nativeApps'
import { nativeTransforms } from '../nativeApps'
import type { SessionManagerApp } from './types'

export const DEFAULT_REGISTRY_PATH = join(__dirname, '..', 'apps.json')

export interface RegistryEntry {
  name: string
  configPath: string
  url: string
  path?: string
}

export interface RegistryOptions {
  urls?: Record<string, string>
  native?: NativeAppsOptions
}

const fail = (file: string, app: string, message: string): never => {
  throw new Error(`${file}: app "${app}": ${message}`)
}

export function readRegistry(file = DEFAULT_REGISTRY_PATH): RegistryEntry[] {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'))

  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${file}: must map app name to { config, url }`)
  }

  return Object.entries(json as Record<string, unknown>).map(([name, raw]) => {
    const entry = (raw ?? {}) as Record<string, unknown>

    if (typeof entry.config !== 'string')
      fail(file, name, '"config" must be a path')
    if (typeof entry.url !== 'string')
      fail(file, name, '"url" must be a string')
    if (entry.path !== undefined && typeof entry.path !== 'string') {
      fail(file, name, '"path" must be a string')
    }

    return {
      name,
      configPath: resolve(dirname(file), entry.config as string),
      url: entry.url as string,
      path: entry.path as string | undefined,
    }
  })
}

function resolveUrl(
  entry: RegistryEntry,
  file: string,
  urls: Record<string, string>
) {
  const placeholder = /^\{(\w+)\}$/.exec(entry.url)

  if (!placeholder) return entry.url
  const url = urls[placeholder[1]]

  return (
    url ??
    fail(
      file,
      entry.name,
      `no URL given for ${entry.url} (pass options.urls.${placeholder[1]})`
    )
  )
}

/** Everything `startSessionManager({ apps })` needs, in registry order. */
export function loadAppRegistry(
  file = DEFAULT_REGISTRY_PATH,
  options: RegistryOptions = {}
): SessionManagerApp[] {
  const transforms = nativeTransforms(options.native)

  return readRegistry(file).map((entry) => {
    const config = loadSessionConfig(entry.configPath).find(
      (app) => app.name === entry.name
    )

    if (!config) fail(file, entry.name, `not declared in ${entry.configPath}`)
    const declared = config as SessionManagerApp['config']

    if (entry.url === 'native') {
      if (!isNativeAppName(entry.name)) {
        return fail(file, entry.name, 'has no native stand-in')
      }

      return { config: declared, transform: transforms[entry.name] }
    }

    return {
      config: declared,
      url: resolveUrl(entry, file, options.urls ?? {}),
      path: entry.path,
    }
  })
}
