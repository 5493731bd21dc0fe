import type { CostCenter, CostCenterAddress } from '../clients/costCenterClient'
import type { Pricing } from '../clients/pricingClient'
import type { Cached } from '../cache/cached'
import { COST_CENTER_POLICY, PRICING_POLICY } from '../cache/policies'
import { throttledWarn } from '../cache/throttledWarn'
import { afterAnswer } from '../observability/afterAnswer'
import { recordFailure } from '../observability/failures'
import type { StepLayer, TransformTimings } from '../observability/stepTimings'
import { resolveCostCenter } from '../lookups/costCenter'
import { resolvePricing } from '../lookups/pricing'
import { MEMOIZED_SOURCES, memoizeAnswer, recallAnswer } from './answerMemo'

/**
 * Session Manager gives an app about 2 s. Past this, the transform answers
 * with what it has; the lookup goes on in the background and fills the cache.
 */
export const TRANSFORM_DEADLINE_MS = 1500

const value = (text: string | null | undefined) => ({ value: text ?? '' })

type Lookup<T> =
  | { ok: true; cached: Cached<T> }
  | { ok: false; layer: StepLayer }

const FAILED = { ok: false, layer: 'failed' } as const
const TIMED_OUT = { ok: false, layer: 'timeout' } as const

const layerOf = (lookup: Lookup<unknown>) =>
  lookup.ok ? lookup.cached.source : lookup.layer

function settle<T>(
  promise: Promise<Cached<T>>,
  done: (lookup: Lookup<T>) => void
) {
  promise.then(
    (cached) => done({ ok: true, cached }),
    () => done(FAILED)
  )
}

/**
 * Waits for both lookups, or the deadline at most: one timer per transform,
 * and a lookup still pending then counts as failed (and goes on filling the
 * cache in the background). Each lookup's end is timed for the step log.
 */
function settleBothWithin<A, B>(
  costCenter: Promise<Cached<A>>,
  pricing: Promise<Cached<B>>,
  timings: TransformTimings | undefined
) {
  const startedMs = timings?.since() ?? 0

  return new Promise<[Lookup<A>, Lookup<B>]>((resolve) => {
    let a: Lookup<A> | undefined
    let b: Lookup<B> | undefined
    const timer = setTimeout(() => {
      if (!a) missedDeadline('costCenter', timings, startedMs)
      if (!b) missedDeadline('pricing', timings, startedMs)
      resolve([a ?? TIMED_OUT, b ?? TIMED_OUT])
    }, TRANSFORM_DEADLINE_MS)

    const whenBoth = () => {
      if (!a || !b) return
      clearTimeout(timer)
      resolve([a, b])
    }

    settle(costCenter, (lookup) => {
      a = lookup
      timings?.lookup('costCenter', layerOf(lookup), startedMs)
      whenBoth()
    })
    settle(pricing, (lookup) => {
      b = lookup
      timings?.lookup('pricing', layerOf(lookup), startedMs)
      whenBoth()
    })
  })
}

const BUCKET_OF = {
  costCenter: COST_CENTER_POLICY.bucket,
  pricing: PRICING_POLICY.bucket,
}

function missedDeadline(
  name: keyof typeof BUCKET_OF,
  timings: TransformTimings | undefined,
  startedMs: number
) {
  recordFailure(BUCKET_OF[name], 'transform-deadline', 'timeout')
  timings?.lookup(name, 'timeout', startedMs)
}

/**
 * The address storefront-permissions selected. 3.x computes the id (the
 * first address unless the merchant lets shoppers pick): `""` means none (no
 * address, or the pick was cleared), so `public.*` is left to the shopper; an
 * id this cost center does not have is not guessed at. Absent (an older
 * storefront-permissions): the first address, as 3.x would choose.
 */
function pickAddress(costCenter: CostCenter, addressId?: string) {
  const { addresses } = costCenter

  if (addressId === undefined) return addresses[0]

  return addresses.find((a) => a.addressId === addressId)
}

const sourceOf = (lookup: Lookup<unknown>) =>
  lookup.ok ? lookup.cached.source : 'error'

function respond(
  ctx: Context,
  pricing: Pricing | null,
  address: CostCenterAddress | undefined
) {
  ctx.status = 200
  ctx.set('Cache-Control', 'no-cache, no-store')
  // Key order is fixed: the same inputs give the same bytes, so Session
  // Manager sees no change and stops its rounds.
  ctx.body = {
    pricing: {
      priceTable: value(pricing?.priceTable),
      storeNumber: value(pricing?.storeNumber),
    },
    ...(address && {
      public: {
        postalCode: value(address.postalCode),
        country: value(address.country),
        state: value(address.state),
      },
    }),
  }
}

/** Koa's own type for a JSON body, set by hand for bytes already serialized. */
const JSON_TYPE = 'application/json; charset=utf-8'

function respondMemoized(ctx: Context, body: Buffer) {
  ctx.status = 200
  ctx.set('Cache-Control', 'no-cache, no-store')
  ctx.set('Content-Type', JSON_TYPE)
  ctx.set('x-pricing-session-cache', MEMOIZED_SOURCES)
  ctx.body = body
}

/**
 * Answers `pricing.*` for the shopper's cost center and propagates its
 * address into `public.*`. Without a cost center, or when the cost center
 * cannot be confirmed, pricing is answered empty: a session never keeps a
 * price table that was not resolved for its current inputs.
 */
export async function transform(ctx: Context) {
  const { costcenter, organization, costCenterAddressId } = ctx.state.inputs

  // storefront-permissions sets both or neither; one alone confirms nothing.
  if (!costcenter || !organization) {
    respond(ctx, null, undefined)

    return
  }

  const memoized = recallAnswer(ctx)

  if (memoized) {
    respondMemoized(ctx, memoized)
    afterAnswer(ctx)

    return
  }

  // Both lookups are keyed by the inputs alone: run them side by side.
  const [costCenterLookup, pricingLookup] = await settleBothWithin(
    resolveCostCenter(ctx, organization, costcenter),
    resolvePricing(ctx, organization, costcenter),
    ctx.state.timings
  )

  ctx.set(
    'x-pricing-session-cache',
    `costCenter=${sourceOf(costCenterLookup)}, pricing=${sourceOf(
      pricingLookup
    )}`
  )

  const costCenter = costCenterLookup.ok ? costCenterLookup.cached.value : null
  // A cost center of another organization than the session's is not trusted.
  const confirmed =
    costCenter?.organization === organization ? costCenter : null

  const pricing =
    confirmed && pricingLookup.ok ? pricingLookup.cached.value : null

  if (!costCenterLookup.ok || !pricingLookup.ok) {
    throttledWarn(ctx.vtex.logger, 'transform: unresolved lookup', {
      message: 'transform: answered without a resolved lookup',
      costCenter: sourceOf(costCenterLookup),
      pricing: sourceOf(pricingLookup),
    })
  }

  respond(
    ctx,
    pricing,
    confirmed ? pickAddress(confirmed, costCenterAddressId) : undefined
  )
  afterAnswer(ctx)

  // Memoized on the first answer from memory, not on a key's first sight: a
  // key seen once (a VBase or upstream answer) never pays for it.
  if (
    costCenterLookup.ok &&
    pricingLookup.ok &&
    costCenterLookup.cached.source === 'lru' &&
    pricingLookup.cached.source === 'lru'
  ) {
    memoizeAnswer(ctx, costCenter, pricingLookup.cached.value)
  }
}
