/**
 * storefront-permissions (B2B) stand-in: maps the signed-in (or
 * impersonated) email to its organization and cost center from fixtures.
 *
 * Idempotent by construction: the outputs depend only on the inputs and the
 * fixtures, and `storefront-permissions.hash` (an input it writes itself)
 * lets it answer "no change" when called again with the inputs it already
 * applied. That is what lets the loop through `public.postalCode` converge.
 */
import type {
  InProcessTransform,
  WireNamespaces,
} from '../sessionManager/types'
import type { B2BUserFixture, NativeFixtures } from './fixtureUsers'
import type { NativeOutput } from './wire'
import {
  deriveRegionId,
  readNonEmpty,
  readValue,
  shortHash,
  stableId,
  toWireOutput,
} from './wire'

const NAMESPACE = 'storefront-permissions'

// The hash is prefixed with the mode so a later call knows whether the
// session currently carries B2B values in `public` that must be cleared.
type Mode = 'b2b' | 'none'

const clearedOutput = (clearPublic: boolean): NativeOutput => ({
  ...(clearPublic ? { public: { facets: '', sc: '', regionId: '' } } : {}),
  [NAMESPACE]: {
    storeUserId: '',
    storeUserEmail: '',
    organization: '',
    costcenter: '',
    costCenterAddressId: '',
    priceTables: '',
    collections: '',
    userId: '',
  },
})

function pickUser(
  users: B2BUserFixture[],
  input: WireNamespaces
): B2BUserFixture | undefined {
  const wanted = readValue(input, 'public', 'b2bCurrentCostCenter')

  return users.find((user) => user.costcenter === wanted) ?? users[0]
}

/** A shopper-chosen address is kept only if it belongs to the cost center. */
function pickAddress(
  user: B2BUserFixture,
  fixtures: NativeFixtures,
  input: WireNamespaces
) {
  const addresses =
    fixtures.costCenters.find((cc) => cc.id === user.costcenter)?.addresses ??
    []

  const chosen = readValue(input, 'public', 'costCenterAddressId')
  const addressId = addresses.some((address) => address.addressId === chosen)
    ? (chosen as string)
    : user.costCenterAddressId

  return {
    addressId,
    address: addresses.find((address) => address.addressId === addressId),
  }
}

function regionFor(
  input: WireNamespaces,
  address: { postalCode?: string; country?: string } | undefined
): string {
  const postalCode = readNonEmpty(input, 'public', 'postalCode')
  const country = readNonEmpty(input, 'public', 'country')
  const shopperRegion =
    postalCode && country ? deriveRegionId(country, postalCode) : ''

  const overwrite =
    readValue(input, 'public', 'allowRegionOverwrite') === 'true'

  if (overwrite && shopperRegion) return shopperRegion
  if (address?.postalCode && address.country) {
    return deriveRegionId(address.country, address.postalCode)
  }

  return shopperRegion
}

function b2bOutput(
  user: B2BUserFixture,
  fixtures: NativeFixtures,
  input: WireNamespaces
): NativeOutput {
  const { addressId, address } = pickAddress(user, fixtures, input)
  const impersonatedId = readValue(input, 'impersonate', 'storeUserId') ?? ''
  const impersonatedEmail =
    readValue(input, 'impersonate', 'storeUserEmail') ?? ''

  return {
    public: {
      facets: '',
      sc: user.salesChannel ?? '1',
      regionId: regionFor(input, address),
    },
    [NAMESPACE]: {
      storeUserId: impersonatedId,
      storeUserEmail: impersonatedEmail,
      organization: user.organization,
      costcenter: user.costcenter,
      costCenterAddressId: addressId,
      priceTables: user.priceTables ?? '',
      collections: '',
      userId: stableId('b2b-user', `${user.email}|${user.organization}`),
    },
  }
}

export function createStorefrontPermissions(
  getFixtures: () => NativeFixtures
): InProcessTransform {
  return (input: WireNamespaces) => {
    const { [NAMESPACE]: own, ...upstream } = input
    const previousHash = own?.hash?.value ?? ''

    const email = (
      readNonEmpty(input, 'impersonate', 'storeUserEmail') ??
      readNonEmpty(input, 'authentication', 'storeUserEmail') ??
      ''
    ).toLowerCase()

    const fixtures = getFixtures()
    const removeB2B = readValue(input, 'public', 'removeB2B') === 'true'
    const matches = fixtures.users.filter(
      (user) => user.email.toLowerCase() === email
    )

    const user = email && !removeB2B ? pickUser(matches, input) : undefined
    const mode: Mode = user ? 'b2b' : 'none'
    const hash = `${mode}-${shortHash(JSON.stringify(upstream))}`

    if (hash === previousHash) return {}

    const output = user
      ? b2bOutput(user, fixtures, input)
      : clearedOutput(previousHash.startsWith('b2b-'))

    return toWireOutput({
      ...output,
      [NAMESPACE]: { ...output[NAMESPACE], hash },
    })
  }
}
