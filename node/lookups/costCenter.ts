import { cached } from '../cache/cached'
import { COST_CENTER_POLICY } from '../cache/policies'
import { lookupId, lookupStoreOf } from './lookupStore'

/**
 * The cost center from B2B Organizations, `null` if it does not exist. Cached
 * per (organization, cost center), the pricing lookup's id: one VBase
 * document holds both.
 */
export function resolveCostCenter(
  ctx: Context,
  organization: string,
  costCenterId: string
) {
  const { account, workspace } = ctx.vtex

  return cached(
    { account, workspace, id: lookupId(organization, costCenterId) },
    () => ctx.clients.costCenters.getCostCenterById(costCenterId),
    {
      ...COST_CENTER_POLICY,
      vbase: () => lookupStoreOf(ctx),
      logger: ctx.vtex.logger,
    }
  )
}
