/**
 * `npx tsx bench/profile.ts`: CPU profiles (`--cpu-prof`) of the worker under
 * the empty route and under LRU hits, self time per module and per function
 * in µs per request, and the difference between the two.
 */
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { buildApp } from '../local/appWorker'
import { benchFixtures, transformBody } from './benchKeys'
import { startBenchStack } from './benchStack'
import { startEmptyRoute } from './children'
import type { ProfileSummary } from './cpuProfile'
import { inclusiveMs, readProfileFrom, summarizeProfile } from './cpuProfile'
import type { Served } from './children'
import { runLoad } from './load'
import { KEYS, recordLruHitAnswer } from './tiers'

const SECONDS = 8
const TOP = 25

/** Frames whose inclusive time tells which middleware costs what. */
const INCLUSIVE_FRAMES = [
  'addTracing',
  'prepareHandlerCtx',
  'trackIncomingRequestStats',
  'withClients',
  'timings',
  'consoleCall',
  'respond',
  'jsonErrors',
  'readTransformInputs',
  'transform',
  'cached',
  'get vbase',
  'get costCenters',
]

interface Profiled {
  requests: number
  summary: ProfileSummary
}

/** Loads `served` (started with --cpu-prof into `dir`), stops it, reads it. */
async function profileUnderLoad(served: Served, dir: string) {
  const load = await runLoad({
    url: served.url,
    serverPid: served.pid,
    connections: 10,
    durationSec: SECONDS,
    bodyFor: () => transformBody(KEYS.lruHit),
  })

  await served.stop()

  return {
    requests: load.requests,
    summary: summarizeProfile(readProfileFrom(dir), 1000),
  }
}

const usPerRequest = (ms: number, requests: number) =>
  ((ms * 1000) / requests).toFixed(1).padStart(7)

function printTop(title: string, { requests, summary }: Profiled) {
  const lines = [`\n${title}: ${requests} requests, µs/request self time`]
  const total = usPerRequest(summary.totalMs, requests)

  lines.push(`  ${total}  total (idle excluded; includes startup)`)
  for (const group of [summary.byModule, summary.byFunction]) {
    lines.push('  --')
    for (const { name, ms } of group.slice(0, TOP)) {
      lines.push(`  ${usPerRequest(ms, requests)}  ${name}`)
    }
  }

  lines.push('  -- inclusive')
  inclusiveMs(summary.profile, INCLUSIVE_FRAMES).forEach((ms, name) => {
    if (ms > 0) lines.push(`  ${usPerRequest(ms, requests)}  ${name}`)
  })

  process.stdout.write(`${lines.join('\n')}\n`)
}

/** Per module: LRU-hit µs/request minus empty-route µs/request. */
function printDifference(empty: Profiled, lru: Profiled) {
  const perRequest = ({ requests, summary }: Profiled) =>
    new Map(
      summary.byModule.map(({ name, ms }) => [name, (ms * 1000) / requests])
    )

  const emptyUs = perRequest(empty)
  const lruUs = perRequest(lru)
  const names = new Set([...emptyUs.keys(), ...lruUs.keys()])
  const deltas = [...names]
    .map((name) => ({
      name,
      delta: (lruUs.get(name) ?? 0) - (emptyUs.get(name) ?? 0),
    }))
    .sort((a, b) => b.delta - a.delta)
    .slice(0, TOP)

  const lines = deltas.map(
    ({ name, delta }) => `  ${delta.toFixed(1).padStart(7)}  ${name}`
  )

  process.stdout.write(
    `\nLRU hit minus empty route, µs/request by module:\n${lines.join('\n')}\n`
  )
}

async function main() {
  buildApp()
  const emptyDir = mkdtempSync(join(tmpdir(), 'bench-prof-empty-'))
  const lruDir = mkdtempSync(join(tmpdir(), 'bench-prof-lru-'))
  const stack = await startBenchStack(benchFixtures(KEYS.stampede + 1), [
    '--cpu-prof',
    `--cpu-prof-dir=${lruDir}`,
  ])

  try {
    const answer = await recordLruHitAnswer(stack)
    const emptyRoute = await startEmptyRoute(answer, {
      platformProxy: stack.platform.proxyUrl,
      onLog: stack.logs.onLog,
      execArgv: ['--cpu-prof', `--cpu-prof-dir=${emptyDir}`],
    })

    const empty = await profileUnderLoad(emptyRoute, emptyDir)
    const { url, child, stop } = stack.worker
    const lru = await profileUnderLoad(
      { url, pid: child.pid ?? 0, stop },
      lruDir
    )

    printTop('empty route (@vtex/api)', empty)
    printTop('LRU hit (app)', lru)
    printDifference(empty, lru)
  } finally {
    await stack.stop()
    rmSync(emptyDir, { recursive: true, force: true })
    rmSync(lruDir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})
