import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { appIdentity, routeHeaders, TRANSFORM_PATH } from './appWorker'
import type {
  Fixtures,
  OutboundPolicy,
  Platform,
  TenantVariant,
} from './platform'
import { loadFixtures, startPlatform } from './platform'
import type { Replica, ReplicaSet } from './replicas/replicaSet'
import { replicaCountFromEnv, startReplicaSet } from './replicas/replicaSet'

export interface AppStackOptions {
  fixtures?: Fixtures
  /** Each tenant its own data (startPlatform's `tenantFixtures`). */
  tenantFixtures?: TenantVariant
  /** VBase files; a fresh temporary directory when absent. */
  dataDir?: string
  platformPort?: number
  pricingPort?: number
  /** The router in front of the replicas (APP_PORT); 0 or absent = ephemeral. */
  appPort?: number
  /** App workers behind the router; default `REPLICAS`, else 2. */
  replicas?: number
  /** The app's policies as the platform grants them (default: manifest.json). */
  appPolicies?: string[]
  /** The outbound-access pairs the outbound proxy admits (default: manifest.json). */
  outboundPolicies?: OutboundPolicy[]
  workerEnv?: Record<string, string>
  /** The service the workers run (default: the app's build). */
  workerAppDir?: string
  execArgv?: string[]
  /** Also sees every worker line (e.g. to print it); `logs` keeps a copy. */
  onLog?: (line: string) => void
}

export interface TransformAnswer {
  status: number
  headers: Headers
  body: unknown
}

/**
 * The platform stand-ins plus the real app, as replicas of the `@vtex/api`
 * worker behind a router, pointed at them: what the worker tests, the
 * reliability suite and the benchmark all run against.
 */
export interface AppStack {
  platform: Platform
  /** The router in front of the replicas: where the app is reached. */
  url: string
  replicas: ReplicaSet
  /** The oldest replica still running (the worker, with one replica). */
  readonly worker: Replica
  /** Every line the workers printed (their JSON logs), oldest first. */
  logs: string[]
  /** One transform through the router. */
  transform(
    inputs: unknown,
    tenant?: { account?: string; workspace?: string },
    init?: RequestInit
  ): Promise<TransformAnswer>
  /** Replaces every replica with a fresh one (empty LRU, same VBase). */
  restartWorker(): Promise<void>
  stop(): Promise<void>
}

const MAX_LOG_LINES = 20_000

export async function startAppStack(
  options: AppStackOptions = {}
): Promise<AppStack> {
  const ownDataDir = !options.dataDir
  const dataDir =
    options.dataDir ?? mkdtempSync(join(tmpdir(), 'pricing-session-'))

  const platform = await startPlatform({
    fixtures: options.fixtures ?? loadFixtures(),
    tenantFixtures: options.tenantFixtures,
    dataDir,
    appId: appIdentity().id,
    appPolicies: options.appPolicies,
    outboundPolicies: options.outboundPolicies,
    port: options.platformPort,
    pricingPort: options.pricingPort,
  })

  const logs: string[] = []
  let replicas: ReplicaSet

  try {
    replicas = await startReplicaSet({
      count: options.replicas ?? replicaCountFromEnv(),
      port: options.appPort,
      worker: {
        platformProxy: platform.proxyUrl,
        env: options.workerEnv,
        appDir: options.workerAppDir,
        execArgv: options.execArgv,
        onLog: (line) => {
          if (logs.length < MAX_LOG_LINES) logs.push(line)
          options.onLog?.(line)
        },
      },
    })
  } catch (error) {
    await platform.stop()
    throw error
  }

  const stack: AppStack = {
    platform,
    url: replicas.router.url,
    replicas,
    get worker() {
      const [oldest] = replicas.replicas()

      if (!oldest) throw new Error('no replica is running')

      return oldest
    },
    logs,
    async transform(inputs, tenant = {}, init = {}) {
      const response = await fetch(`${stack.url}${TRANSFORM_PATH}`, {
        method: 'POST',
        headers: routeHeaders(
          tenant.account ?? 'acme',
          tenant.workspace ?? 'master'
        ),
        body: typeof inputs === 'string' ? inputs : JSON.stringify(inputs),
        ...init,
      })

      const text = await response.text()
      let body: unknown = text

      try {
        body = JSON.parse(text)
      } catch {
        // Not JSON: the test looks at the text.
      }

      return { status: response.status, headers: response.headers, body }
    },
    restartWorker: () => replicas.restartAll(),
    async stop() {
      await replicas.stop()
      await platform.stop()
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }

  return stack
}

/** `{"storefront-permissions": {field: {value}}}` from plain values. */
export function sfpInputs(fields: Record<string, string | undefined>) {
  const namespace: Record<string, { value: string }> = {}

  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) namespace[field] = { value }
  }

  return { 'storefront-permissions': namespace }
}
