import type { InstanceOptions, IOContext } from '@vtex/api'
import { AppGraphQLClient } from '@vtex/api'

import { UpstreamError } from './upstreamError'

export interface CostCenterAddress {
  addressId: string
  postalCode?: string | null
  country?: string | null
  state?: string | null
}

export interface CostCenter {
  id: string
  organization: string
  addresses: CostCenterAddress[]
}

// Only the fields the transform uses: smaller answers, nothing personal.
const GET_COST_CENTER = `query getCostCenterById($id: ID!) {
  getCostCenterById(id: $id) {
    id
    organization
    addresses { addressId postalCode country state }
  }
}`

interface GetCostCenterResponse {
  getCostCenterById: CostCenter | null
}

/** VTEX B2B Organizations (`vtex.b2b-organizations-graphql`). */
export class CostCenterClient extends AppGraphQLClient {
  constructor(context: IOContext, options?: InstanceOptions) {
    super('vtex.b2b-organizations-graphql@0.x', context, options)
  }

  /** `null` when B2B answers that no such cost center exists. */
  public async getCostCenterById(id: string): Promise<CostCenter | null> {
    const response = await this.graphql.query<
      GetCostCenterResponse,
      { id: string }
    >(
      { query: GET_COST_CENTER, variables: { id }, throwOnError: false },
      { metric: 'b2b-get-cost-center' }
    )

    if (response.errors?.length) {
      // B2B reports lookup failures and missing documents alike as errors:
      // treat them as a failure (not cached) rather than as "no such id".
      throw new UpstreamError('B2B Organizations answered GraphQL errors')
    }

    const costCenter = response.data?.getCostCenterById

    if (costCenter === null) return null
    if (!isCostCenter(costCenter)) {
      throw new UpstreamError('B2B Organizations answered an unexpected shape')
    }

    return costCenter
  }
}

export function isCostCenter(value: unknown): value is CostCenter {
  if (typeof value !== 'object' || value === null) return false
  const { id, organization, addresses } = value as Partial<CostCenter>

  return (
    typeof id === 'string' &&
    typeof organization === 'string' &&
    Array.isArray(addresses) &&
    addresses.every(
      (address) =>
        typeof address === 'object' &&
        address !== null &&
        typeof address.addressId === 'string'
    )
  )
}
