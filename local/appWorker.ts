import type { ChildProcess } from 'child_process'
import { execFileSync, fork } from 'child_process'
import { copyFileSync, readFileSync } from 'fs'
import { basename, join } from 'path'
import { createInterface } from 'readline'

import { registerChild } from './childRegistry'
import { appTokenFor } from './platform/appTokens'
import {
  localEngineerEmail,
  userTokenFor,
  VTEX_ID_COOKIE,
} from './platform/vtexIdTokens'

const ROOT = join(__dirname, '..')
const NODE_DIR = join(ROOT, 'node')

/** `@vtex/api`'s loaders expect `service/service.json` and `service/src/node`. */
export const APP_BUILD_DIR = join(NODE_DIR, '.build')

/** The app id the platform would give the worker, from manifest.json. */
export function appIdentity() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'))
  const { vendor, name, version } = manifest as Record<string, string>

  return { vendor, name, version, id: `${vendor}.${name}@${version}` }
}

/** Compiles `node/` the way the node builder does, into APP_BUILD_DIR. */
export function buildApp() {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', NODE_DIR],
    { stdio: 'inherit' }
  )
  copyFileSync(
    join(NODE_DIR, 'service.json'),
    join(APP_BUILD_DIR, 'service', 'service.json')
  )
}

export interface AppWorkerOptions {
  /** 0 picks a free port. */
  port?: number
  /** The platform stand-in's forward proxy, e.g. http://127.0.0.1:5070. */
  platformProxy: string
  env?: Record<string, string>
  /** Every stdout/stderr line of the worker (its JSON logs). */
  onLog?: (line: string) => void
  /** Extra node flags for the worker, e.g. ['--cpu-prof']. */
  execArgv?: string[]
  /**
   * A directory holding `service/service.json` and `service/src/node/index.js`
   * (default: the app's build). The benchmark points it at an empty service.
   */
  appDir?: string
}

export interface AppWorker {
  url: string
  port: number
  child: ChildProcess
  stop(): Promise<void>
}

function workerEnv(options: AppWorkerOptions) {
  const app = appIdentity()
  // Never inherit proxy settings of the shell or of `npm run`: the only
  // redirection is the app's own platform-proxy seam.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/proxy/i.test(key))
  )

  return {
    ...inherited,
    VTEX_APP_ID: app.id,
    VTEX_APP_VENDOR: app.vendor,
    VTEX_APP_NAME: app.name,
    VTEX_APP_VERSION: app.version,
    VTEX_PLATFORM_PROXY: options.platformProxy,
    NO_PROXY: '127.0.0.1,localhost',
    NODE_ENV: 'production',
    ...options.env,
  }
}

/** How `startChild` runs a serving child process. */
export interface ChildOptions {
  env: NodeJS.ProcessEnv
  execArgv?: string[]
  /** Every stdout/stderr line of the child. */
  onLog?: (line: string) => void
}

/**
 * Forks `entry` (which sends `{ listening: port }` over IPC once it serves on
 * 127.0.0.1) and resolves when it listens; `stop` ends it, SIGKILL after 3 s.
 */
export function startChild(
  entry: string,
  args: string[],
  options: ChildOptions
): Promise<AppWorker> {
  const child = fork(entry, args, {
    env: options.env,
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })

  registerChild(child, [basename(entry), ...args].join(' '))

  for (const stream of [child.stdout, child.stderr]) {
    if (stream) {
      createInterface({ input: stream }).on('line', (line) =>
        options.onLog?.(line)
      )
    }
  }

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve()

        return
      }

      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 3000).unref()
    })

  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${basename(entry)} exited early (code ${code})`))
    )
    child.on('message', (message: { listening?: number }) => {
      if (!message.listening) return
      const { listening: port } = message

      resolve({ url: `http://127.0.0.1:${port}`, port, child, stop })
    })
  })
}

/** Starts the compiled app in the real `@vtex/api` worker (see buildApp). */
export function startAppWorker(options: AppWorkerOptions): Promise<AppWorker> {
  return startChild(
    join(__dirname, 'appWorkerMain.js'),
    [options.appDir ?? APP_BUILD_DIR, String(options.port ?? 0)],
    {
      env: workerEnv(options),
      execArgv: options.execArgv,
      onLog: options.onLog,
    }
  )
}

/** Headers the VTEX router adds to every request it forwards to the app. */
export function tenantHeaders(account: string, workspace = 'master') {
  return {
    'x-vtex-account': account,
    'x-vtex-workspace': workspace,
    'x-vtex-credential': appTokenFor(account),
  }
}

/** Headers the VTEX router adds when it forwards a public route. */
export function routeHeaders(account: string, workspace = 'master') {
  return {
    'content-type': 'application/json',
    'x-colossus-route-id': 'transform',
    ...tenantHeaders(account, workspace),
  }
}

export const TRANSFORM_PATH = '/_v/pricing-session/session/transform'

/** The app's private status route (service.json `public: false`). */
export const STATUS_PATH = '/_v/private/pricing-session/status'

/**
 * A private route as `@vtex/api` mounts it: `/{account}/{workspace}{path}`,
 * reached on VTEX IO through `app.io.vtex.com/{vendor}.{name}/v{major}/…`
 * with a VTEX credential, never through the storefront's public router (no
 * `x-colossus-route-id` names it). Headers as the platform forwards them,
 * plus the VTEX ID token of the local engineer (`engineer@{account}.test`)
 * that the router wants before it lets the request through (a worker
 * reached directly ignores it).
 */
export function privateRoute(
  workerUrl: string,
  path: string,
  tenant: { account: string; workspace?: string }
) {
  const { account, workspace = 'master' } = tenant

  return {
    url: `${workerUrl}/${account}/${workspace}${path}`,
    headers: {
      ...tenantHeaders(account, workspace),
      [VTEX_ID_COOKIE]: userTokenFor(account, localEngineerEmail(account)),
    },
  }
}
