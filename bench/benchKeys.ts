/**
 * Benchmark key n: cost center `bench-cc-{n}` of organization `bench-org`,
 * with one address and a price table. Tiers use disjoint ranges of n.
 */
import { sfpInputs } from '../local/appStack'
import type { Fixtures } from '../local/platform'
import { loadFixtures } from '../local/platform'
import type { VBaseFile } from '../local/platform/vbase'

/**
 * Key ranges per tier. Keys below UPSTREAM_KEYS exist in
 * the upstream stand-ins; higher ones only ever come from VBase.
 */
export const KEYS = {
  lruHit: 0,
  stampede: 1,
  cold: { from: 2, to: 3_000 },
  stale: { from: 3_000, to: 6_000 },
  vbaseHit: { from: 100_000, to: 106_000 },
  memory: { from: 1_000_000 },
}

export const UPSTREAM_KEYS = KEYS.stale.to

/** The account and workspace every benchmark request is routed for. */
export const BENCH_TENANT = { account: 'acme', workspace: 'master' }

const ORGANIZATION = 'bench-org'
const costCenterId = (n: number) => `bench-cc-${n}`
const addressId = (n: number) => `bench-addr-${n}`

const address = (n: number) => ({
  addressId: addressId(n),
  postalCode: String(10000 + (n % 90000)),
  country: 'USA',
  state: 'NY',
})

const pricing = (n: number) => ({
  priceTable: `bench-table-${n % 50}`,
  storeNumber: String(n % 10000).padStart(4, '0'),
})

/** Upstream-call counter keys (local/platform/stats.ts) of key n. */
export const upstreamKeys = (n: number) => ({
  graphql: costCenterId(n),
  pricing: `${ORGANIZATION}/${costCenterId(n)}`,
})

/** The transform body Session Manager would send for key n. */
export function transformBody(n: number) {
  return JSON.stringify(
    sfpInputs({
      costcenter: costCenterId(n),
      organization: ORGANIZATION,
      costCenterAddressId: addressId(n),
    })
  )
}

/**
 * What the app answers for key n once both lookups are in memory, headers and
 * bytes (docs/README.md's contract; the benchmark checks it against the app).
 */
export function lruHitAnswer(n: number) {
  const { postalCode, country, state } = address(n)
  const value = (text: string) => ({ value: text })

  return {
    headers: {
      'cache-control': 'no-cache, no-store',
      'x-pricing-session-cache': 'costCenter=lru, pricing=lru',
    },
    body: JSON.stringify({
      pricing: {
        priceTable: value(pricing(n).priceTable),
        storeNumber: value(pricing(n).storeNumber),
        // What the app records having propagated (a first round: the
        // session held no record yet).
        appliedAddress: value(
          JSON.stringify({
            from: `${ORGANIZATION}/${costCenterId(n)}/${addressId(n)}`,
            postalCode,
            country,
            state,
          })
        ),
      },
      public: {
        postalCode: value(postalCode),
        country: value(country),
        state: value(state),
      },
    }),
  }
}

/**
 * local/fixtures.json plus keys [0, count) for the upstream stand-ins. The
 * stand-ins search fixtures linearly: keep count to the keys that really go
 * upstream (a few thousand), not the 100k memory keys.
 */
export function benchFixtures(count: number): Fixtures {
  const base = loadFixtures()
  const keys = Array.from({ length: count }, (_, n) => n)

  return {
    users: base.users,
    costCenters: [
      ...base.costCenters,
      ...keys.map((n) => ({
        id: costCenterId(n),
        organization: ORGANIZATION,
        name: `Bench ${n}`,
        addresses: [{ ...address(n), city: 'Bench', street: 'Main St' }],
      })),
    ],
    pricing: [
      ...base.pricing,
      ...keys.map((n) => ({
        organization: ORGANIZATION,
        costcenter: costCenterId(n),
        ...pricing(n),
      })),
    ],
  }
}

/**
 * The VBase documents the app's cache writes for key n: one per lookup, in
 * the lookup's bucket, both under the (organization, cost center) pair.
 */
export function storedDocuments(
  n: number,
  fetchedAt: number,
  app: string
): Array<{ file: VBaseFile; body: Buffer }> {
  const values = {
    // The fields of the GraphQL answer that the app caches.
    'cost-centers': {
      id: costCenterId(n),
      organization: ORGANIZATION,
      addresses: [address(n)],
    },
    pricing: pricing(n),
  }

  return Object.entries(values).map(([bucket, value]) => ({
    file: {
      ...BENCH_TENANT,
      app,
      bucket,
      path: [ORGANIZATION, costCenterId(n)],
    },
    body: Buffer.from(JSON.stringify({ value, fetchedAt })),
  }))
}
