/**
 * What the load test needs besides the shared kit: sessions driven through
 * the Session Manager emulator, mixed traffic and its judge, fault windows,
 * RSS sampling, percentiles.
 */
import { readFileSync } from 'fs'

import { SessionClient } from '../../../testkit/sessionManagerTestKit'
import type { Fixtures, TenantId } from '../../../local/platform'
import { loadFixtures, tenantData } from '../../../local/platform'
import type { RunningSessionManager } from '../../../local/sessionManager'
import type { SessionInputs, Tenant } from './reliabilityKit'
import { inputsOf } from './reliabilityKit'
import type { Verdict } from './loadFaults'
import { expectedSessionFields } from './sessionFields'

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

/**
 * A tenant's own data (local/platform `tenantFixtures`): the fixtures' ids,
 * with every value the transform answers tagged with the tenant, so an
 * answer from another tenant's cache entry or key is a wrong answer.
 */
export function tenantVariant(base: Fixtures, tenant: TenantId): Fixtures {
  const tag = `${tenant.account}/${tenant.workspace}`

  return {
    ...base,
    costCenters: base.costCenters.map((costCenter) => ({
      ...costCenter,
      addresses: costCenter.addresses.map((address) => ({
        ...address,
        postalCode: `${address.postalCode} ${tag}`,
        state: `${address.state} ${tag}`,
      })),
    })),
    pricing: base.pricing.map((row) => ({
      ...row,
      priceTable: `${row.priceTable}@${tag}`,
      storeNumber: `${row.storeNumber}@${tag}`,
    })),
  }
}

/** Each tenant's fixtures, as the stand-ins answer them (made once each). */
export const tenantFixtures = () =>
  tenantData(loadFixtures(), 'unused', tenantVariant).fixturesOf

/** Session fields that differ from what the fixtures imply for `inputs`. */
function sessionMismatches(
  fields: Record<string, string>,
  { inputs, fixtures }: { inputs: SessionInputs; fixtures: Fixtures },
  step: string
) {
  const wanted = expectedSessionFields(inputs, fixtures)

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
  email: string,
  fixtures: Fixtures
): Promise<string[]> {
  const client = new SessionClient(manager.url)
  const inputs: SessionInputs = inputsOf(email, fixtures)

  await client.create()
  const mismatches = sessionMismatches(
    await client.signIn(email),
    { inputs, fixtures },
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
        { inputs: { ...inputs, costCenterAddressId: addressId }, fixtures },
        `${email} chose ${addressId}`
      )
    )
  }

  await client.signOut()
  mismatches.push(
    ...sessionMismatches(
      await client.fields(),
      { inputs: {}, fixtures },
      `${email} signed out`
    )
  )

  return mismatches
}

export interface TrafficItem {
  tenant: Tenant
  inputs: SessionInputs
}

/**
 * Mixed traffic, reproducible: 80 % on 20 hot tenants (memory hits), 20 %
 * over 1 200 tenants (misses); 70 % fixture shoppers, 10 % no cost center,
 * 10 % unknown cost centers (20 ids: sessions of deleted cost centers), 10 %
 * a cost center of another organization. Floods of made-up ids, which the
 * cold-lookup budget refuses, are coldLookupBudget.test.ts's and the bench's.
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
    const unknown = `cc-x${Math.floor(random() * 20)}`

    if (roll < 0.7) return { tenant, inputs: pick(users) }
    if (roll < 0.8) return { tenant, inputs: {} }
    if (roll < 0.9) {
      return { tenant, inputs: { costcenter: unknown, organization: 'org-1' } }
    }

    return { tenant, inputs: { costcenter: 'cc-3', organization: 'org-1' } }
  }
}

const keyOf = ({ tenant, inputs }: TrafficItem) =>
  `${tenant.account}/${tenant.workspace} ${JSON.stringify(inputs)}`

/** What the run saw, per answer and per session. */
export class RunRecord {
  constructor(private readonly fixturesOf: (tenant: Tenant) => Fixtures) {}

  public latencies: number[] = []
  public verdicts: Record<Verdict, number> = { exact: 0, degraded: 0, wrong: 0 }
  /** Answers that met a fault able to fail one of their lookups. */
  public mayDegrade = 0
  public wrong: unknown[] = []
  /** Every (tenant, inputs) answered degraded at least once. */
  public degraded = new Map<string, TrafficItem>()
  public sessions = 0
  public sessionMismatches: string[] = []
  public tenants = new Set<string>()
  public costCenterKeys = new Set<string>()

  public answer(item: TrafficItem, verdict: Verdict, detail: unknown) {
    const { account, workspace } = item.tenant

    this.verdicts[verdict] += 1
    this.tenants.add(`${account}/${workspace}`)
    if (item.inputs.costcenter) {
      this.costCenterKeys.add(
        `${account}/${workspace}/${item.inputs.costcenter}`
      )
    }

    if (verdict === 'degraded') this.degraded.set(keyOf(item), item)
    if (verdict === 'wrong' && this.wrong.length < 5) this.wrong.push(detail)
  }

  public async session(
    manager: RunningSessionManager,
    tenant: Tenant,
    email: string
  ) {
    this.sessions += 1
    this.sessionMismatches.push(
      ...(await driveSession(manager, email, this.fixturesOf(tenant)))
    )
  }
}
