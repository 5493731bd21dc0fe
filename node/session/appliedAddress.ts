/**
 * What the app propagated into `public.*`, remembered in the session as
 * `pricing.appliedAddress` and read back as an input (as storefront-
 * permissions reads back its `hash`). Knowing what it wrote lets the app take
 * its values back when the cost center goes (sign-out, leaving B2B) without
 * ever clearing or overwriting what the shopper typed.
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

/** What the transform answers for `public.*` and `pricing.appliedAddress`. */
export interface AddressAnswer {
  /** Only the fields to write; absent when `public.*` is left alone. */
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

export const serializeAppliedAddress = (applied: AppliedAddress | null) =>
  applied ? JSON.stringify(applied) : ''

/**
 * The app's own earlier write. Anything unreadable (a value the app never
 * wrote) counts as nothing applied: the app then clears nothing.
 */
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
 * - An address to apply that differs from the one applied (sign-in, another
 *   cost center, another address, or the merchant edited it): all three
 *   fields are written.
 * - The same address as applied (the same bytes: only the app writes them):
 *   `public.*` is left alone, so a value the shopper typed since stays.
 * - Nothing to apply: each field that still holds the applied value is
 *   cleared (`""`); a field the shopper changed is kept.
 */
export function answerAddress(
  target: AppliedAddress | null,
  appliedRaw: string | undefined,
  current: Partial<AddressValues>
): AddressAnswer {
  if (target) {
    const appliedAddress = serializeAppliedAddress(target)

    if (appliedRaw === appliedAddress) return { appliedAddress }
    const writes: PublicWrites = {}

    for (const field of ADDRESS_FIELDS) writes[field] = { value: target[field] }

    return { public: writes, appliedAddress }
  }

  const applied = parseAppliedAddress(appliedRaw)
  const takeBack: PublicWrites = {}

  for (const field of ADDRESS_FIELDS) {
    if (applied && applied[field] !== '' && current[field] === applied[field]) {
      takeBack[field] = { value: '' }
    }
  }

  return {
    ...(Object.keys(takeBack).length > 0 && { public: takeBack }),
    appliedAddress: '',
  }
}
