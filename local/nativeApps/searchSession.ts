import type { WireNamespaces } from '../sessionManager/types'
import { readValue, toWireOutput } from './wire'

/** Search facets follow the facets other apps propagate through `public`. */
export function searchSession(input: WireNamespaces) {
  return toWireOutput({
    search: { facets: readValue(input, 'public', 'facets') ?? '' },
  })
}
