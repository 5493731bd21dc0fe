/**
 * `npm run bench -- --flood [--seconds N] [--json]`: made-up (organization,
 * cost center) pairs flood the public transform route through the router
 * (2 replicas) for N s (15 by default), while a shopper whose pair is known
 * keeps asking. Prints the upstream calls (B2B and the pricing backend) per
 * flood request and the known shopper's answers. Measures, asserts nothing.
 */
import { mkdtempSync, rmSync } from 'fs'
import { join } from 'path'

import { sfpInputs } from '../local/appStack'
import { buildApp, routeHeaders, TRANSFORM_PATH } from '../local/appWorker'
import type { LocalStack } from '../local/localStack'
import { startLocalStack } from '../local/localStack'
import { DATA_ROOT, LogTally } from './benchStack'
import { numberFlag } from './flags'
import { percentile, runLoad } from './load'

const ACCOUNT = 'acme'
const KNOWN = { organization: 'org-1', costcenter: 'cc-1' }
const KNOWN_PRICE_TABLE = 'b2b-nyc'
const KNOWN_EVERY_MS = 50

const progress = (message: string) =>
  process.stderr.write(`[bench flood] ${message}\n`)

/** The known shopper's transform, as Session Manager sends it. */
async function askKnown(stack: LocalStack) {
  const started = performance.now()
  const response = await fetch(`${stack.url}${TRANSFORM_PATH}`, {
    method: 'POST',
    headers: routeHeaders(ACCOUNT),
    body: JSON.stringify(sfpInputs(KNOWN)),
  })

  const body = (await response.json()) as {
    pricing?: { priceTable?: { value?: string } }
  }

  const cache = response.headers.get('x-pricing-session-cache') ?? ''

  return {
    ms: performance.now() - started,
    right: body.pricing?.priceTable?.value === KNOWN_PRICE_TABLE,
    degraded: /failed|timeout/.test(cache),
  }
}

/** Asks for the known pair every KNOWN_EVERY_MS until `stop()`. */
function knownShopper(stack: LocalStack) {
  const answers: Array<Awaited<ReturnType<typeof askKnown>>> = []
  let running = true
  const loop = (async () => {
    while (running) {
      // eslint-disable-next-line no-await-in-loop
      answers.push(await askKnown(stack))
      // eslint-disable-next-line no-await-in-loop
      await new Promise((resolve) => setTimeout(resolve, KNOWN_EVERY_MS))
    }
  })()

  return {
    async stop() {
      running = false
      await loop

      return answers
    },
  }
}

const upstreamCalls = (stack: LocalStack) => {
  const { graphql, pricing } = stack.platform.stats()

  return { b2b: graphql.calls, pricing: pricing.calls }
}

export async function runFloodBench(args: string[]) {
  const seconds = numberFlag(args, '--seconds', 15)
  const dataDir = mkdtempSync(join(DATA_ROOT, 'pricing-session-flood-'))
  const logs = new LogTally()

  progress('building node/')
  buildApp()
  const stack = await startLocalStack({
    account: ACCOUNT,
    dataDir,
    replicas: 2,
    sessionManagerLog: () => undefined,
    onLog: logs.onLog,
  })

  try {
    // The known pair reaches both replicas' memory before the flood.
    for (let n = 0; n < 4; n++) {
      // eslint-disable-next-line no-await-in-loop
      await askKnown(stack)
    }

    const before = upstreamCalls(stack)
    const shopper = knownShopper(stack)

    progress(`${seconds} s of made-up pairs, 20 connections, 2 replicas`)
    const flood = await runLoad({
      url: stack.url,
      connections: 20,
      durationSec: seconds,
      bodyFor: (n) =>
        JSON.stringify(
          sfpInputs({
            organization: `org-made-up-${n}`,
            costcenter: `cc-made-up-${n}`,
          })
        ),
      serverPid: stack.worker.child.pid as number,
    })

    const known = await shopper.stop()
    const after = upstreamCalls(stack)
    const calls = {
      b2b: after.b2b - before.b2b,
      pricing: after.pricing - before.pricing,
    }

    const latencies = known.map(({ ms }) => ms).sort((a, b) => a - b)
    const result = {
      seconds,
      floodRequests: flood.requests,
      floodRps: Math.round(flood.rps),
      floodNon2xx: flood.non2xx + flood.errors,
      upstreamCalls: calls,
      upstreamCallsPerRequest:
        Math.round(((calls.b2b + calls.pricing) / flood.requests) * 1e4) / 1e4,
      knownShopper: {
        answers: known.length,
        wrong: known.filter(({ right }) => !right).length,
        degraded: known.filter(({ degraded }) => degraded).length,
        p50Ms: Math.round(percentile(latencies, 0.5) * 10) / 10,
        p99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
      },
      warningLines: logs.problems,
    }

    process.stdout.write(
      args.includes('--json')
        ? `${JSON.stringify(result)}\n`
        : `Flood of made-up pairs (${seconds} s, through the router, 2 replicas):
  flood requests          ${result.floodRequests} (${result.floodRps} req/s, ${result.floodNon2xx} not 200)
  upstream calls          B2B ${calls.b2b}, pricing ${calls.pricing}: ${result.upstreamCallsPerRequest} per request
  known shopper           ${known.length} answers, ${result.knownShopper.wrong} wrong, ${result.knownShopper.degraded} degraded, p50 ${result.knownShopper.p50Ms} ms, p99 ${result.knownShopper.p99Ms} ms
  warning lines           ${logs.problems} (throttled: one a second per kind)
`
    )
  } finally {
    await stack.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
