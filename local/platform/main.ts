/**
 * Runs the platform stand-ins on their own, for manual runs and scripts:
 *   npx tsx local/platform/main.ts
 * Env: PLATFORM_PORT (5060), PRICING_PORT (5061), LOCAL_DATA_DIR
 * (.local-data), PRICING_API_KEY, FIXTURES, VTEX_APP_ID (from manifest.json).
 * Prints one JSON line with the URLs once both servers listen.
 */
import { resolve } from 'path'

import { loadFixtures, startPlatform } from '.'
import { appIdentity } from '../appWorker'

const REPO_ROOT = resolve(__dirname, '..', '..')

async function main() {
  const platform = await startPlatform({
    port: Number(process.env.PLATFORM_PORT ?? 5060),
    pricingPort: Number(process.env.PRICING_PORT ?? 5061),
    fixtures: loadFixtures(),
    dataDir: resolve(
      process.env.LOCAL_DATA_DIR ?? resolve(REPO_ROOT, '.local-data')
    ),
    pricingApiKey: process.env.PRICING_API_KEY,
    appId: process.env.VTEX_APP_ID ?? appIdentity().id,
  })

  const { proxyUrl, pricingUrl } = platform

  process.stdout.write(`${JSON.stringify({ proxyUrl, pricingUrl })}\n`)

  const shutdown = () => {
    platform.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }

  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`)
  process.exit(1)
})
