import { createServer } from 'http'
import type { IncomingMessage, ServerResponse } from 'http'

import { answerAppSettings, parseAppSettingsPath } from './appSettings'
import { addressIdOf } from './b2b/addressIds'
import { answerB2BGraphql, parseB2BGraphqlPath } from './b2bGraphql'
import type { Fixtures } from './fixtures'
import type { OutboundPolicy } from './outboundProxy'
import { answerOutbound } from './outboundProxy'
import {
  answerError,
  debugLog,
  HttpError,
  readBody,
  readJsonBody,
  sendJson,
} from './http'
import type { TenantData, TenantId } from './tenantData'
import type { UpstreamDeps } from './upstream'
import { decodeSegments } from './upstream'
import type { VBaseStore } from './vbase'
import { answerVBase, parseVBaseFile } from './vbase'

export type ProxyDeps = UpstreamDeps & {
  store: VBaseStore
  appName: string
  /**
   * The app the platform hosts: its id, its manifest's policies and their
   * `outbound-access` host and path pairs.
   */
  app: { appId: string; policies: string[]; outbound: OutboundPolicy[] }
  /** The shared fixtures (`/_local/fixtures`); tenants may each see a variant. */
  fixtures: Fixtures
  tenants: TenantData
  defaultSettings: (tenant: TenantId) => Record<string, unknown>
}

const INFRA_HOST = 'infra.io.vtex.com'
const APP_HOST = 'app.io.vtex.com'
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost']
/** VTEX's own hosts; any other host is outside VTEX (the outbound proxy's). */
const VTEX_HOST =
  /(^|\.)(vtex\.com|vtex\.com\.br|vtexcommercestable\.com\.br|myvtex\.com)$/i

/** Dispatches an absolute-form (forward proxy) request to its stand-in. */
async function answerUpstream(
  deps: ProxyDeps,
  { req, res }: { req: IncomingMessage; res: ServerResponse },
  target: URL
) {
  const segments = decodeSegments(target.pathname)
  const call = { req, res, url: target, segments, body: await readBody(req) }

  if (target.hostname === INFRA_HOST) {
    const file = parseVBaseFile(segments)

    if (file) return answerVBase(deps, file, call)

    const settingsRoute = parseAppSettingsPath(segments)

    if (settingsRoute) return answerAppSettings(deps, settingsRoute, call)
  }

  const b2bPath = target.hostname === APP_HOST && parseB2BGraphqlPath(segments)

  if (b2bPath) return answerB2BGraphql(deps, call, b2bPath)

  if (!VTEX_HOST.test(target.hostname)) {
    return answerOutbound(
      {
        app: deps.app,
        outboundCall: (outcome) => deps.stats.outboundCall(outcome),
      },
      call
    )
  }

  deps.stats.unrouted()
  throw new HttpError(502, `no stand-in for ${req.method} ${target.href}`)
}

/** The fixtures with every address id as B2B answers it (derived when absent). */
function fixturesAsServed(fixtures: Fixtures): Fixtures {
  return {
    ...fixtures,
    costCenters: fixtures.costCenters.map((costCenter) => ({
      ...costCenter,
      addresses: costCenter.addresses.map((address) => ({
        ...address,
        addressId: addressIdOf(address),
      })),
    })),
  }
}

/** `/_local/...`: the knobs and counters tests and benchmarks read. */
async function answerLocal(
  deps: ProxyDeps,
  req: IncomingMessage,
  res: ServerResponse
) {
  const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1')
  const route = `${req.method} ${pathname}`

  switch (route) {
    case 'GET /_local/health':
      return sendJson(res, 200, { ok: true })

    case 'GET /_local/stats':
      return sendJson(res, 200, deps.stats.snapshot())

    case 'POST /_local/stats/reset':
      deps.stats.reset()

      return sendJson(res, 200, deps.stats.snapshot())

    // The buyers and cost centers the stand-ins serve (the playground lists them).
    case 'GET /_local/fixtures':
      return sendJson(res, 200, fixturesAsServed(deps.fixtures))

    case 'GET /_local/faults':
      return sendJson(res, 200, deps.faults.state())

    case 'POST /_local/faults':
      return sendJson(
        res,
        200,
        deps.faults.set(await readJsonBody(req, 64_000))
      )

    case 'DELETE /_local/faults':
      deps.faults.reset()

      return sendJson(res, 200, deps.faults.state())

    default:
      req.resume()
      throw new HttpError(404, `no local endpoint ${route}`)
  }
}

function absoluteTarget(rawUrl: string): URL | null {
  if (!/^https?:\/\//i.test(rawUrl)) return null
  try {
    return new URL(rawUrl)
  } catch {
    throw new HttpError(400, `invalid absolute URL ${rawUrl}`)
  }
}

async function answer(
  deps: ProxyDeps,
  req: IncomingMessage,
  res: ServerResponse
) {
  debugLog(req.method, req.url)
  const target = absoluteTarget(req.url ?? '/')

  // A client with a process-wide proxy may send its /_local calls in proxy
  // form too; those are still meant for this server.
  const isLocal =
    !target ||
    (LOOPBACK_HOSTS.includes(target.hostname) &&
      target.pathname.startsWith('/_local/'))

  if (!isLocal) return answerUpstream(deps, { req, res }, target)

  return answerLocal(deps, req, res)
}

export function createPlatformProxy(deps: ProxyDeps) {
  return createServer((req, res) => {
    answer(deps, req, res).catch((error) => answerError(res, error))
  })
}
