import { sfpInputs } from '../local/appStack'
import type { Fixtures } from '../local/platform'
import { loadFixtures } from '../local/platform'
import type { VBaseFile } from '../local/platform/vbase'
import {
  address,
  BENCH_TENANT,
  addressId,
  cacheIds,
  costCenter,
  costCenterId,
  ORGANIZATION,
  pricing,
} from './benchValues'

export { BENCH_TENANT }

/** Upstream-call counter keys (local/platform/stats.ts) of key n. */
export const upstreamKeys = (n: number) => ({
  graphql: cacheIds(n).costCenter,
  pricing: cacheIds(n).pricing,
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

/** The two VBase documents the app's cache writes for key n. */
export function storedDocuments(
  n: number,
  fetchedAt: number,
  app: string
): Array<{ file: VBaseFile; body: Buffer }> {
  const document = (bucket: string, path: string[], value: unknown) => ({
    file: { ...BENCH_TENANT, app, bucket, path },
    body: Buffer.from(JSON.stringify({ value, fetchedAt })),
  })

  return [
    document('cost-centers', [costCenterId(n)], costCenter(n)),
    document('pricing', [ORGANIZATION, costCenterId(n)], pricing(n)),
  ]
}
