import { UpstreamError } from '../clients/upstreamError'
import { throttledWarn } from '../observability/throttledWarn'
import { tenantOf } from '../observability/tenant'

/**
 * The transform route is public: anyone may POST made-up ids, and each pair
 * not in memory or VBase would cost a call to B2B. A store's own shoppers
 * almost never send a pair B2B does not confirm (a cost center deleted under
 * a live session), so only those spend this budget, per tenant and worker: a
 * sign-in wave of real buyers spends nothing. Once it is spent, no pair that
 * is not already known reaches B2B until it refills; known pairs are answered
 * from memory and VBase as always.
 */
export const COLD_LOOKUP_BUDGET = {
  /** Unconfirmed pairs a tenant may look up at once. */
  burst: 20,
  /** Refill: one more every second. */
  perSecond: 1,
}

interface Allowance {
  tokens: number
  at: number
}

// Accounts × workspaces this worker serves: far below the bound.
const MAX_TENANTS = 1_000
const allowances = new Map<string, Allowance>()

function allowanceOf(tenant: string, now: number) {
  const allowance = allowances.get(tenant)

  if (!allowance) {
    if (allowances.size >= MAX_TENANTS) {
      allowances.delete(allowances.keys().next().value as string)
    }

    const fresh = { tokens: COLD_LOOKUP_BUDGET.burst, at: now }

    allowances.set(tenant, fresh)

    return fresh
  }

  const refill = ((now - allowance.at) / 1000) * COLD_LOOKUP_BUDGET.perSecond

  allowance.tokens = Math.min(
    COLD_LOOKUP_BUDGET.burst,
    allowance.tokens + refill
  )
  allowance.at = now

  return allowance
}

/** Throws, without calling anyone, when the tenant's budget is spent. */
export function checkColdLookupBudget(ctx: Context) {
  const tenant = tenantOf(ctx.vtex)

  if (allowanceOf(tenant, Date.now()).tokens >= 1) return

  throttledWarn(ctx.vtex.logger, `${tenant} cold lookups refused`, {
    message:
      'transform: cold lookups refused, too many ids B2B did not confirm',
    code: 'cold-lookup-budget',
  })
  throw new UpstreamError(
    'cold lookups refused: too many ids B2B did not confirm',
    'cold-lookup-budget'
  )
}

/** A pair B2B did not confirm: it spends one from the tenant's budget. */
export function spendColdLookupBudget(ctx: Context) {
  allowanceOf(tenantOf(ctx.vtex), Date.now()).tokens -= 1
}

/** Every tenant's budget back to full (tests). */
export function resetColdLookupBudgets() {
  allowances.clear()
}
