/**
 * The B2B Organizations stand-in as platformB2B.test.ts drives it: one
 * platform for the file (stats reset before each test), GraphQL requests sent
 * through the platform proxy as the app sends them, and `withPlatform` for
 * the tests that need a platform started otherwise (another manifest's
 * policies, other fixtures); the shared one is put back even when they fail.
 */
import type { Platform, PlatformOptions } from '../local/platform'
import {
  b2bAuthorization,
  COST_CENTER_QUERY,
  GRAPHQL_URL,
  removeDir,
  send,
  startTestPlatform,
  tempDataDir,
} from './platformTestKit'

type Headers = Record<string, string>

/** Registers the file's platform in the calling describe block's hooks. */
export function useB2BStandIn() {
  let dataDir: string
  let platform: Platform

  beforeAll(async () => {
    dataDir = tempDataDir()
    platform = await startTestPlatform(dataDir)
  })

  beforeEach(() => platform.resetStats())

  afterAll(async () => {
    await platform.stop()
    removeDir(dataDir)
  })

  /** Any body to the B2B GraphQL route, with the B2B Suite's tokens by default. */
  const ask = (
    body: unknown,
    {
      headers = b2bAuthorization() as Headers,
      method = 'GET',
      url = GRAPHQL_URL,
    } = {}
  ) =>
    send(platform.proxyUrl, url, {
      method,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    })

  /** The app's own getCostCenterById query. */
  const costCenter = (id: string, headers?: Headers) =>
    ask({ query: COST_CENTER_QUERY, variables: { id } }, { headers })

  async function withPlatform(
    options: Partial<PlatformOptions>,
    test: () => Promise<void>
  ) {
    const shared = platform

    platform = await startTestPlatform(dataDir, options)
    try {
      await test()
    } finally {
      await platform.stop()
      platform = shared
    }
  }

  return { ask, costCenter, withPlatform, stats: () => platform.stats() }
}
