import { LRUCache } from 'lru-cache'

/**
 * One worker serves many accounts and workspaces: what it counts is kept per
 * tenant (`account:workspace`), and each reads only its own.
 */
export const tenantOf = ({
  account,
  workspace,
}: {
  account: string
  workspace: string
}) => `${account}:${workspace}`

// Far above what one worker serves: past it, the least recent is forgotten.
const MAX_TENANTS = 1_000

const stores: Array<{ clear(): void }> = []

/** A record per tenant, created on first use by `create`. */
export function perTenant<T extends object>(create: () => T) {
  const records = new LRUCache<string, T>({ max: MAX_TENANTS })

  stores.push(records)

  return {
    of(tenant: string) {
      let record = records.get(tenant)

      if (!record) {
        record = create()
        records.set(tenant, record)
      }

      return record
    },
    /** Without creating it (status route). */
    peek: (tenant: string) => records.peek(tenant),
  }
}

/** Forgets every tenant's records (tests). */
export function forgetTenants() {
  stores.forEach((records) => records.clear())
}
