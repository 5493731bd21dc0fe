import { LRUCache } from 'lru-cache'

import type { MemoryLease } from '../cache/memoryLease'
import { leaseHolds, memoryLease } from '../cache/memoryLease'
import { COST_CENTER_POLICY, PRICING_POLICY } from '../cache/policies'
import type { CostCenter } from '../clients/costCenterClient'
import type { Pricing } from '../clients/pricingClient'
import { lookupId } from '../lookups/lookupStore'

/**
 * The warm path: a transform whose two lookups this worker holds fresh in its
 * LRU gets the same bytes as last time, without redoing the lookups, the
 * answer or its serialization. An answer is kept only as long as the LRU
 * entries it was computed from: evicted, expired, replaced by a refresh or
 * stale, and the next transform goes through `cached()` again (so a stale
 * entry is still revalidated in the background).
 */
interface MemoizedAnswer {
  body: Buffer
  leases: MemoryLease[]
}

/** What the memo answers in `x-pricing-session-cache`: both leases hold. */
export const MEMOIZED_SOURCES = 'costCenter=lru, pricing=lru'

// As many answers as the pricing LRU holds entries: an answer outliving its
// entries is dead weight.
const answers = new LRUCache<string, MemoizedAnswer>({
  max: PRICING_POLICY.lruMax,
})

// Ids cannot hold control characters (readTransformInputs' ID_PATTERN).
const ABSENT = '\u0001'

/** Tenant and every input the answer depends on. */
function memoKey(ctx: Context) {
  const { account, workspace } = ctx.vtex
  const { costcenter, organization, costCenterAddressId } = ctx.state.inputs

  return `${account}\n${workspace}\n${organization}\n${costcenter}\n${
    costCenterAddressId ?? ABSENT
  }`
}

/**
 * The bytes answered last time for this tenant and these inputs, if both
 * leases hold; each lookup is then counted and timed as an LRU hit.
 */
export function recallAnswer(ctx: Context): Buffer | undefined {
  const key = memoKey(ctx)
  const memoized = answers.get(key)

  if (memoized === undefined) return undefined
  const now = Date.now()

  if (memoized.leases.every((lease) => leaseHolds(lease, now))) {
    // As `cached()` would have: both lookups answered from memory.
    for (const lease of memoized.leases) lease.stats.answered('lru', 0)
    ctx.state.timings?.answeredFromMemory()

    return memoized.body
  }

  answers.delete(key)

  return undefined
}

/**
 * Keeps `ctx.body` for these inputs if both values it was computed from are
 * the fresh entries of this worker's LRU (never an answer from a failed or
 * unfinished lookup: the caller passes only resolved values).
 */
export function memoizeAnswer(
  ctx: Context,
  costCenter: CostCenter | null,
  pricing: Pricing | null
) {
  const { account, workspace } = ctx.vtex
  const { costcenter = '', organization = '' } = ctx.state.inputs
  const key = { account, workspace, id: lookupId(organization, costcenter) }
  const leases = [
    memoryLease(key, COST_CENTER_POLICY, costCenter),
    memoryLease(key, PRICING_POLICY, pricing),
  ]

  if (leases.some((lease) => lease === undefined)) return
  answers.set(memoKey(ctx), {
    body: Buffer.from(JSON.stringify(ctx.body)),
    leases: leases as MemoryLease[],
  })
}

/** Forgets every memoized answer (tests). */
export function clearAnswerMemo() {
  answers.clear()
}
