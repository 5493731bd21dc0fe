/**
 * Benchmark key n: cost center `bench-cc-{n}` of organization `bench-org`,
 * with one address and a price table. Tiers use disjoint ranges of n. No
 * imports: the in-process memory child loads only this and the app's cache.
 */
/** The account and workspace every benchmark request is routed for. */
export const BENCH_TENANT = { account: 'acme', workspace: 'master' }

export const ORGANIZATION = 'bench-org'
export const costCenterId = (n: number) => `bench-cc-${n}`
export const addressId = (n: number) => `bench-addr-${n}`

export const address = (n: number) => ({
  addressId: addressId(n),
  postalCode: String(10000 + (n % 90000)),
  country: 'USA',
  state: 'NY',
})

/** The cost center the app caches for key n (the GraphQL answer's fields). */
export const costCenter = (n: number) => ({
  id: costCenterId(n),
  organization: ORGANIZATION,
  addresses: [address(n)],
})

export const pricing = (n: number) => ({
  priceTable: `bench-table-${n % 50}`,
  storeNumber: String(n % 10000).padStart(4, '0'),
})

/**
 * The cache id of key n: both lookups use the (organization, cost center)
 * pair, each in its own VBase bucket.
 */
export const cacheIds = (n: number) => ({
  costCenter: `${ORGANIZATION}/${costCenterId(n)}`,
  pricing: `${ORGANIZATION}/${costCenterId(n)}`,
})
