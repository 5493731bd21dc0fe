import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { AppWorker } from './appWorker'
import {
  appIdentity,
  routeHeaders,
  startAppWorker,
  TRANSFORM_PATH,
} from './appWorker'
import type { Fixtures, Platform, TenantVariant } from './platform'
import { loadFixtures, startPlatform } from './platform'

export interface AppStackOptions {
  fixtures?: Fixtures
  /** Each tenant its own data (startPlatform's `tenantFixtures`). */
  tenantFixtures?: TenantVariant
  /** VBase files; a fresh temporary directory when absent. */
  dataDir?: string
  platformPort?: number
  pricingPort?: number
  appPort?: number
  /** The app's policies as the platform grants them (default: manifest.json). */
  appPolicies?: string[]
  workerEnv?: Record<string, string>
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
 * The platform stand-ins plus the real app worker pointed at them: what the
 * worker tests, the reliability suite and the benchmark all run against.
 */
export interface AppStack {
  platform: Platform
  worker: AppWorker
  /** Every line the worker printed (its JSON logs), oldest first. */
  logs: string[]
  transform(
    inputs: unknown,
    tenant?: { account?: string; workspace?: string },
    init?: RequestInit
  ): Promise<TransformAnswer>
  /** Replaces the worker with a fresh one (empty LRU, same VBase). */
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
    port: options.platformPort,
    pricingPort: options.pricingPort,
  })

  const logs: string[] = []
  const launch = () =>
    startAppWorker({
      port: options.appPort,
      platformProxy: platform.proxyUrl,
      env: options.workerEnv,
      execArgv: options.execArgv,
      onLog: (line) => {
        if (logs.length < MAX_LOG_LINES) logs.push(line)
        options.onLog?.(line)
      },
    })

  const stack: AppStack = {
    platform,
    worker: await launch(),
    logs,
    async transform(inputs, tenant = {}, init = {}) {
      const response = await fetch(`${stack.worker.url}${TRANSFORM_PATH}`, {
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
    async restartWorker() {
      await stack.worker.stop()
      stack.worker = await launch()
    },
    async stop() {
      await stack.worker.stop()
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
