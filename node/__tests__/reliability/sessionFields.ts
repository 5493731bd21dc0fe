/**
 * The oracle for sessions driven end to end through Session Manager: the
 * fields the transform's answer leaves in the session, keyed
 * `namespace.field` as the emulator's clients read them back.
 */
import type { Fixtures } from '../../../local/platform'
import type { SessionInputs } from './reliabilityKit'
import { expectedAnswer } from './reliabilityKit'

/**
 * The session fields the fixtures imply for `inputs` (expectedAnswer,
 * flattened). The `public.*` fields only when the cost center has an
 * address: otherwise the app leaves them to whoever set them.
 */
export function expectedSessionFields(
  inputs: SessionInputs,
  fixtures: Fixtures
): Record<string, string> {
  const { pricing, public: address } = expectedAnswer(inputs, fixtures)

  return {
    'pricing.priceTable': pricing.priceTable.value,
    'pricing.storeNumber': pricing.storeNumber.value,
    ...(address && {
      'public.postalCode': address.postalCode.value,
      'public.country': address.country.value,
      'public.state': address.state.value,
    }),
  }
}
