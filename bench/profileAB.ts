/**
 * `npx tsx bench/profileAB.ts [--seconds N] [--rounds R]`: one A/B worker
 * (this tree, and this tree with node/observability/ stubbed, as two routes)
 * under `--cpu-prof`, the sides loaded in turn; the profile's samples are
 * split by when each side was loaded, and self time per function and per
 * module is compared in µs per request: where an A/B difference goes.
 */
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { buildApp } from '../local/appWorker'
import type { Side } from './abWorker'
import { startABWorker, warmSide } from './abWorker'
import { buildWithoutObservability } from './baselineBuild'
import { benchFixtures, transformBody } from './benchKeys'
import { startBenchStack } from './benchStack'
import type { CpuProfile } from './cpuProfile'
import { frameName, moduleOf, readProfileFrom } from './cpuProfile'
import { numberFlag } from './flags'
import { runLoad } from './load'
import { KEYS } from './tiers'

const TOP = 30
const SIDES: Side[] = ['before', 'after']

interface Phase {
  side: Side
  /** CLOCK_MONOTONIC µs, the clock V8's profile timestamps use. */
  fromUs: number
  toUs: number
  requests: number
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)

type Tally = Record<Side, Map<string, number>>

/** Self µs per frame name and per module, per side, over its phases. */
function tallyBySide(
  profile: CpuProfile,
  phases: Phase[],
  baselineDir: string
) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const byFunction: Tally = { before: new Map(), after: new Map() }
  const byModule: Tally = { before: new Map(), after: new Map() }
  const add = (map: Map<string, number>, name: string, us: number) =>
    map.set(name, (map.get(name) ?? 0) + us)

  let at = profile.startTime

  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0
    const phase = phases.find(({ fromUs, toUs }) => at >= fromUs && at < toUs)
    const frame = nodes.get(id)?.callFrame

    if (!phase || !frame || frame.functionName === '(idle)') return
    const us = profile.timeDeltas[i] ?? 0
    // Both builds' frames count as `app`, so a function is compared with
    // its own other build.
    const module = frame.url.includes(baselineDir) ? 'app' : moduleOf(frame)

    add(byModule[phase.side], module, us)
    add(byFunction[phase.side], frameName(frame, module), us)
  })

  return { byFunction, byModule }
}

function printDifference(
  title: string,
  tally: Tally,
  requests: Record<Side, number>
) {
  const perRequest = (side: Side, name: string) =>
    (tally[side].get(name) ?? 0) / requests[side]

  const names = new Set([...tally.before.keys(), ...tally.after.keys()])
  const rows = [...names]
    .map((name) => ({
      name,
      before: perRequest('before', name),
      after: perRequest('after', name),
    }))
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before))
    .slice(0, TOP)

  const total = (side: Side) =>
    [...tally[side].values()].reduce((sum, us) => sum + us, 0) / requests[side]

  const lines = [
    `\n${title}: µs/request self time, before (stubbed) → after (this tree)`,
    `  total ${total('before').toFixed(1)} → ${total('after').toFixed(1)}`,
    ...rows.map(
      ({ name, before, after }) =>
        `  ${(after - before).toFixed(2).padStart(7)}  ${before
          .toFixed(2)
          .padStart(7)} → ${after.toFixed(2).padStart(7)}  ${name}`
    ),
  ]

  process.stdout.write(`${lines.join('\n')}\n`)
}

async function main() {
  const args = process.argv.slice(2)
  const seconds = numberFlag(args, '--seconds', 5)
  const rounds = numberFlag(args, '--rounds', 6)

  buildApp()
  const baseline = buildWithoutObservability()
  const stack = await startBenchStack(benchFixtures(1))
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-ab-'))

  try {
    const { worker, routeOf } = await startABWorker(stack, baseline.appDir, {
      execArgv: [
        '--cpu-prof',
        '--cpu-prof-interval=200',
        `--cpu-prof-dir=${dir}`,
      ],
    })

    for (const side of SIDES) {
      // eslint-disable-next-line no-await-in-loop -- one side at a time
      await warmSide(worker, routeOf[side])
    }

    const phases: Phase[] = []

    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? SIDES : [...SIDES].reverse()

      for (const side of order) {
        const fromUs = monotonicUs()
        // eslint-disable-next-line no-await-in-loop -- one side at a time
        const load = await runLoad({
          url: worker.url,
          serverPid: worker.child.pid ?? 0,
          connections: 10,
          durationSec: seconds,
          bodyFor: () => transformBody(KEYS.lruHit),
          routeId: routeOf[side],
        })

        phases.push({
          side,
          fromUs,
          toUs: monotonicUs(),
          requests: load.requests,
        })
      }
    }

    await worker.stop()
    const profile = readProfileFrom(dir)
    const requests = { before: 0, after: 0 }

    for (const phase of phases) requests[phase.side] += phase.requests
    const { byFunction, byModule } = tallyBySide(
      profile,
      phases,
      baseline.appDir
    )

    process.stdout.write(
      `requests: before ${requests.before}, after ${requests.after}\n`
    )
    printDifference('By module', byModule, requests)
    printDifference('By function', byFunction, requests)
    const appOnly = (tally: Tally): Tally => ({
      before: new Map(
        [...tally.before].filter(([name]) => name.includes('[app:'))
      ),
      after: new Map(
        [...tally.after].filter(([name]) => name.includes('[app:'))
      ),
    })

    printDifference('App functions', appOnly(byFunction), requests)
  } finally {
    await stack.stop()
    baseline.remove()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})
