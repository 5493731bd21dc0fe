/**
 * The slice of `local/fixtures.json` the storefront-permissions and
 * impersonate-session stand-ins need. Loading goes through the platform's
 * `loadFixtures()` (which honours $FIXTURES and validates the file); tests
 * may inject their own data.
 */
import type { FixtureB2BSettings } from '../platform/fixtures'
import { loadFixtures } from '../platform/fixtures'

export interface B2BUserFixture {
  email: string
  organization: string
  costcenter: string
  /** The address this shopper picked, if any. */
  costCenterAddressId?: string
  /** May act as another fixture user (impersonate-session). */
  canImpersonate?: boolean
  /** Optional extras; the stand-in falls back to defaults without them. */
  salesChannel?: string
  priceTables?: string
}

export interface CostCenterAddressFixture {
  addressId?: string
  postalCode?: string
  country?: string
  street?: string
  city?: string
  state?: string
}

export interface CostCenterFixture {
  id: string
  addresses?: CostCenterAddressFixture[]
}

export interface NativeFixtures {
  b2bSettings?: FixtureB2BSettings
  users: B2BUserFixture[]
  costCenters: CostCenterFixture[]
}

export function loadNativeFixtures(path?: string): NativeFixtures {
  const { users, costCenters, b2bSettings } = loadFixtures(path)

  return { users, costCenters, b2bSettings }
}
