import { UpstreamError } from '../clients/upstreamError'
import { throttledWarn } from '../observability/throttledWarn'
import { perTenant, tenantOf } from '../observability/tenant'

/**
 * The transform route is public: anyone may POST made-up ids, each a call to
 * B2B. Only pairs B2B does not confirm (rare for real shoppers) spend this
 * budget, per tenant and worker; once spent, no unknown pair reaches B2B
 * until it refills. A sign-in wave of real buyers spends nothing.
 */
export const COLD_LOOKUP_BUDGET = {
  /** Unconfirmed pairs a tenant may look up at once. */
  burst: 20,
  /** Refill: one more every second. */
  perSecond: 1,
}

const allowances = perTenant(() => ({
  tokens: COLD_LOOKUP_BUDGET.burst,
  at: Date.now(),
}))

function allowanceOf(ctx: Context) {
  const allowance = allowances.of(tenantOf(ctx.vtex))
  const now = Date.now()
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
  if (allowanceOf(ctx).tokens >= 1) return

  throttledWarn(ctx.vtex.logger, `${tenantOf(ctx.vtex)} cold lookups refused`, {
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
  allowanceOf(ctx).tokens -= 1
}
