import type { Cached, Layer } from '../cache/cached'
import { COST_CENTER_POLICY, PRICING_POLICY } from '../cache/policies'
import type { CostCenter } from '../clients/costCenterClient'
import type { Pricing } from '../clients/pricingClient'
import { resolveCostCenter } from '../lookups/costCenter'
import { resolvePricing } from '../lookups/pricing'
import { recordFailure } from '../observability/failures'
import { tenantOf } from '../observability/tenant'
import { throttledWarn } from '../observability/throttledWarn'
import type { AddressAnswer } from '../session/appliedAddress'
import { addressToApply, answerAddress } from '../session/appliedAddress'

/** Session Manager gives an app ~2 s; a lookup still out then goes on in the background. */
export const TRANSFORM_DEADLINE_MS = 1500

/** A transform at least this slow is logged, as a warning (docs/README.md). */
export const SLOW_TRANSFORM_MS = 500

/** A lookup as the transform sees it: a value and its layer, or why none. */
type Lookup<T> =
  | { value: T; layer: Cached<T>['layer'] }
  | { value: null; layer: 'failed' | 'timeout' }

const resolved = (layer: Layer) => layer !== 'failed' && layer !== 'timeout'

const FAILED = { value: null, layer: 'failed' } as const
const TIMED_OUT = { value: null, layer: 'timeout' } as const

/** Waits for the lookups memory did not answer, until the deadline at most. */
async function settleWithin<A, B>(
  tenant: string,
  costCenter: Cached<A> | Promise<Cached<A>>,
  pricing: Cached<B> | Promise<Cached<B>>
): Promise<[Lookup<A>, Lookup<B>]> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, TRANSFORM_DEADLINE_MS, TIMED_OUT)
  })

  const settle = <T>(lookup: Cached<T> | Promise<Cached<T>>) =>
    Promise.race([Promise.resolve(lookup).catch(() => FAILED), deadline])

  const lookups = await Promise.all([settle(costCenter), settle(pricing)])

  clearTimeout(timer)
  lookups.forEach(({ layer }, i) => {
    if (layer !== 'timeout') return
    const lookup = i === 0 ? COST_CENTER_POLICY.bucket : PRICING_POLICY.bucket

    recordFailure(tenant, { lookup, stage: 'transform-deadline', code: layer })
  })

  return lookups
}

/**
 * The address storefront-permissions 3.x selected: `""` is none (`public.*`
 * is left to the shopper) and an id this cost center lacks is not guessed
 * at; absent (an older storefront-permissions), the first, as 3.x chooses.
 */
function pickAddress({ addresses }: CostCenter, addressId?: string) {
  if (addressId === undefined) return addresses[0]

  return addresses.find((a) => a.addressId === addressId)
}

const field = (text: string | null | undefined) => ({ value: text ?? '' })

function respond(
  ctx: Context,
  pricing: Pricing | null,
  address: AddressAnswer
) {
  ctx.status = 200
  ctx.set('Cache-Control', 'no-cache, no-store')
  // Key order is fixed: the same inputs give the same bytes, so Session
  // Manager sees no change and stops its rounds.
  ctx.body = {
    pricing: {
      priceTable: field(pricing?.priceTable),
      storeNumber: field(pricing?.storeNumber),
      appliedAddress: field(address.appliedAddress),
    },
    ...(address.public && { public: address.public }),
  }
}

/** Answers from both lookups: a cost center of another organization is not trusted. */
function answer(
  ctx: Context,
  costCenter: Lookup<CostCenter | null>,
  pricing: Lookup<Pricing | null>
) {
  const { inputs } = ctx.state
  const { organization = '', costcenter = '', costCenterAddressId } = inputs
  const confirmed =
    costCenter.value?.organization === organization ? costCenter.value : null

  const target = confirmed
    ? addressToApply(
        organization,
        costcenter,
        pickAddress(confirmed, costCenterAddressId)
      )
    : null

  ctx.set(
    'x-pricing-session-cache',
    `costCenter=${costCenter.layer}, pricing=${pricing.layer}`
  )
  respond(
    ctx,
    confirmed ? pricing.value : null,
    answerAddress(resolved(costCenter.layer) ? target : undefined, inputs)
  )
}

/**
 * Answers `pricing.*` for the shopper's cost center and propagates its
 * address into `public.*`; a price table not resolved for the current
 * inputs is answered empty, never kept.
 */
export async function transform(ctx: Context) {
  const { costcenter, organization } = ctx.state.inputs

  // storefront-permissions sets both or neither; one alone confirms nothing.
  if (!costcenter || !organization) {
    respond(ctx, null, answerAddress(null, ctx.state.inputs))

    return
  }

  // Read side by side; the pricing backend is asked once B2B confirms.
  const pair = { organization, costCenterId: costcenter }
  const costCenter = resolveCostCenter(ctx, pair)
  const pricing = resolvePricing(ctx, pair, costCenter)

  // Both in this worker's memory: answer now, no timer and no promise.
  if (!(costCenter instanceof Promise) && !(pricing instanceof Promise)) {
    answer(ctx, costCenter, pricing)

    return
  }

  const startedAt = performance.now()
  const lookups = await settleWithin(tenantOf(ctx.vtex), costCenter, pricing)

  answer(ctx, ...lookups)
  warnIfUnresolvedOrSlow(ctx, performance.now() - startedAt, lookups)
}

/** Layers and a time only: no id, no input, no URL. */
function warnIfUnresolvedOrSlow(
  ctx: Context,
  elapsedMs: number,
  [costCenter, pricing]: Array<{ layer: Layer }>
) {
  const { logger } = ctx.vtex
  const tenant = tenantOf(ctx.vtex)
  const layers = { costCenter: costCenter.layer, pricing: pricing.layer }

  if (!resolved(costCenter.layer) || !resolved(pricing.layer)) {
    throttledWarn(logger, `${tenant} transform: unresolved lookup`, {
      message: 'transform: answered without a resolved lookup',
      ...layers,
    })
  }

  if (elapsedMs >= SLOW_TRANSFORM_MS) {
    throttledWarn(logger, `${tenant} transform: slow`, {
      message: 'transform: slow',
      ms: Math.round(elapsedMs),
      ...layers,
    })
  }
}
