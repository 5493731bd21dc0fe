/**
 * What a signed-in fixture shopper's session holds once the whole local
 * platform has run: their B2B organization and cost center, the pricing row
 * of that cost center (`""` without one), the address the app propagates and
 * checkout's region for it. The end-to-end tests compare sessions with it.
 */
import { deriveRegionId } from '../local/nativeApps/wire'
import type { Fixtures } from '../local/platform'

export function fixtureFieldsOf(fixtures: Fixtures, email: string) {
  const user = fixtures.users.find((candidate) => candidate.email === email)
  const costCenter = fixtures.costCenters.find(
    ({ id }) => id === user?.costcenter
  )

  const address =
    costCenter?.addresses.find(
      ({ addressId }) => addressId === user?.costCenterAddressId
    ) ?? costCenter?.addresses[0]

  const row = fixtures.pricing.find(
    (candidate) =>
      candidate.organization === user?.organization &&
      candidate.costcenter === user?.costcenter
  )

  if (!user || !address) throw new Error(`no fixture address for ${email}`)

  return {
    'storefront-permissions.organization': user.organization,
    'storefront-permissions.costcenter': user.costcenter,
    'pricing.priceTable': row?.priceTable ?? '',
    'pricing.storeNumber': row?.storeNumber ?? '',
    'public.postalCode': address.postalCode,
    'public.country': address.country,
    'public.state': address.state,
    'checkout.regionId': deriveRegionId(address.country, address.postalCode),
  }
}
