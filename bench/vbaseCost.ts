/**
 * `npx tsx bench/vbaseCost.ts [--seconds N] [--rounds N]`: what a VBase hit
 * costs the worker, step by step. One route in the same `@vtex/api` worker
 * (bench/vbaseRoute) reads the body like the app and then does one more step
 * of a VBase hit before answering the app's bytes; the app itself answers
 * VBase hits last. Every step is a fresh worker, one distinct key per
 * request, the steps rotating each round; server CPU per request is the
 * worker's user + system time over its answers.
 */
import './appEnv'

import { join } from 'path'

import {
  APP_BUILD_DIR,
  appIdentity,
  buildApp,
  startAppWorker,
} from '../local/appWorker'
import { appNameOf } from '../local/platform/upstream'
import { benchFixtures, transformBody } from './benchKeys'
import type { BenchStack } from './benchStack'
import { startBenchStack } from './benchStack'
import type { RecordedAnswer } from './children'
import { copyServiceJson } from './children'
import { recordLruHitAnswer } from './floors'
import { runLoad } from './load'
import { KEYS, range } from './tiers'

const ROUTE_DIR = join(__dirname, 'vbaseRoute')

const STEPS = [
  ['body', 'read the body, answer (the ceiling)'],
  ['client', '+ build the VBase client'],
  ['read', '+ one VBase read (the app now)'],
  ['readTwo', '+ two VBase reads side by side (the app before)'],
  ['raw', 'read the body + one plain node:http GET instead'],
  ['app', 'the app, VBase hit'],
] as const

type Step = (typeof STEPS)[number][0]

function flag(args: string[], name: string, fallback: number) {
  const at = args.indexOf(name)

  return at === -1 ? fallback : Number(args[at + 1])
}

/** A fresh worker for `step`, its pid and a stop(). */
async function serve(stack: BenchStack, step: Step, answer: RecordedAnswer) {
  if (step === 'app') {
    await stack.restartWorker()
    const { url, child } = stack.worker

    return { url, pid: child.pid ?? 0, stop: async () => undefined }
  }

  copyServiceJson(ROUTE_DIR)
  const worker = await startAppWorker({
    appDir: ROUTE_DIR,
    platformProxy: stack.platform.proxyUrl,
    onLog: stack.logs.onLog,
    env: {
      BENCH_ANSWER: JSON.stringify(answer),
      BENCH_STEP: step,
      BENCH_APP_BUILD: APP_BUILD_DIR,
      BENCH_VBASE_APP: appNameOf(appIdentity().id),
    },
  })

  return { url: worker.url, pid: worker.child.pid ?? 0, stop: worker.stop }
}

async function measure(
  stack: BenchStack,
  step: Step,
  { answer, seconds }: { answer: RecordedAnswer; seconds: number }
) {
  const { url, pid, stop } = await serve(stack, step, answer)
  const keys = KEYS.vbaseHit

  try {
    // Warms the pipeline (JIT) on one key, then one new key per request.
    await runLoad({
      url,
      serverPid: pid,
      connections: 10,
      durationSec: 1,
      bodyFor: () => transformBody(KEYS.lruHit),
    })
    const load = await runLoad({
      url,
      serverPid: pid,
      connections: 10,
      durationSec: seconds,
      bodyFor: (n) => transformBody(keys.from + n),
      maxRequests: keys.to - keys.from - 10,
    })

    return { cpuUs: load.serverCpuUs, rps: load.rps, non2xx: load.non2xx }
  } finally {
    await stop()
  }
}

const fixed = (value: number) => value.toFixed(0).padStart(6)

async function main(args: string[]) {
  const seconds = flag(args, '--seconds', 4)
  const rounds = flag(args, '--rounds', 2)

  buildApp()
  const stack = await startBenchStack(benchFixtures(KEYS.stampede + 1))
  const cpu = new Map<Step, number[]>(STEPS.map(([step]) => [step, []]))

  try {
    const answer = await recordLruHitAnswer(stack)
    const { from, to } = KEYS.vbaseHit

    stack.seedVBase(range(from, to), Date.now())
    stack.seedVBase(range(from, to), Date.now(), 'lookups-copy')
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < STEPS.length; i++) {
        const [step] = STEPS[(i + round) % STEPS.length]

        process.stderr.write(`[vbaseCost] round ${round + 1}: ${step}\n`)
        // eslint-disable-next-line no-await-in-loop -- one load at a time
        const result = await measure(stack, step, { answer, seconds })

        if (result.non2xx > 0) throw new Error(`${step}: non-2xx answers`)
        cpu.get(step)?.push(result.cpuUs)
      }
    }
  } finally {
    await stack.stop()
  }

  const mean = (values: number[]) =>
    values.reduce((a, b) => a + b, 0) / values.length

  const lines = STEPS.map(([step, what]) => {
    const values = cpu.get(step) ?? []

    return `${fixed(mean(values))}  (${values
      .map((v) => v.toFixed(0))
      .join(', ')})  ${step.padEnd(8)} ${what}`
  })

  process.stdout.write(
    `server CPU µs/request, mean (each round), ${rounds} rounds × ${seconds} s:\n${lines.join(
      '\n'
    )}\n`
  )
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})
