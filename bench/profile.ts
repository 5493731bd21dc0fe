/**
 * `npx tsx bench/profile.ts`: CPU profiles (`--cpu-prof`) of the worker under
 * the empty route, the empty route reading the body, and LRU hits: self time
 * per module and per function in µs per request, and the differences.
 */
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { buildApp } from '../local/appWorker'
import { benchFixtures, transformBody } from './benchKeys'
import type { BenchStack } from './benchStack'
import { startBenchStack } from './benchStack'
import type { RecordedAnswer, Served } from './children'
import { startEmptyRoute } from './children'
import type { ProfileSummary } from './cpuProfile'
import { inclusiveMs, readProfileFrom, summarizeProfile } from './cpuProfile'
import { runLoad } from './load'
import { recordLruHitAnswer } from './floors'
import { KEYS } from './tiers'

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

/** Per module (or function): `to` µs/request minus `from` µs/request. */
function printDifference(
  title: string,
  [from, to]: [Profiled, Profiled],
  by: 'byModule' | 'byFunction' = 'byModule'
) {
  const perRequest = ({ requests, summary }: Profiled) =>
    new Map(summary[by].map(({ name, ms }) => [name, (ms * 1000) / requests]))

  const fromUs = perRequest(from)
  const toUs = perRequest(to)
  const names = new Set([...fromUs.keys(), ...toUs.keys()])
  const deltas = [...names]
    .map((name) => ({
      name,
      delta: (toUs.get(name) ?? 0) - (fromUs.get(name) ?? 0),
    }))
    .sort((a, b) => b.delta - a.delta)
    .slice(0, TOP)

  const lines = deltas.map(
    ({ name, delta }) => `  ${delta.toFixed(1).padStart(7)}  ${name}`
  )

  process.stdout.write(
    `\n${title}, µs/request ${
      by === 'byModule' ? 'by module' : 'by function'
    }:\n${lines.join('\n')}\n`
  )
}

/** An empty route started with --cpu-prof into a fresh directory. */
async function profiledEmptyRoute(
  stack: BenchStack,
  answer: RecordedAnswer,
  readBody: boolean
) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-empty-'))

  try {
    const served = await startEmptyRoute(answer, {
      platformProxy: stack.platform.proxyUrl,
      onLog: stack.logs.onLog,
      execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
      readBody,
    })

    return await profileUnderLoad(served, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  buildApp()
  const lruDir = mkdtempSync(join(tmpdir(), 'bench-prof-lru-'))
  const stack = await startBenchStack(benchFixtures(KEYS.stampede + 1), [
    '--cpu-prof',
    `--cpu-prof-dir=${lruDir}`,
  ])

  try {
    const answer = await recordLruHitAnswer(stack)
    const empty = await profiledEmptyRoute(stack, answer, false)
    const bodyRead = await profiledEmptyRoute(stack, answer, true)
    const { url, child, stop } = stack.worker
    const lru = await profileUnderLoad(
      { url, pid: child.pid ?? 0, stop },
      lruDir
    )

    printTop('empty route (@vtex/api)', empty)
    printTop('ceiling (+ body read)', bodyRead)
    printTop('LRU hit (app)', lru)
    printDifference('Body read: the ceiling (+ body read) minus empty route', [
      empty,
      bodyRead,
    ])
    printDifference('App: LRU hit minus the ceiling', [bodyRead, lru])
    printDifference(
      'App: LRU hit minus the ceiling',
      [bodyRead, lru],
      'byFunction'
    )
    printDifference('LRU hit minus empty route', [empty, lru])
  } finally {
    await stack.stop()
    rmSync(lruDir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})
