/**
 * One worker serves many accounts and workspaces: everything it counts is
 * kept per tenant, and each tenant's status route reads only its own.
 */
export const tenantOf = ({
  account,
  workspace,
}: {
  account: string
  workspace: string
}) => `${account}:${workspace}`
