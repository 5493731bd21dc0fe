/**
 * VTEX's outbound proxy, as the app meets it: every call to a host outside
 * VTEX leaves through it (vtex-platform-facts.md, "Outbound calls and the
 * link path"). It wants the app's token in `Proxy-Authorization` (what
 * `@vtex/api`'s ExternalClient sends), lets out only what an `outbound-access`
 * policy of the manifest admits (host and path, `*` = any run of characters,
 * matched whole), consumes the credential (RFC 9110 §11.7.2) and, asked with
 * `X-Vtex-Use-Https: true`, calls the host over TLS.
 *
 * Assumed where the public record is silent: a missing or unknown credential
 * is 407 (Proxy Authentication Required), a call no policy admits is 403, both
 * with a JSON `error`; the query string plays no part in matching.
 */
import { request as httpRequest } from 'http'
import type { IncomingHttpHeaders } from 'http'
import { request as httpsRequest } from 'https'

import { resolveAppToken } from './appTokens'
import { HttpError } from './http'
import type { UpstreamCall } from './upstream'

export interface OutboundPolicy {
  host: string
  path: string
}

/** The `outbound-access` policies of a manifest, with their attrs. */
export function outboundPolicies(manifest: unknown): OutboundPolicy[] {
  const { policies } = (manifest ?? {}) as { policies?: unknown }

  if (!Array.isArray(policies)) return []

  return policies
    .filter((policy) => policy?.name === 'outbound-access')
    .map((policy) => policy.attrs ?? {})
    .filter(
      (attrs): attrs is OutboundPolicy =>
        typeof attrs.host === 'string' && typeof attrs.path === 'string'
    )
}

/** `*` is any run of characters (slashes too); everything else literal. */
export function globMatches(pattern: string, value: string) {
  const parts = pattern.split('*')
  const [first, ...rest] = parts

  if (!value.startsWith(first)) return false
  if (rest.length === 0) return value === first
  let at = first.length

  for (const [index, part] of rest.entries()) {
    const isLast = index === rest.length - 1

    if (isLast) return value.length - at >= part.length && value.endsWith(part)
    const found = value.indexOf(part, at)

    if (found < 0) return false
    at = found + part.length
  }

  return true
}

export function admitted(policies: OutboundPolicy[], url: URL) {
  return policies.some(
    (policy) =>
      globMatches(policy.host, url.hostname) &&
      globMatches(policy.path, url.pathname)
  )
}

/** What the proxy does not pass on: its own credential and instructions. */
const CONSUMED = ['proxy-authorization', 'x-vtex-use-https', 'proxy-connection']

function forwardedHeaders(headers: IncomingHttpHeaders) {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CONSUMED.includes(name))
  )
}

export interface OutboundDeps {
  app: { appId: string; policies: string[]; outbound: OutboundPolicy[] }
  /** Counts what left and what was refused, by why. */
  outboundCall(outcome: 'out' | 'no-credential' | 'not-admitted'): void
}

/** Checks, then relays one call to a host outside VTEX. */
export async function answerOutbound(deps: OutboundDeps, call: UpstreamCall) {
  const { req, res, url, body } = call
  const header = req.headers['proxy-authorization']
  const grant = resolveAppToken(
    Array.isArray(header) ? header[0] : header,
    deps.app
  )

  if (!grant) {
    deps.outboundCall('no-credential')
    throw new HttpError(
      407,
      "outbound proxy: no valid app token in Proxy-Authorization (the app's own token, as ExternalClient sends it)"
    )
  }

  if (!admitted(deps.app.outbound, url)) {
    deps.outboundCall('not-admitted')
    throw new HttpError(
      403,
      `outbound proxy: ${url.host}${url.pathname} is not admitted by the app's outbound-access policies`
    )
  }

  deps.outboundCall('out')
  const useHttps =
    String(req.headers['x-vtex-use-https']).toLowerCase() === 'true'

  const send = useHttps ? httpsRequest : httpRequest

  await new Promise<void>((resolve, reject) => {
    const outbound = send(
      {
        hostname: url.hostname,
        port: url.port || (useHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers: forwardedHeaders(req.headers),
        // Locally there is no certificate worth checking; VTEX's proxy checks.
        rejectUnauthorized: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        answer.on('end', resolve)
        answer.on('error', reject)
      }
    )

    outbound.on('error', () => {
      reject(new HttpError(502, `outbound proxy: ${url.host} did not answer`))
    })
    outbound.end(body)
  })
}
