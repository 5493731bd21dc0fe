/**
 * The load test's fault windows and its judge: an answer is what the
 * tenant's fixtures imply, or the documented degraded answer of a lookup
 * that a fault met by this very request could make fail.
 */
import { isDeepStrictEqual } from 'util'

import type { TransformAnswer } from '../../../local/appStack'
import type { Fixtures } from '../../../local/platform'
import type { SessionInputs } from './reliabilityKit'
import {
  cacheHeader,
  expectedAnswer,
  NO_PRICING,
  sleep,
  withoutPricing,
} from './reliabilityKit'

export type Lookup = 'costCenter' | 'pricing'

/** Faults set at `startMs` and cleared at `endMs` of the run. */
export interface FaultWindow {
  startMs: number
  endMs: number
  faults: Record<string, unknown>
  /** The lookups these faults can make fail (none: the app covers them). */
  fails: Lookup[]
  /**
   * How long a lookup started in the window can go on failing after it
   * clears (a stalled attempt, a retry), which a later request that joins
   * it (single flight) meets too.
   */
  tailMs: number
  setAt?: number
  clearedAt?: number
}

/** Plays the windows in order; records when each was really set/cleared. */
export async function playFaultWindows(
  platform: { faults: { set(faults: unknown): unknown; reset(): void } },
  windows: FaultWindow[],
  elapsed: () => number
) {
  for (const window of windows) {
    /* eslint-disable no-await-in-loop */
    await sleep(window.startMs - elapsed())
    platform.faults.set(window.faults)
    window.setAt = elapsed()
    await sleep(window.endMs - elapsed())
    platform.faults.reset()
    window.clearedAt = elapsed()
    /* eslint-enable no-await-in-loop */
  }
}

/** The lookups that may fail for a request running from `from` to `to`. */
export function failableLookups(
  windows: FaultWindow[],
  [from, to]: [number, number]
): Set<Lookup> {
  const met = windows.filter(
    ({ setAt, clearedAt, tailMs }) =>
      setAt !== undefined &&
      to >= setAt &&
      from <= (clearedAt ?? Infinity) + tailMs
  )

  return new Set(met.flatMap(({ fails }) => fails))
}

/** The share of the run's time during which some lookup may fail. */
export function faultedShare(windows: FaultWindow[], durationMs: number) {
  const faulted = windows.reduce(
    (total, { startMs, endMs, tailMs, fails }) =>
      total + (fails.length > 0 ? endMs - startMs + tailMs : 0),
    0
  )

  return faulted / durationMs
}

/** node/index.ts: two 800 ms attempts 50 ms apart, plus slack. */
const STALL_TAIL_MS = 1800
/** A fault that fails at once: the retry 50 ms later, plus slack. */
const QUICK_TAIL_MS = 300

const pricing = (fault: unknown) => ({ pricing: { fault } })

/**
 * Five windows, 4.6 s of faults in 20 s. A VBase fault fails no lookup (the
 * app degrades to the upstream), so no answer may be degraded then.
 */
export const FAULT_WINDOWS: FaultWindow[] = [
  {
    startMs: 3000,
    endMs: 4000,
    faults: pricing({ kind: 'status', status: 503 }),
    fails: ['pricing'],
    tailMs: QUICK_TAIL_MS,
  },
  {
    startMs: 6500,
    endMs: 7500,
    faults: { graphql: { fault: { kind: 'down' } } },
    fails: ['costCenter'],
    tailMs: QUICK_TAIL_MS,
  },
  {
    startMs: 10000,
    endMs: 11000,
    faults: { vbase: { fault: { kind: 'slow', ms: 400 } } },
    fails: [],
    tailMs: 0,
  },
  {
    startMs: 13500,
    endMs: 14500,
    faults: {
      ...pricing({ kind: 'slow', ms: 1200 }),
      settings: { fault: { kind: 'status', status: 500 } },
    },
    fails: ['pricing'],
    tailMs: STALL_TAIL_MS,
  },
  {
    startMs: 17000,
    endMs: 17600,
    faults: {
      vbase: { fault: { kind: 'corrupt' } },
      graphql: { fault: { kind: 'status', status: 429 } },
    },
    fails: ['costCenter'],
    tailMs: QUICK_TAIL_MS,
  },
]

export type Verdict = 'exact' | 'degraded' | 'wrong'

/** Which lookups the cache header says failed or timed out. */
function failedLookups(answer: TransformAnswer): Lookup[] {
  const header = cacheHeader(answer) ?? ''

  return (['costCenter', 'pricing'] as const).filter(
    (lookup) =>
      header.includes(`${lookup}=failed`) ||
      header.includes(`${lookup}=timeout`)
  )
}

/** What was asked, and of whose data: the tenant's fixtures. */
export interface Asked {
  inputs: SessionInputs
  fixtures: Fixtures
}

export function judge(
  { inputs, fixtures }: Asked,
  answer: TransformAnswer,
  failable: Set<Lookup>
): Verdict {
  const expected = expectedAnswer(inputs, fixtures)

  if (answer.status !== 200) return 'wrong'
  if (isDeepStrictEqual(answer.body, expected)) return 'exact'
  const failed = failedLookups(answer)

  if (failed.length === 0) return 'wrong'
  // Pricing waits for B2B's word on the cost center: it fails with it.
  const causes = failed.includes('costCenter')
    ? ['costCenter' as const]
    : failed

  if (!causes.every((lookup) => failable.has(lookup))) return 'wrong'
  const degraded = failed.includes('costCenter')
    ? { pricing: NO_PRICING }
    : withoutPricing(expected)

  return isDeepStrictEqual(answer.body, degraded) ? 'degraded' : 'wrong'
}
