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

/**
 * Session Manager gives an app about 2 s. Past this, the transform answers
 * with what it has; the lookup goes on in the background and fills the cache.
 */
export const TRANSFORM_DEADLINE_MS = 1500

/** A transform at least this slow is logged, as a warning (docs/README.md). */
export const SLOW_TRANSFORM_MS = 500

/** A lookup as the transform sees it: a value and its layer, or why none. */
type Lookup<T> =
  | { value: T; layer: Cached<T>['layer'] }
  | { value: null; layer: 'failed' | 'timeout' }

const FAILED = { value: null, layer: 'failed' } as const
const TIMED_OUT = { value: null, layer: 'timeout' } as const

/**
 * Waits for the lookups memory did not answer, or the deadline at most: a
 * lookup still pending then is answered `timeout` (and goes on filling the
 * cache in the background).
 */
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

/**
 * Answers from both lookups. A cost center of another organization is not
 * trusted; one that could not be looked up leaves `public.*` as it is.
 */
function answer(
  ctx: Context,
  costCenter: Lookup<CostCenter | null>,
  pricing: Lookup<Pricing | null>
) {
  const { inputs } = ctx.state
  const { organization = '', costcenter = '', costCenterAddressId } = inputs
  const known = costCenter.layer !== 'failed' && costCenter.layer !== 'timeout'
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
    answerAddress(known ? target : undefined, inputs)
  )
}

const isPending = (lookup: unknown): lookup is Promise<unknown> =>
  lookup instanceof Promise

/**
 * Answers `pricing.*` for the shopper's cost center and propagates its
 * address into `public.*`. Without a cost center, or when it cannot be
 * confirmed, pricing is answered empty: a session never keeps a price table
 * that was not resolved for its current inputs.
 */
export async function transform(ctx: Context) {
  const { costcenter, organization } = ctx.state.inputs

  // storefront-permissions sets both or neither; one alone confirms nothing.
  if (!costcenter || !organization) {
    respond(ctx, null, answerAddress(null, ctx.state.inputs))

    return
  }

  // Memory and VBase are read side by side; the pricing backend is asked
  // only once B2B confirms the pair.
  const pair = { organization, costCenterId: costcenter }
  const costCenter = resolveCostCenter(ctx, pair)
  const pricing = resolvePricing(ctx, pair, costCenter)

  // Both in this worker's memory: answer now, no timer and no promise.
  if (!isPending(costCenter) && !isPending(pricing)) {
    answer(ctx, costCenter, pricing)

    return
  }

  const startedAt = performance.now()
  const lookups = await settleWithin(tenantOf(ctx.vtex), costCenter, pricing)

  answer(ctx, ...lookups)
  warnIfUnresolvedOrSlow(ctx, performance.now() - startedAt, {
    costCenter: lookups[0].layer,
    pricing: lookups[1].layer,
  })
}

const UNRESOLVED: Layer[] = ['failed', 'timeout']

/** Layers and a time only: no id, no input, no URL. */
function warnIfUnresolvedOrSlow(
  ctx: Context,
  elapsedMs: number,
  layers: { costCenter: Layer; pricing: Layer }
) {
  const { logger } = ctx.vtex
  const tenant = tenantOf(ctx.vtex)

  if (
    UNRESOLVED.includes(layers.costCenter) ||
    UNRESOLVED.includes(layers.pricing)
  ) {
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
