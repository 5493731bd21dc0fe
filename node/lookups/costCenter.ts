import { cached } from '../cache/cached'
import { COST_CENTER_POLICY } from '../cache/policies'

/**
 * The cost center from B2B Organizations, `null` if it does not exist. Cached
 * per (organization, cost center): the transform trusts it only for the
 * session's organization.
 */
export function resolveCostCenter(
  ctx: Context,
  organization: string,
  costCenterId: string
) {
  const { account, workspace } = ctx.vtex

  return cached(
    { account, workspace, id: `${organization}/${costCenterId}` },
    () => ctx.clients.costCenters.getCostCenterById(costCenterId),
    {
      ...COST_CENTER_POLICY,
      vbase: () => ctx.clients.vbase,
      logger: ctx.vtex.logger,
    }
  )
}
