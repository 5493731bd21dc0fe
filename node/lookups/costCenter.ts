import { cached } from '../cache/cached'
import { COST_CENTER_POLICY } from '../cache/policies'

/** The cost center from B2B Organizations, `null` if it does not exist. */
export function resolveCostCenter(ctx: Context, costCenterId: string) {
  const { account, workspace } = ctx.vtex

  return cached(
    { account, workspace, id: costCenterId },
    () => ctx.clients.costCenters.getCostCenterById(costCenterId),
    {
      ...COST_CENTER_POLICY,
      vbase: () => ctx.clients.vbase,
      logger: ctx.vtex.logger,
    }
  )
}
