import type { WireNamespaces } from '../sessionManager/types'
import { deriveRegionId, readNonEmpty, readValue, toWireOutput } from './wire'

export const CART_COOKIE = 'checkout.vtex.com'

/** The cart cookie reads `__ofid=<orderFormId>`. */
function orderFormIdOf(cookie: string | undefined): string | null {
  const match = /__ofid=([^&;\s]+)/.exec(cookie ?? '')

  return match ? match[1] : null
}

/**
 * An explicit `public.regionId` wins; otherwise the region is recomputed
 * from the propagated postal code and country.
 */
export function checkoutSession(input: WireNamespaces) {
  const explicitRegion = readNonEmpty(input, 'public', 'regionId')
  const postalCode = readNonEmpty(input, 'public', 'postalCode')
  const country = readNonEmpty(input, 'public', 'country')
  const regionId =
    explicitRegion ??
    (postalCode && country ? deriveRegionId(country, postalCode) : null)

  return toWireOutput({
    checkout: {
      regionId,
      orderFormId: orderFormIdOf(readValue(input, 'cookie', CART_COOKIE)),
    },
  })
}
