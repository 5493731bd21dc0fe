/**
 * storefront-permissions 3.x (B2B) stand-in, after its `setProfile` route:
 * every declared output is answered on every call (`""` when unknown, so a
 * signed-out or non-B2B shopper gets all `""`); `costCenterAddressId` is
 * computed: the cost center's first address, or the shopper's pick in
 * `public.costCenterAddressId` when the merchant enables
 * `enableCostCenterAddressSelection` (an unknown pick falls back to the first
 * address, a cleared pick gives `""`), `""` with no address; `hash` is a hash
 * of `organization|costcenter`; `storeUserId`/`storeUserEmail` are set only
 * while impersonating (`impersonate.*`, which the impersonate-session
 * stand-in fills; 3.x also reads `public.impersonate` as a B2B user id, a
 * flow not modelled here: see local/README.md). Same inputs, same outputs:
 * that is what lets the loop through `public.postalCode` converge.
 */
import type {
  InProcessTransform,
  WireNamespaces,
} from '../sessionManager/types'
import { addressIdOf } from '../platform/b2b/addressIds'
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

const EMPTY_OUTPUT: NativeOutput = {
  public: { facets: '', sc: '', regionId: '' },
  [NAMESPACE]: {
    storeUserId: '',
    storeUserEmail: '',
    organization: '',
    costcenter: '',
    costCenterAddressId: '',
    priceTables: '',
    collections: '',
    userId: '',
    hash: '',
  },
}

function pickUser(
  users: B2BUserFixture[],
  input: WireNamespaces
): B2BUserFixture | undefined {
  const wanted = readValue(input, 'public', 'b2bCurrentCostCenter')

  return users.find((user) => user.costcenter === wanted) ?? users[0]
}

function costCenterAddresses(fixtures: NativeFixtures, costCenterId: string) {
  const costCenter = fixtures.costCenters.find((cc) => cc.id === costCenterId)

  return (costCenter?.addresses ?? []).map((address) => ({
    ...address,
    addressId: addressIdOf(address),
  }))
}

/** The address storefront-permissions selects for this shopper, if any. */
export function selectAddress(
  user: B2BUserFixture,
  fixtures: NativeFixtures,
  input: WireNamespaces
) {
  const addresses = costCenterAddresses(fixtures, user.costcenter)
  const [first] = addresses

  if (!fixtures.b2bSettings?.enableCostCenterAddressSelection) return first

  const sessionPick = readValue(input, 'public', 'costCenterAddressId')

  if (sessionPick === '') return undefined

  const pick = sessionPick ?? user.costCenterAddressId

  return addresses.find((address) => address.addressId === pick) ?? first
}

/** Skipped (`""`) when the merchant lets the shopper's postal code drive it. */
function regionFor(
  input: WireNamespaces,
  address: { postalCode?: string; country?: string } | undefined
): string {
  if (readValue(input, 'public', 'allowRegionOverwrite') === 'true') return ''
  if (!address?.postalCode || !address.country) return ''

  return deriveRegionId(address.country, address.postalCode)
}

function b2bOutput(
  user: B2BUserFixture,
  fixtures: NativeFixtures,
  input: WireNamespaces
): NativeOutput {
  const address = selectAddress(user, fixtures, input)

  return {
    public: {
      facets: '',
      sc: user.salesChannel ?? '1',
      regionId: regionFor(input, address),
    },
    [NAMESPACE]: {
      ...EMPTY_OUTPUT[NAMESPACE],
      organization: user.organization,
      costcenter: user.costcenter,
      costCenterAddressId: address?.addressId ?? '',
      priceTables: user.priceTables ?? '',
      userId: stableId('b2b-user', `${user.email}|${user.organization}`),
      hash: shortHash(`${user.organization}|${user.costcenter}`),
    },
  }
}

/**
 * 3.x's telemarketing branch: `impersonate.storeUserId` alone says an
 * impersonation is on, and the impersonated email (maybe none) replaces the
 * signed-in one.
 */
function impersonation(input: WireNamespaces) {
  const storeUserId = readNonEmpty(input, 'impersonate', 'storeUserId')

  if (!storeUserId) return null

  return {
    storeUserId,
    storeUserEmail: readValue(input, 'impersonate', 'storeUserEmail') ?? '',
  }
}

export function createStorefrontPermissions(
  getFixtures: () => NativeFixtures
): InProcessTransform {
  return (input: WireNamespaces) => {
    if (readValue(input, 'public', 'removeB2B') === 'true') {
      return toWireOutput(EMPTY_OUTPUT)
    }

    const impersonated = impersonation(input)
    const email = (
      impersonated
        ? impersonated.storeUserEmail
        : readNonEmpty(input, 'authentication', 'storeUserEmail') ?? ''
    ).toLowerCase()

    const fixtures = getFixtures()
    const matches = fixtures.users.filter(
      (user) => user.email.toLowerCase() === email
    )

    const user = email ? pickUser(matches, input) : undefined
    // Impersonating someone B2B does not know still names them (3.x fills
    // storeUserId/storeUserEmail before it looks the user up).
    const output = user
      ? b2bOutput(user, fixtures, input)
      : structuredClone(EMPTY_OUTPUT)

    if (impersonated) Object.assign(output[NAMESPACE], impersonated)

    return toWireOutput(output)
  }
}
