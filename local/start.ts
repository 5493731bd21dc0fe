/**
 * `npm start`: the whole local platform on 127.0.0.1 — platform stand-ins,
 * the compiled app as REPLICAS `@vtex/api` workers behind a round-robin
 * router, the Session Manager emulator with the native app stand-ins.
 * Ctrl-C / SIGTERM stops everything.
 *
 * Env: PORT (3000), APP_PORT (5050, the router), REPLICAS (2), PLATFORM_PORT
 * (5070), PRICING_PORT (5071), VTEX_ACCOUNT (acme), VTEX_WORKSPACE (master),
 * FIXTURES (local/fixtures.json), LOCAL_DATA_DIR (.local-data), QUIET (hide
 * worker logs).
 */
import { resolve } from 'path'

import { buildApp, privateRoute, STATUS_PATH } from './appWorker'
import { startLocalStack } from './localStack'

const env = (name: string, fallback: string) => process.env[name] ?? fallback
const ROOT = resolve(__dirname, '..')

async function main() {
  buildApp()
  const account = env('VTEX_ACCOUNT', 'acme')
  const workspace = env('VTEX_WORKSPACE', 'master')
  const quiet = Boolean(process.env.QUIET)
  const stack = await startLocalStack({
    port: Number(env('PORT', '3000')),
    appPort: Number(env('APP_PORT', '5050')),
    // Not 5060/5061: SIP ports, which browsers and Node's fetch refuse.
    platformPort: Number(env('PLATFORM_PORT', '5070')),
    pricingPort: Number(env('PRICING_PORT', '5071')),
    dataDir: resolve(env('LOCAL_DATA_DIR', resolve(ROOT, '.local-data'))),
    account,
    workspace,
    onLog: quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
  })

  const sm = stack.sessionManager.url
  // Each replica answers for itself (its own LRU and counters), on its port.
  const statusOf = (url: string) =>
    privateRoute(url, STATUS_PATH, { account, workspace })

  const status = statusOf(stack.worker.url)

  const statusHeaders = Object.entries(status.headers)
    .map(([name, value]) => `-H '${name}: ${value}'`)
    .join(' ')

  process.stdout.write(
    [
      '',
      `pricing-session local platform (${account}/${workspace})`,
      `  Session Manager  ${sm}`,
      `  playground       ${sm}/_local/   (drive a session, faults, rounds; JSON: /_local/trace)`,
      `  app (router)     ${stack.url}   ${stack.replicas
        .replicas()
        .map((replica) => `${replica.name} :${replica.port}`)
        .join(', ')}`,
      ...stack.replicas
        .replicas()
        .map(
          (replica) =>
            `  worker status    ${statusOf(replica.url).url}   (${
              replica.name
            }'s private route${
              replica.name === stack.worker.name ? ', curl below' : ''
            })`
        ),
      `  platform proxy   ${stack.platform.proxyUrl}   (VBase, Apps, B2B GraphQL, the outbound proxy; /_local/stats, /_local/faults)`,
      `  pricing backend  ${stack.platform.pricingBaseUrl} (through the outbound proxy stand-in)`,
      '',
      'Try (see README):',
      `  curl -si -c /tmp/s -X POST '${sm}/api/sessions?items=*' -H 'content-type: application/json' -d '{}'`,
      `  curl -s -b /tmp/s -c /tmp/s -X PATCH '${sm}/api/sessions?items=pricing.priceTable,pricing.storeNumber,public.postalCode' \\`,
      `       -H 'content-type: application/json' -H 'cookie: VtexIdclientAutCookie=buyer@acme.test' -d '{}'`,
      `  curl -s '${status.url}' ${statusHeaders}`,
      '',
    ].join('\n')
  )

  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }

  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: Error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`)
  process.exit(1)
})
