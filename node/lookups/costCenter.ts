import { cached } from '../cache/cached'
import { COST_CENTER_POLICY } from '../cache/policies'
import type { CostCenterPair } from '../clients/costCenterClient'
import {
  checkColdLookupBudget,
  spendColdLookupBudget,
} from './coldLookupBudget'

/** Both lookups of a pair: keyed by it, stored in the tenant's VBase. */
export const pairKey = (
  { vtex, clients }: Context,
  { organization, costCenterId }: CostCenterPair
) => ({
  account: vtex.account,
  workspace: vtex.workspace,
  id: `${organization}/${costCenterId}`,
  vbase: () => clients.vbase,
  logger: vtex.logger,
})

/**
 * The cost center from B2B Organizations, `null` if it does not exist. Cached
 * per (organization, cost center): the transform trusts it only for the
 * session's organization. A pair B2B does not confirm is cached too (so it
 * costs one call), and spends the tenant's cold-lookup budget.
 */
export function resolveCostCenter(ctx: Context, pair: CostCenterPair) {
  const { organization, costCenterId } = pair

  return cached(
    pairKey(ctx, pair),
    async () => {
      checkColdLookupBudget(ctx)
      const costCenter = await ctx.clients.costCenters.getCostCenterById(
        costCenterId
      )

      if (costCenter?.organization !== organization) spendColdLookupBudget(ctx)

      return costCenter
    },
    COST_CENTER_POLICY
  )
}
