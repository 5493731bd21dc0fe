import type { Fixtures } from './fixtures'

export interface TenantId {
  account: string
  workspace: string
}

/** Derives one tenant's data from the shared fixtures (ids kept, values its own). */
export type TenantVariant = (base: Fixtures, tenant: TenantId) => Fixtures

/**
 * Which data each tenant's upstreams answer. B2B Organizations sees the
 * tenant in its URL; the merchant's pricing backend only sees an API key, so
 * each tenant's settings carry a key of its own and the key picks the data.
 */
export interface TenantData {
  fixturesOf(tenant: TenantId): Fixtures
  apiKeyOf(tenant: TenantId): string
  /** The data a presented key unlocks; null is a refused key (401). */
  fixturesForKey(key: string | undefined): Fixtures | null
}

const MAX_VARIANTS = 10_000

/**
 * Every tenant the same fixtures and the one key (`npm start`, most tests),
 * or, given a variant, each tenant its own: a cache or a key that mixes
 * tenants up then answers another tenant's values.
 */
export function tenantData(
  fixtures: Fixtures,
  apiKey: string,
  variant?: TenantVariant
): TenantData {
  if (!variant) {
    return {
      fixturesOf: () => fixtures,
      apiKeyOf: () => apiKey,
      fixturesForKey: (key) => (key === apiKey ? fixtures : null),
    }
  }

  const variants = new Map<string, Fixtures>()
  const fixturesOf = (tenant: TenantId) => {
    const name = `${tenant.account}:${tenant.workspace}`
    let own = variants.get(name)

    if (!own) {
      if (variants.size >= MAX_VARIANTS) variants.clear()
      own = variant(fixtures, tenant)
      variants.set(name, own)
    }

    return own
  }

  return {
    fixturesOf,
    apiKeyOf: ({ account, workspace }) => `${apiKey}:${account}:${workspace}`,
    fixturesForKey(key) {
      if (key === apiKey) return fixtures
      const [shared, account, workspace, ...rest] = (key ?? '').split(':')

      if (shared !== apiKey || !account || !workspace || rest.length > 0) {
        return null
      }

      return fixturesOf({ account, workspace })
    },
  }
}
