/**
 * b2b-organizations-graphql's `addMissingAddressIds`: an address stored
 * without an id gets the sum of a 32-bit string hash of its street,
 * complement, city and state, as a decimal string (and is saved so).
 */
const hashCode = (value: string | null | undefined) =>
  (value ?? '')
    .split('')
    .reduce((hash, char) => ((hash << 5) - hash + char.charCodeAt(0)) | 0, 0)

export interface StoredAddress {
  addressId?: string
  street?: string
  complement?: string
  city?: string
  state?: string
}

export function addressIdOf(address: StoredAddress): string {
  if (address.addressId) return address.addressId

  return (
    hashCode(address.street) +
    hashCode(address.complement) +
    hashCode(address.city) +
    hashCode(address.state)
  ).toString()
}
