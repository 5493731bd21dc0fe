/**
 * Store-sized fixtures, generated: organizations, their cost centers (one to
 * three addresses each, one in ten without pricing) and the shoppers who
 * buy for them (spread evenly; some picked another address of their cost
 * center). Deterministic: the same scale gives the same store.
 */
import type { FixtureAddress, Fixtures, FixtureUser } from './fixtures'
import { validateFixtures } from './fixtures'

export interface StoreScale {
  organizations: number
  costCenters: number
  shoppers: number
}

const STATES = ['NY', 'NJ', 'MA', 'TX', 'CO', 'CA', 'IL', 'WA']

export const generatedOrganization = (o: number) => `gen-org-${o}`
export const generatedCostCenter = (c: number) => `gen-cc-${c}`
export const generatedShopper = (s: number) => `shopper-${s}@gen.test`

const addressesOf = (
  c: number
): Array<FixtureAddress & { addressId: string }> =>
  Array.from({ length: 1 + (c % 3) }, (_, a) => ({
    addressId: `gen-addr-${c}-${a}`,
    postalCode: String(10000 + ((c * 7 + a * 13) % 89999)),
    country: 'USA',
    state: STATES[(c + a) % STATES.length],
    city: `City ${c}`,
    street: `${a + 1} Main St`,
  }))

/** Cost center c belongs to organization c mod organizations. */
export function generateFixtures(scale: StoreScale): Fixtures {
  const { organizations, costCenters, shoppers } = scale

  if (organizations < 1 || costCenters < organizations || shoppers < 1) {
    throw new Error('a store needs organizations ≤ cost centers, and shoppers')
  }

  const centers = Array.from({ length: costCenters }, (_, c) => ({
    id: generatedCostCenter(c),
    organization: generatedOrganization(c % organizations),
    name: `Cost center ${c}`,
    addresses: addressesOf(c),
  }))

  const users = Array.from({ length: shoppers }, (_, s): FixtureUser => {
    const center = centers[s % costCenters]
    const { addresses } = center
    // Every fourth shopper of a cost center with several addresses picked one.
    const picked =
      addresses.length > 1 && s % 4 === 3
        ? addresses[addresses.length - 1].addressId
        : undefined

    return {
      email: generatedShopper(s),
      organization: center.organization,
      costcenter: center.id,
      ...(picked && { costCenterAddressId: picked }),
    }
  })

  const pricing = centers.flatMap((center, c) =>
    c % 10 === 9
      ? []
      : [
          {
            organization: center.organization,
            costcenter: center.id,
            priceTable: `gen-table-${c % 40}`,
            storeNumber: String(1000 + c),
          },
        ]
  )

  return validateFixtures(
    {
      b2bSettings: { enableCostCenterAddressSelection: true },
      users,
      costCenters: centers,
      pricing,
    },
    `generated fixtures ${JSON.stringify(scale)}`
  )
}
