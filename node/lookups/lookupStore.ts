import { LookupDocuments } from '../cache/lookupDocuments'

const perRequest = new WeakMap<Context, LookupDocuments>()

/**
 * The cache id both lookups of a transform use, so that they share one VBase
 * document (cache/lookupDocuments.ts).
 */
export const lookupId = (organization: string, costCenterId: string) =>
  `${organization}/${costCenterId}`

/** The request's VBase store for its lookups, built on first use. */
export function lookupStoreOf(ctx: Context) {
  let store = perRequest.get(ctx)

  if (!store) {
    const { account, workspace } = ctx.vtex

    store = new LookupDocuments(
      () => ctx.clients.vbase,
      `${account}:${workspace}`
    )
    perRequest.set(ctx, store)
  }

  return store
}
