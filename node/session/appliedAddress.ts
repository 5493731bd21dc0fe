/**
 * What the app propagated into `public.*`, kept as `pricing.appliedAddress`
 * and read back (as storefront-permissions reads its `hash`): the app takes
 * its values back when the cost center goes, never what the shopper typed.
 */
import type { CostCenterAddress } from '../clients/costCenterClient'

export const ADDRESS_FIELDS = ['postalCode', 'country', 'state'] as const

export type AddressField = (typeof ADDRESS_FIELDS)[number]
export type AddressValues = Record<AddressField, string>

export interface AppliedAddress extends AddressValues {
  /** `organization/costCenter/addressId`: which address was applied. */
  from: string
}

type PublicWrites = Partial<Record<AddressField, { value: string }>>

/** `public.*` to write (none: left alone) and `pricing.appliedAddress`. */
export interface AddressAnswer {
  public?: PublicWrites
  appliedAddress: string
}

/** The address to apply for this cost center, or `null` for none. */
export function addressToApply(
  organization: string,
  costCenterId: string,
  address: CostCenterAddress | undefined
): AppliedAddress | null {
  if (!address) return null

  // Built in this key order only: its serialization is what the session keeps.
  return {
    from: `${organization}/${costCenterId}/${address.addressId}`,
    postalCode: address.postalCode ?? '',
    country: address.country ?? '',
    state: address.state ?? '',
  }
}

export const serializeAppliedAddress = (applied: AppliedAddress) =>
  JSON.stringify(applied)

/** The app's own earlier write; anything unreadable is nothing applied. */
export function parseAppliedAddress(
  raw: string | undefined
): AppliedAddress | null {
  if (!raw) return null
  try {
    const parsed: unknown = JSON.parse(raw)

    if (typeof parsed !== 'object' || parsed === null) return null
    const fields = parsed as Record<string, unknown>
    const keys = ['from', ...ADDRESS_FIELDS]

    return keys.every((key) => typeof fields[key] === 'string')
      ? (fields as unknown as AppliedAddress)
      : null
  } catch {
    return null
  }
}

/**
 * From the address to apply (`null`: none; `undefined`: the cost center
 * could not be looked up, so nothing changes) and the session's values:
 * - another address than the one applied: all three fields are written;
 * - the same (the same bytes: only the app writes them): `public.*` is left
 *   alone, so what the shopper typed since stays;
 * - none: each field still holding the applied value is cleared (`""`).
 */
export function answerAddress(
  target: AppliedAddress | null | undefined,
  session: Partial<AddressValues> & { appliedAddress?: string }
): AddressAnswer {
  if (target === undefined)
    return { appliedAddress: session.appliedAddress ?? '' }
  if (target) {
    const appliedAddress = serializeAppliedAddress(target)

    if (session.appliedAddress === appliedAddress) return { appliedAddress }
    const writes: PublicWrites = {}

    for (const field of ADDRESS_FIELDS) writes[field] = { value: target[field] }

    return { public: writes, appliedAddress }
  }

  const applied = parseAppliedAddress(session.appliedAddress)
  const takeBack: PublicWrites = {}

  for (const field of ADDRESS_FIELDS) {
    if (applied && applied[field] !== '' && session[field] === applied[field]) {
      takeBack[field] = { value: '' }
    }
  }

  return {
    ...(Object.keys(takeBack).length > 0 && { public: takeBack }),
    appliedAddress: '',
  }
}
