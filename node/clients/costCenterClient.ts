import type { InstanceOptions, IOContext } from '@vtex/api'
import { AppGraphQLClient } from '@vtex/api'

import { UpstreamError } from './upstreamError'

/** `vendor.name@major.x` of this app, from the id the platform gives it. */
export function senderOf(appId: string | undefined) {
  const match = /^([^@]+)@(\d+)\./.exec(appId ?? '')

  return match ? `${match[1]}@${match[2]}.x` : 'unknown'
}

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

  /**
   * The headers the B2B Suite's own apps send to B2B Organizations (as
   * storefront-permissions' `getTokenToHeader`): `@validateStoreUserAccess`
   * looks for a token in the `VtexIdclientAutCookie` cookie and header, and the
   * app's License Manager role (`buyer_organization_view`) lets the call in.
   * The shopper's store token is added when the request has one; nothing
   * depends on it. `@vtex/api` sends the session token as `x-vtex-session`.
   */
  private authHeaders(): Record<string, string> {
    const { authToken, storeUserAuthToken, account } = this.context
    const cookie = storeUserAuthToken
      ? `VtexIdclientAutCookie=${authToken}; VtexIdclientAutCookie_${account}=${storeUserAuthToken}`
      : `VtexIdclientAutCookie=${authToken}`

    return {
      'x-vtex-credential': authToken,
      VtexIdclientAutCookie: authToken,
      cookie,
    }
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
      { metric: 'b2b-get-cost-center', headers: this.authHeaders() }
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
