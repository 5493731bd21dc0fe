/**
 * What the load test needs besides the shared kit: sessions driven through
 * the Session Manager emulator, mixed traffic and its judge, fault windows,
 * RSS sampling, percentiles.
 */
import { readFileSync } from 'fs'
import { isDeepStrictEqual } from 'util'

import { SessionClient } from '../../../local/__tests__/sessionManagerTestKit'
import { AUTH_COOKIE } from '../../../local/nativeApps/authenticationSession'
import { loadFixtures } from '../../../local/platform'
import type { TransformAnswer } from '../../../local/appStack'
import type { RunningSessionManager } from '../../../local/sessionManager'
import type { SessionInputs, Tenant } from './reliabilityKit'
import {
  cacheHeader,
  expectedAnswer,
  inputsOf,
  NO_PRICING,
  sleep,
  withoutPricing,
} from './reliabilityKit'

/** The worker's resident set size, from /proc (Linux). */
export function rssKiB(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)

  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`)

  return Number(match[1])
}

/** Samples a process's RSS on an interval until stopped. */
export function sampleRss(pid: number, intervalMs = 250) {
  const samples: Array<{ atMs: number; kiB: number }> = []
  const started = performance.now()
  const take = () =>
    samples.push({ atMs: performance.now() - started, kiB: rssKiB(pid) })

  take()
  const timer = setInterval(take, intervalMs)

  return {
    samples,
    stop() {
      clearInterval(timer)
      take()
    },
  }
}

/** The p-th percentile (0-100) of values, nearest rank. */
export function percentile(values: number[], p: number) {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length) - 1

  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

/** A seeded PRNG (mulberry32): the same run every time. */
export function seededRandom(seed: number) {
  let state = seed >>> 0

  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state

    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Session fields that differ from what the fixtures imply for `inputs`. */
function sessionMismatches(
  fields: Record<string, string>,
  inputs: SessionInputs,
  step: string
) {
  const { pricing, public: address } = expectedAnswer(inputs)
  const wanted: Record<string, string> = {
    'pricing.priceTable': pricing.priceTable.value,
    'pricing.storeNumber': pricing.storeNumber.value,
    ...(address && {
      'public.postalCode': address.postalCode.value,
      'public.country': address.country.value,
      'public.state': address.state.value,
    }),
  }

  return Object.entries(wanted)
    .filter(([key, value]) => fields[key] !== value)
    .map(([key, value]) => `${step}: ${key}="${fields[key]}", want "${value}"`)
}

/**
 * One shopper through the Session Manager emulator: signs in, picks another
 * address of the cost center (when there is one), signs out. Answers every
 * step where the session's fields are not what the fixtures imply.
 */
export async function driveSession(
  manager: RunningSessionManager,
  email: string
): Promise<string[]> {
  const fixtures = loadFixtures()
  const client = new SessionClient(manager.url)
  const inputs: SessionInputs = inputsOf(email, fixtures)

  await client.create()
  const mismatches = sessionMismatches(
    await client.signIn(email),
    inputs,
    `${email} signed in`
  )

  const otherAddress = fixtures.costCenters
    .find(({ id }) => id === inputs.costcenter)
    ?.addresses.find(
      ({ addressId }) => addressId !== inputs.costCenterAddressId
    )

  if (otherAddress) {
    const { addressId } = otherAddress

    await client.patch('', {
      public: { costCenterAddressId: { value: addressId } },
    })
    mismatches.push(
      ...sessionMismatches(
        await client.fields(),
        { ...inputs, costCenterAddressId: addressId },
        `${email} chose ${addressId}`
      )
    )
  }

  delete client.cookies[AUTH_COOKIE]
  await client.patch()
  mismatches.push(
    ...sessionMismatches(await client.fields(), {}, `${email} signed out`)
  )

  return mismatches
}

/** Faults set at `startMs` and cleared at `endMs` of the run. */
export interface FaultWindow {
  startMs: number
  endMs: number
  faults: Record<string, unknown>
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

/**
 * Whether a request running from `from` to `to` may have met a fault: a
 * failed lookup can outlive its window by `tailMs` (timed-out attempts).
 */
export const metFault = (
  windows: FaultWindow[],
  [from, to]: [number, number],
  tailMs: number
) =>
  windows.some(
    ({ setAt, clearedAt }) =>
      setAt !== undefined &&
      to >= setAt &&
      from <= (clearedAt ?? Infinity) + tailMs
  )

export type Verdict = 'exact' | 'degraded' | 'wrong'

/**
 * An answer is what the fixtures imply, or — only if it met a fault — the
 * documented degraded answer for the lookup its cache header says failed.
 */
export function judge(
  inputs: SessionInputs,
  answer: TransformAnswer,
  metAFault: boolean
): Verdict {
  const expected = expectedAnswer(inputs)

  if (answer.status !== 200) return 'wrong'
  if (isDeepStrictEqual(answer.body, expected)) return 'exact'
  if (!metAFault) return 'wrong'
  const header = cacheHeader(answer) ?? ''
  const degraded = header.includes('costCenter=error')
    ? { pricing: NO_PRICING }
    : header.includes('pricing=error')
    ? withoutPricing(expected)
    : undefined

  return isDeepStrictEqual(answer.body, degraded) ? 'degraded' : 'wrong'
}

export interface TrafficItem {
  tenant: Tenant
  inputs: SessionInputs
}

/**
 * Mixed traffic, reproducible: 80 % on 20 hot tenants (memory hits), 20 %
 * over 1 200 tenants (misses); 70 % fixture shoppers, 10 % no cost center,
 * 10 % unknown cost centers, 10 % a cost center of another organization.
 */
export function mixedTraffic(seed: number): () => TrafficItem {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(random() * items.length)]

  const users = loadFixtures().users.map(({ email }) => inputsOf(email))
  const tenantAt = (i: number): Tenant => ({
    account: `load-${i % 600}`,
    workspace: i < 600 ? 'master' : 'dev',
  })

  const hotTenants = Array.from({ length: 20 }, (_, i) => tenantAt(i))

  return () => {
    const tenant =
      random() < 0.8 ? pick(hotTenants) : tenantAt(Math.floor(random() * 1200))

    const roll = random()
    const unknown = `cc-x${Math.floor(random() * 2000)}`

    if (roll < 0.7) return { tenant, inputs: pick(users) }
    if (roll < 0.8) return { tenant, inputs: {} }
    if (roll < 0.9) {
      return { tenant, inputs: { costcenter: unknown, organization: 'org-1' } }
    }

    return { tenant, inputs: { costcenter: 'cc-3', organization: 'org-1' } }
  }
}
