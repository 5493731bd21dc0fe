/**
 * What the VTEX router checks before it lets a request reach one of the
 * app's private routes (service.json `"public": false`, mounted by @vtex/api
 * at `/{account}/{workspace}{path}`): a VTEX ID token
 * (`VtexIdclientAutCookie`, header or cookie), then the route's resource
 * based `policies`, whose principals are VRNs
 * (`vrn:{service}:{region}:{account}:{workspace}:{path}`, `*` = any run of
 * characters) and whose effect is `allow` or `deny`, a deny winning over any
 * allow (vtex-platform-facts.md, "Route exposure").
 *
 * Assumed where the public record is silent: VTEX ID tokens are scoped to
 * the account they were issued for (another account's token is a 403); the
 * action is the request's method in lower case; a private route that
 * declares no policies admits any valid token of the account.
 */
import { readFileSync } from 'fs'
import type { IncomingHttpHeaders } from 'http'
import { join } from 'path'

import { globMatches } from '../platform/outboundProxy'
import { resolveUserToken, vtexIdTokenOf } from '../platform/vtexIdTokens'

export interface RoutePolicy {
  effect: 'allow' | 'deny'
  actions: string[]
  principals: string[]
}

export interface ServiceRoute {
  id: string
  path: string
  /** Served by the public router (`public` or `extensible`, as @vtex/api reads them). */
  public: boolean
  policies: RoutePolicy[]
}

export const APP_SERVICE_JSON_PATH = join(
  __dirname,
  '..',
  '..',
  'node',
  'service.json'
)

/** The region VTEX ID names in the VRNs of its users. */
export const VTEX_ID_REGION = 'aws-us-east-1'

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

function readPolicies(routeId: string, raw: unknown): RoutePolicy[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    throw new Error(`service.json route ${routeId}: policies is not a list`)
  }

  // A malformed policy stops the start: skipping it could admit what a
  // deny was meant to keep out.
  return raw.map((policy: Record<string, unknown>, at) => {
    const { effect, actions, principals } = policy ?? {}

    if (
      (effect !== 'allow' && effect !== 'deny') ||
      !isStrings(actions) ||
      !isStrings(principals)
    ) {
      throw new Error(
        `service.json route ${routeId}: policy ${at} needs effect allow|deny, actions and principals`
      )
    }

    return { effect, actions, principals }
  })
}

/** The routes of a service.json, as the router needs them. */
export function serviceRoutes(serviceJson: unknown): ServiceRoute[] {
  const { routes = {} } = (serviceJson ?? {}) as { routes?: unknown }

  return Object.entries(routes as Record<string, Record<string, unknown>>).map(
    ([id, route]) => {
      if (typeof route?.path !== 'string') {
        throw new Error(`service.json route ${id}: path is not a string`)
      }

      return {
        id,
        path: route.path,
        public: route.public === true || route.extensible === true,
        policies: readPolicies(id, route.policies),
      }
    }
  )
}

export const readServiceRoutes = (path = APP_SERVICE_JSON_PATH) =>
  serviceRoutes(JSON.parse(readFileSync(path, 'utf8')))

/** The VRN VTEX ID gives a user of an account, as route policies name it. */
export const userPrincipal = (
  account: string,
  workspace: string,
  email: string
) => `vrn:vtex.vtex-id:${VTEX_ID_REGION}:${account}:${workspace}:user/${email}`

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A route path as koa-router (path-to-regexp) matches it under @vtex/api:
 * `:name` one segment, `*name` or `:name*` the rest, case-insensitive, one
 * optional trailing slash; mounted under `/{account}/{workspace}`.
 */
function privatePathPattern(path: string) {
  const pattern = path
    .split('/')
    .map((segment) => {
      if (/^(\*|:[^/]*\*$)/.test(segment)) return '.*'
      if (segment.startsWith(':')) return '[^/]+'

      return escapeRegExp(segment)
    })
    .join('/')

  return new RegExp(`^/([^/]+)/([^/]+)${pattern}/?$`, 'i')
}

export interface PrivateRoutes {
  /** Who may make this request: null when it is for no private route. */
  check(
    method: string,
    url: string,
    headers: IncomingHttpHeaders
  ): Access | null
}

export type Access =
  | { admitted: true; account: string; workspace: string }
  | { admitted: false; status: 401 | 403; code: string; message: string }

const refused = (status: 401 | 403, message: string): Access => ({
  admitted: false,
  status,
  code: status === 401 ? 'unauthorized' : 'forbidden',
  message,
})

function applies(policy: RoutePolicy, principal: string, action: string) {
  return (
    policy.actions.some((pattern) =>
      globMatches(pattern.toLowerCase(), action)
    ) && policy.principals.some((pattern) => globMatches(pattern, principal))
  )
}

/** `deny` when any policy denies, `allow` when one allows, else `none`. */
export function policyDecision(
  policies: RoutePolicy[],
  principal: string,
  action: string
) {
  const matching = policies.filter((policy) =>
    applies(policy, principal, action)
  )

  if (matching.some((policy) => policy.effect === 'deny')) return 'deny'

  return matching.length > 0 ? 'allow' : 'none'
}

interface PrivateTarget {
  route: ServiceRoute
  account: string
  workspace: string
}

function accessTo(
  { route, account, workspace }: PrivateTarget,
  request: { method: string; headers: IncomingHttpHeaders }
): Access {
  const token = vtexIdTokenOf(request.headers)
  const user = resolveUserToken(token)

  if (!user) {
    return refused(
      401,
      token
        ? 'the VtexIdclientAutCookie is not a token VTEX ID issued'
        : `the private route ${route.id} needs a VtexIdclientAutCookie`
    )
  }

  if (user.account !== account) {
    return refused(
      403,
      `the VtexIdclientAutCookie is for account ${user.account}, not ${account}`
    )
  }

  const admitted: Access = { admitted: true, account, workspace }

  // No policies: any signed-in user of the account (assumed, above).
  if (route.policies.length === 0) return admitted

  const principal = userPrincipal(account, workspace, user.email)
  const action = request.method.toLowerCase()
  const decision = policyDecision(route.policies, principal, action)

  if (decision === 'allow') return admitted

  return refused(
    403,
    decision === 'deny'
      ? `a policy of route ${route.id} denies ${action} to ${principal}`
      : `no policy of route ${route.id} allows ${action} to ${principal}`
  )
}

export function privateRoutes(routes: ServiceRoute[]): PrivateRoutes {
  const compiled = routes
    .filter((route) => !route.public)
    .map((route) => ({ route, pattern: privatePathPattern(route.path) }))

  const targetOf = (url: string): PrivateTarget | null => {
    const [path] = url.split('?')

    for (const { route, pattern } of compiled) {
      const match = pattern.exec(path)

      if (match) return { route, account: match[1], workspace: match[2] }
    }

    return null
  }

  return {
    check(method, url, headers) {
      const target = targetOf(url)

      return target && accessTo(target, { method, headers })
    },
  }
}
