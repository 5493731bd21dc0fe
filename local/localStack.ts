import type { AppStack, AppStackOptions } from './appStack'
import { startAppStack } from './appStack'
import { privateRoute, STATUS_PATH } from './appWorker'
import type { Logger, RunningSessionManager } from './sessionManager'
import { loadAppRegistry, startSessionManager } from './sessionManager'

export interface LocalStackOptions extends AppStackOptions {
  /** Session Manager port; 0 or absent = ephemeral. */
  port?: number
  account?: string
  workspace?: string
  loopCap?: number
  /** Session Manager sends whole input namespaces (see SessionManagerOptions). */
  wholeInputNamespaces?: boolean
  appTimeoutMs?: number
  /** Session Manager's connections to each HTTP app (default 64). */
  appConnections?: number
  /** Traces kept (default 200, oldest dropped). */
  maxTraces?: number
  sessionManagerLog?: Logger
}

export interface LocalStack extends AppStack {
  sessionManager: RunningSessionManager
}

/**
 * The whole local platform: stand-ins, the real app's replicas behind the
 * router, and the Session Manager emulator running every app of
 * `local/apps.json` (natives in process, ours over HTTP through the router).
 */
export async function startLocalStack(
  options: LocalStackOptions = {}
): Promise<LocalStack> {
  const appStack = await startAppStack(options)
  const account = options.account ?? 'acme'
  const workspace = options.workspace ?? 'master'
  let sessionManager: RunningSessionManager

  try {
    sessionManager = await startSessionManager({
      port: options.port,
      apps: loadAppRegistry(undefined, {
        urls: { appWorker: appStack.url },
        // storefront-permissions knows the shoppers the stand-ins know.
        native: options.fixtures && { fixtures: options.fixtures },
      }),
      account,
      workspace,
      loopCap: options.loopCap,
      wholeInputNamespaces: options.wholeInputNamespaces,
      appTimeoutMs: options.appTimeoutMs,
      appConnections: options.appConnections,
      maxTraces: options.maxTraces,
      log: options.sessionManagerLog,
      platformUrl: appStack.platform.proxyUrl,
      // Through the router, as the platform routes it: the status of
      // whichever replica answers (each worker keeps its own).
      appStatus: privateRoute(appStack.url, STATUS_PATH, {
        account,
        workspace,
      }),
    })
  } catch (error) {
    await appStack.stop()
    throw error
  }

  const stopAppStack = appStack.stop.bind(appStack)

  // Session Manager calls the router, whose URL outlives every replica.
  return Object.assign(appStack, {
    sessionManager,
    async stop() {
      await sessionManager.stop()
      await stopAppStack()
    },
  })
}
