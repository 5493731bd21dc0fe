/**
 * The slice of `local/fixtures.json` the storefront-permissions stand-in
 * needs. Loading goes through the platform's `loadFixtures()` (which honours
 * $FIXTURES and validates the file); tests may inject their own data.
 */
import { loadFixtures } from '../platform/fixtures'

export interface B2BUserFixture {
  email: string
  organization: string
  costcenter: string
  costCenterAddressId: string
  /** Optional extras; the stand-in falls back to defaults without them. */
  salesChannel?: string
  priceTables?: string
}

export interface CostCenterAddressFixture {
  addressId: string
  postalCode?: string
  country?: string
}

export interface CostCenterFixture {
  id: string
  addresses?: CostCenterAddressFixture[]
}

export interface NativeFixtures {
  users: B2BUserFixture[]
  costCenters: CostCenterFixture[]
}

export function loadNativeFixtures(path?: string): NativeFixtures {
  const { users, costCenters } = loadFixtures(path)

  return { users, costCenters }
}
