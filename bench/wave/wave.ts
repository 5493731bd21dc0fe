/**
 * One sign-in wave: shoppers arrive at an even pace over a window (open
 * loop: an arrival does not wait for earlier sign-ins), each signs in
 * through Session Manager, and the pricing backend is down for a stretch in
 * the middle. Measures what the shoppers, Session Manager, the upstreams and
 * the replicas saw.
 */
import { monitorEventLoopDelay } from 'perf_hooks'

import type { LocalStack } from '../../local/localStack'
import type { Platform } from '../../local/platform'
import { cpuUsOf } from '../children'
import { percentile } from '../load'
import type { SignIn, Verdict } from './shoppers'
import { judge, shopperClient } from './shoppers'
import { warmUp } from './warmUp'

export interface WavePlan {
  /** Emails in arrival order. */
  shoppers: string[]
  windowMs: number
  /** The pricing backend resets every connection from `fromMs` to `toMs`. */
  fault: { fromMs: number; toMs: number }
  /** Sign-ins in flight at most; later arrivals wait (counted as queued). */
  maxInFlight: number
  wanted: (email: string) => Record<string, string>
}

/** Slices of the window, by sign-in start time: when things went wrong. */
const TIMELINE_SLICES = 6

function timelineOf(done: SignIn[], verdicts: Verdict[], windowMs: number) {
  const width = windowMs / TIMELINE_SLICES

  return Array.from({ length: TIMELINE_SLICES }, (_, slice) => {
    const inSlice = done
      .map((signIn, i) => ({ signIn, verdict: verdicts[i] }))
      .filter(({ signIn }) => {
        const at = Math.min(
          TIMELINE_SLICES - 1,
          Math.floor(signIn.startedMs / width)
        )

        return at === slice
      })

    const ms = inSlice.map(({ signIn }) => signIn.ms).sort((a, b) => a - b)

    return {
      fromMs: slice * width,
      signIns: inSlice.length,
      p99Ms: percentile(ms, 0.99),
      degraded: inSlice.filter(({ verdict }) => verdict !== 'exact').length,
    }
  })
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms))

const countsOf = (verdicts: Verdict[]) => ({
  exact: verdicts.filter((v) => v === 'exact').length,
  degraded: verdicts.filter((v) => v === 'degraded').length,
  wrong: verdicts.filter((v) => v === 'wrong').length,
})

const bump = (map: Record<string, number>, key: string) => {
  map[key] = (map[key] ?? 0) + 1
}

/** Every pricing-session call Session Manager made for these sessions. */
function transformCalls(stack: LocalStack, signIns: SignIn[]) {
  const ids = new Set(signIns.map((signIn) => signIn.sessionId))
  const runs = stack.sessionManager.traces
    .list()
    .filter((trace) => ids.has(trace.sessionId))
    .flatMap((trace) => trace.rounds.flatMap((round) => round.apps))
    .filter((run) => run.app === 'pricing-session')

  const byStatus: Record<string, number> = {}
  // The answers' `x-pricing-session-cache`.
  const bySource: Record<string, number> = {}

  for (const run of runs) {
    bump(
      byStatus,
      run.httpStatus ? `${run.status} ${run.httpStatus}` : run.status
    )
    if (run.cache) bump(bySource, run.cache)
  }

  const ms = runs.map((run) => run.durationMs).sort((a, b) => a - b)

  return {
    calls: runs.length,
    p50Ms: percentile(ms, 0.5),
    p99Ms: percentile(ms, 0.99),
    byStatus,
    bySource,
  }
}

function upstreamCalls(platform: Platform) {
  const { graphql, pricing, settings, vbase } = platform.stats()

  return {
    graphql: graphql.calls,
    pricing: pricing.calls,
    settings: settings.calls,
    total: graphql.calls + pricing.calls + settings.calls,
    vbaseReads: vbase.get,
    vbaseWrites: vbase.put,
  }
}

/** How long the replicas' idle burn is sampled, just before the wave. */
const IDLE_SAMPLE_MS = 2000

/** CPU of the processes together, µs. */
const cpuOf = (pids: number[]) => pids.map(cpuUsOf).reduce((a, b) => a + b, 0)

/** Runs the plan through the stack's Session Manager; faults are reset after. */
export async function runWave(plan: WavePlan, stack: LocalStack) {
  await warmUp(stack)
  const client = shopperClient(stack.sessionManager.url)
  const pids = stack.replicas.replicas().map(({ child }) => child.pid ?? 0)
  const idleFrom = cpuOf(pids)

  await sleep(IDLE_SAMPLE_MS)
  const cpuBefore = cpuOf(pids)
  const idleCpuUsPerSecond = (cpuBefore - idleFrom) / (IDLE_SAMPLE_MS / 1000)
  const harnessCpu = process.cpuUsage()
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })

  loopDelay.enable()
  const started = performance.now()
  const clock = () => performance.now() - started
  const signIns: Array<Promise<SignIn>> = []
  const { faults } = stack.platform
  const inFlight = new Set<Promise<unknown>>()
  let queued = 0

  stack.platform.resetStats()
  const faultOn = setTimeout(
    () => faults.set({ pricing: { fault: { kind: 'down' } } }),
    plan.fault.fromMs
  )

  const faultOff = setTimeout(
    () => faults.set({ pricing: { fault: null } }),
    plan.fault.toMs
  )

  try {
    for (const [i, email] of plan.shoppers.entries()) {
      const due = (i * plan.windowMs) / plan.shoppers.length

      while (clock() < due) {
        // eslint-disable-next-line no-await-in-loop -- the arrival schedule
        await sleep(Math.min(5, Math.max(1, due - clock())))
      }

      if (inFlight.size >= plan.maxInFlight) queued += 1
      while (inFlight.size >= plan.maxInFlight) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.race(inFlight)
      }

      const signIn = client.signIn(email, clock)
      const settled: Promise<unknown> = signIn
        .catch(() => undefined)
        .then(() => inFlight.delete(settled))

      inFlight.add(settled)
      signIns.push(signIn)
    }

    const done = await Promise.all(signIns)
    const durationMs = clock()
    const transforms = transformCalls(stack, done)
    const cpuUs = cpuOf(pids) - cpuBefore
    const { user, system } = process.cpuUsage(harnessCpu)

    loopDelay.disable()
    const idleUs = (idleCpuUsPerSecond * durationMs) / 1000
    const calls = Math.max(1, transforms.calls)

    const verdicts = done.map((signIn) =>
      judge(signIn, plan.wanted(signIn.email))
    )

    const inFault = (signIn: SignIn) =>
      signIn.startedMs >= plan.fault.fromMs &&
      signIn.startedMs < plan.fault.toMs

    const ms = done.map((signIn) => signIn.ms).sort((a, b) => a - b)

    return {
      shoppers: done.length,
      /** Arrivals that waited for the in-flight cap. */
      queued,
      verdicts: countsOf(verdicts),
      verdictsDuringFault: countsOf(
        verdicts.filter((_, i) => inFault(done[i]))
      ),
      signInP50Ms: percentile(ms, 0.5),
      signInP99Ms: percentile(ms, 0.99),
      transforms,
      upstream: upstreamCalls(stack.platform),
      /**
       * All replicas' CPU over the wave, less what they burn idle (timers,
       * metrics: measured just before), ÷ every transform call they answered.
       */
      cpuUsPerTransform: Math.max(0, cpuUs - idleUs) / calls,
      grossCpuUsPerTransform: cpuUs / calls,
      idleCpuUsPerSecond,
      timeline: timelineOf(done, verdicts, plan.windowMs),
      /**
       * This process (Session Manager, stand-ins, routers, shoppers): its
       * share of one core and its event loop's delay, to tell a slow app
       * from a slow harness.
       */
      harness: {
        cpuShare: (user + system) / 1000 / durationMs,
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      },
    }
  } finally {
    clearTimeout(faultOn)
    clearTimeout(faultOff)
    faults.set({ pricing: { fault: null } })
    client.close()
  }
}

export type WaveResult = Awaited<ReturnType<typeof runWave>>
