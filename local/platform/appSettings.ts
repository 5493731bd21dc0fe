import { HttpError, sendJson } from './http'
import type { UpstreamCall, UpstreamDeps } from './upstream'
import { requireAppToken } from './appTokens'
import { appNameOf, applyFaults } from './upstream'

export interface AppSettingsRoute {
  account: string
  workspace: string
  app: string
}

// `/apps/v0/{account}/{workspace}/apps/{vendor.name@version}/settings`
export function parseAppSettingsPath(
  segments: string[]
): AppSettingsRoute | null {
  const [service, version, account, workspace, apps, app, settings] = segments

  if (
    segments.length !== 7 ||
    service !== 'apps' ||
    version !== 'v0' ||
    apps !== 'apps' ||
    settings !== 'settings' ||
    !account ||
    !workspace ||
    !app
  ) {
    return null
  }

  return { account, workspace, app }
}

export async function answerAppSettings(
  deps: UpstreamDeps & {
    appName: string
    app: { appId: string; policies: string[] }
    defaultSettings: (tenant: AppSettingsRoute) => Record<string, unknown>
  },
  route: AppSettingsRoute,
  call: UpstreamCall
) {
  if (call.req.method !== 'GET') {
    throw new HttpError(
      405,
      `settings stand-in does not answer ${call.req.method}`
    )
  }

  // Any version of the app gets its settings, as on the platform.
  if (appNameOf(route.app) !== deps.appName) {
    throw new HttpError(404, `app ${route.app} is not installed`)
  }

  // An app reads its own settings with its own token, no policy needed.
  requireAppToken(call.req.headers, { app: deps.app, account: route.account })
  deps.stats.settingsCall(route.account)
  if (await applyFaults(deps, 'settings', call)) return

  sendJson(
    call.res,
    200,
    deps.faults.settingsFor(route.account) ?? deps.defaultSettings(route)
  )
}
