/**
 * `@validateStoreUserAccess` as b2b-organizations-graphql 2.x applies it
 * (node/resolvers/directives/validateStoreUserAccess.ts), in its order: an
 * admin token in the `VtexIdclientAutCookie` cookie, then one in the
 * `VtexIdclientAutCookie` header, each valid for this account and holding
 * the License Manager role `buyer_organization_view`; then an app key/token
 * pair; then a store-user token (`VtexIdclientAutCookie_{account}` cookie) of
 * a user who belongs to a buyer organization. No token at all:
 * AuthenticationError "No token was provided"; tokens that all fail:
 * ForbiddenError "Unauthorized Access".
 */
import type { IncomingHttpHeaders } from 'http'

import type { AppGrant } from '../appTokens'

export const VIEW_ROLE = 'buyer_organization_view'

export class AccessError extends Error {
  public readonly extensions: { code: string }

  constructor(message: string, code: 'UNAUTHENTICATED' | 'FORBIDDEN') {
    super(message)
    this.extensions = { code }
  }
}

export interface AccessRules {
  account: string
  resolveToken(token: string): AppGrant | null
  /** Locally a store-user token is the shopper's email (as the emulator's cookie). */
  isBuyer(storeToken: string): boolean
}

function cookies(headers: IncomingHttpHeaders): Map<string, string> {
  const jar = new Map<string, string>()

  for (const pair of (headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=')

    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim())
  }

  return jar
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name]

  return Array.isArray(value) ? value[0] : value
}

export function validateStoreUserAccess(
  headers: IncomingHttpHeaders,
  rules: AccessRules
) {
  const jar = cookies(headers)
  const adminTokens = [
    jar.get('VtexIdclientAutCookie'),
    header(headers, 'vtexidclientautcookie'),
  ]

  const apiKey = header(headers, 'vtex-api-appkey')
  const apiToken = header(headers, 'vtex-api-apptoken')
  const storeToken = jar.get(`VtexIdclientAutCookie_${rules.account}`)

  for (const token of adminTokens) {
    const grant = token ? rules.resolveToken(token) : null

    if (grant?.account === rules.account && grant.policies.includes(VIEW_ROLE))
      return
  }

  // Key/token pairs belong to License Manager users; none exist locally.
  if (storeToken && rules.isBuyer(storeToken)) return

  const anyToken = adminTokens.some(Boolean) || (apiKey && apiToken)

  if (!anyToken && !storeToken) {
    throw new AccessError('No token was provided', 'UNAUTHENTICATED')
  }

  throw new AccessError('Unauthorized Access', 'FORBIDDEN')
}
