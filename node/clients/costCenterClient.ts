import type { InstanceOptions, IOContext } from '@vtex/api'
import { AppGraphQLClient } from '@vtex/api'

import { b2bAuthHeaders, senderOf } from './b2bHeaders'
import { UpstreamError } from './upstreamError'

/** The B2B Suite runs B2B Organizations at major 2 (B2B Suite upgrade note). */
export const B2B_ORGANIZATIONS_APP = 'vtex.b2b-organizations-graphql@2.x'

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

/** What a session names: the organization and one of its cost centers. */
export interface CostCenterPair {
  organization: string
  costCenterId: string
}

// Only the fields the transform uses: smaller answers, nothing personal.
export const GET_COST_CENTER = `query getCostCenterById($id: ID!) {
  getCostCenterById(id: $id) {
    id
    organization
    addresses { addressId postalCode country state }
  }
}`

interface GetCostCenterResponse {
  getCostCenterById: Record<string, unknown> | null
}

const PERSISTED_QUERY = {
  persistedQuery: {
    provider: B2B_ORGANIZATIONS_APP,
    sender: senderOf(process.env.VTEX_APP_ID),
  },
}

/**
 * MasterData answers a missing document with an empty value, which the
 * resolver hands back as a cost center whose every field is `null`.
 */
const isNotFound = (value: Record<string, unknown> | null | undefined) =>
  value === null ||
  (value !== undefined && Object.values(value).every((field) => field === null))

/** VTEX B2B Organizations (`vtex.b2b-organizations-graphql`). */
export class CostCenterClient extends AppGraphQLClient {
  constructor(context: IOContext, options?: InstanceOptions) {
    super(B2B_ORGANIZATIONS_APP, context, options)
  }

  /** `null` when B2B answers that no such cost center exists. */
  public async getCostCenterById(id: string): Promise<CostCenter | null> {
    const response = await this.graphql.query<
      GetCostCenterResponse,
      { id: string }
    >(
      {
        query: GET_COST_CENTER,
        variables: { id },
        extensions: PERSISTED_QUERY,
        throwOnError: false,
      },
      { metric: 'b2b-get-cost-center', headers: b2bAuthHeaders(this.context) }
    )

    // Refused tokens, MasterData failures: a failure, never cached.
    if (response.errors?.length) {
      throw new UpstreamError('B2B Organizations answered GraphQL errors')
    }

    const answer = response.data?.getCostCenterById

    if (isNotFound(answer)) return null
    // `addresses: [Address]` is nullable: a cost center without any is valid.
    const costCenter =
      answer && answer.addresses === null
        ? { ...answer, addresses: [] }
        : answer

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
