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
  appTimeoutMs?: number
  sessionManagerLog?: Logger
}

export interface LocalStack extends AppStack {
  sessionManager: RunningSessionManager
}

/**
 * The whole local platform: stand-ins, the real app worker and the Session
 * Manager emulator running every app of `local/apps.json` (natives in
 * process, ours over HTTP through the worker).
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
        urls: { appWorker: appStack.worker.url },
      }),
      account,
      workspace,
      loopCap: options.loopCap,
      appTimeoutMs: options.appTimeoutMs,
      log: options.sessionManagerLog,
      platformUrl: appStack.platform.proxyUrl,
      appStatus: privateRoute(appStack.worker.url, STATUS_PATH, {
        account,
        workspace,
      }),
    })
  } catch (error) {
    await appStack.stop()
    throw error
  }

  const stopAppStack = appStack.stop.bind(appStack)

  // Session Manager keeps the worker URL it was given: pass `appPort` to keep
  // it valid across `restartWorker()`.
  return Object.assign(appStack, {
    sessionManager,
    async stop() {
      await sessionManager.stop()
      await stopAppStack()
    },
  })
}
