import { Readable } from 'stream'

import type { CostCenter } from '../../clients/costCenterClient'
import type { Pricing } from '../../clients/pricingClient'
import type { TransformInputs } from '../../middlewares/readTransformInputs'
import {
  addressToApply,
  serializeAppliedAddress,
} from '../../session/appliedAddress'
import { clearMemoryCache } from '../../cache/cached'
import { forgetTenants } from '../../observability/tenant'
import { resetThrottledWarn } from '../../observability/throttledWarn'
import { FakeVBase } from '../cache/fakeVBase'

export const COST_CENTERS: Record<string, CostCenter> = {
  'cc-1': {
    id: 'cc-1',
    organization: 'org-1',
    addresses: [
      { addressId: 'addr-1', postalCode: '10001', country: 'USA', state: 'NY' },
      { addressId: 'addr-2', postalCode: '07030', country: 'USA', state: 'NJ' },
    ],
  },
  'cc-2': {
    id: 'cc-2',
    organization: 'org-2',
    addresses: [
      { addressId: 'addr-3', postalCode: '94105', country: 'USA', state: 'CA' },
    ],
  },
  // A second cost center of org-1: pricing is per cost center, not per org.
  'cc-3': {
    id: 'cc-3',
    organization: 'org-1',
    addresses: [
      { addressId: 'addr-4', postalCode: '08901', country: 'USA', state: 'NJ' },
    ],
  },
}

export const PRICING: Record<string, Pricing> = {
  'org-1/cc-1': { priceTable: 'b2b-nyc', storeNumber: '0042' },
  'org-1/cc-3': { priceTable: 'b2b-nj', storeNumber: '0051' },
  'org-2/cc-2': { priceTable: 'b2b-sf', storeNumber: '0007' },
  // The backend answers for a pair B2B does not confirm (cc-2 is org-2's):
  // only the organization check keeps it out of a session.
  'org-1/cc-2': { priceTable: 'b2b-forged', storeNumber: '0666' },
}

/** What storefront-permissions sends for a buyer of cc-1 at its first address. */
export const NYC = {
  costcenter: 'cc-1',
  organization: 'org-1',
  costCenterAddressId: 'addr-1',
}

export const EMPTY_PRICING = {
  priceTable: { value: '' },
  storeNumber: { value: '' },
  appliedAddress: { value: '' },
}

/** cc-1's address, as the transform propagates it. */
export const NYC_PUBLIC = {
  postalCode: { value: '10001' },
  country: { value: 'USA' },
  state: { value: 'NY' },
}

/** `pricing.appliedAddress` once the address at `index` of a cost center is applied. */
export function appliedAddressOf(costCenterId: string, index = 0) {
  const { organization, addresses } = COST_CENTERS[costCenterId]

  const applied = addressToApply(organization, costCenterId, addresses[index])

  if (!applied) throw new Error(`${costCenterId} has no address ${index}`)

  return serializeAppliedAddress(applied)
}

/** cc-1's address applied, pricing empty (its lookup failed or was refused). */
export const NYC_ADDRESS_ONLY = {
  pricing: {
    ...EMPTY_PRICING,
    appliedAddress: { value: appliedAddressOf('cc-1') },
  },
  public: NYC_PUBLIC,
}

/** The answer the tables above imply for a cost center at its first address. */
export function fixtureAnswer(costCenterId: string) {
  const { organization, addresses } = COST_CENTERS[costCenterId]
  const { priceTable, storeNumber } = PRICING[`${organization}/${costCenterId}`]
  const [{ postalCode, country, state }] = addresses

  return {
    pricing: {
      priceTable: { value: priceTable },
      storeNumber: { value: storeNumber },
      appliedAddress: { value: appliedAddressOf(costCenterId) },
    },
    public: {
      postalCode: { value: postalCode },
      country: { value: country },
      state: { value: state },
    },
  }
}

/** Upstream stubs answering from the tables above, with per-test overrides. */
export function upstreams() {
  return {
    getCostCenterById: jest.fn(
      async (id: string): Promise<CostCenter | null> => COST_CENTERS[id] ?? null
    ),
    getPricing: jest.fn(
      async (_backend: unknown, organization: string, costCenter: string) =>
        PRICING[`${organization}/${costCenter}`] ?? null
    ),
    getAppSettings: jest.fn(async () => ({
      pricingBackendUrl: 'https://pricing.acme.test/v1',
      pricingApiKey: 'secret-key',
    })),
  }
}

export type Upstreams = ReturnType<typeof upstreams>

interface ContextOptions {
  inputs?: TransformInputs
  upstream?: Upstreams
  vbase?: FakeVBase
  account?: string
  /** Raw request body for the body-reading middleware. */
  rawBody?: string | Buffer
  contentType?: string | false
  contentEncoding?: string
}

/** A hand-built Koa/VTEX context, as vtex-apps/storefront-permissions tests do. */
export function buildContext(options: ContextOptions = {}) {
  const upstream = options.upstream ?? upstreams()
  const headers: Record<string, string> = {}
  const logger = { warn: jest.fn(), info: jest.fn(), error: jest.fn() }
  const req = Readable.from(
    options.rawBody === undefined ? [] : [Buffer.from(options.rawBody)]
  ) as Readable & { headers: Record<string, string> }

  req.headers = {
    ...(options.rawBody !== undefined && {
      'content-length': String(Buffer.byteLength(options.rawBody)),
    }),
    ...(options.contentEncoding && {
      'content-encoding': options.contentEncoding,
    }),
  }

  const ctx = {
    req,
    state: { inputs: options.inputs ?? {} },
    status: 404,
    body: undefined as unknown,
    vtex: {
      account: options.account ?? 'acme',
      workspace: 'master',
      logger,
    },
    clients: {
      costCenters: { getCostCenterById: upstream.getCostCenterById },
      pricing: { getPricing: upstream.getPricing },
      apps: { getAppSettings: upstream.getAppSettings },
      vbase: options.vbase ?? new FakeVBase(),
    },
    is: (type: string) => {
      if (options.rawBody === undefined) return null
      if (options.contentType === false) return false

      return (options.contentType ?? 'application/json') === type && type
    },
    get: (name: string) =>
      name.toLowerCase() === 'content-type' &&
      options.rawBody !== undefined &&
      options.contentType !== false
        ? options.contentType ?? 'application/json'
        : '',
    set: (name: string, value: string) => {
      headers[name.toLowerCase()] = value
    },
  }

  return { ctx: ctx as unknown as Context, headers, logger, upstream }
}

/**
 * Forgets what this worker's module state holds between tests: memory,
 * every tenant's records (counters, failures, cold-lookup budgets) and
 * warning windows.
 */
export function forgetWorkerState() {
  clearMemoryCache()
  forgetTenants()
  resetThrottledWarn()
}
