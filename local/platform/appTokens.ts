/**
 * The app's platform credential, as the local platform mints it. On VTEX IO
 * the router hands each app a token of its own (`ctx.vtex.authToken`) that
 * names the account and carries the roles its manifest's policies grant;
 * services check those roles (the router for `{app}:resolve-graphql`, B2B's
 * `@validateStoreUserAccess` for `buyer_organization_view`). Locally the token
 * is `local-app-token-{account}` and the roles come from `manifest.json`.
 */
import { readFileSync } from 'fs'
import type { IncomingHttpHeaders } from 'http'
import { join } from 'path'

import { HttpError } from './http'

export interface AppGrant {
  account: string
  appId: string
  policies: string[]
}

/** What every token the local platform mints starts with. */
export const APP_TOKEN_PREFIX = 'local-app-token-'

const TOKEN_PATTERN = new RegExp(
  `^${APP_TOKEN_PREFIX}([a-z0-9][a-z0-9-]*)$`,
  'i'
)

export const appTokenFor = (account: string) => `${APP_TOKEN_PREFIX}${account}`

/** Policy names of a manifest (`outbound-access` and friends included). */
export function manifestPolicies(manifest: unknown): string[] {
  const { policies } = (manifest ?? {}) as { policies?: unknown }

  if (!Array.isArray(policies)) return []

  return policies
    .map((policy) => (policy as { name?: unknown })?.name)
    .filter((name): name is string => typeof name === 'string')
}

export const APP_MANIFEST_PATH = join(__dirname, '..', '..', 'manifest.json')

export const readAppManifest = (path = APP_MANIFEST_PATH): unknown =>
  JSON.parse(readFileSync(path, 'utf8'))

export function readManifestPolicies(path = APP_MANIFEST_PATH) {
  return manifestPolicies(readAppManifest(path))
}

/** Who a token belongs to, or null for anything the platform did not mint. */
export function resolveAppToken(
  token: string | undefined,
  app: { appId: string; policies: string[] }
): AppGrant | null {
  const match = TOKEN_PATTERN.exec(token ?? '')

  return match ? { account: match[1], ...app } : null
}

/** `Authorization: bearer <token>` (any case), as @vtex/api clients send it. */
export function bearerToken(header: string | undefined) {
  const match = /^bearer\s+(\S+)$/i.exec(header ?? '')

  return match?.[1]
}

/**
 * What a platform service checks before anything else: the caller's app
 * token (`Authorization: bearer …`, as @vtex/api sends it) minted for this
 * account, and, when the service names one, the policy it requires.
 */
export function requireAppToken(
  headers: IncomingHttpHeaders,
  check: {
    app: { appId: string; policies: string[] }
    account: string
    policy?: string
  }
): AppGrant {
  const grant = resolveAppToken(bearerToken(headers.authorization), check.app)

  if (!grant || grant.account !== check.account) {
    throw new HttpError(401, `no valid app token for account ${check.account}`)
  }

  if (check.policy && !grant.policies.includes(check.policy)) {
    throw new HttpError(
      403,
      `the app's manifest lacks the policy ${check.policy}`
    )
  }

  return grant
}
