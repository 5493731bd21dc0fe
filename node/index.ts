import type {
  ClientsConfig,
  ParamsContext,
  RecorderState,
  ServiceContext,
} from '@vtex/api'
import { method, Service } from '@vtex/api'
import compose from 'koa-compose'

import { ALL_POLICIES } from './cache/policies'
import { Clients } from './clients'
import { platformProxy } from './clients/platformProxy'
import { jsonErrors, methodNotAllowed, onlyMethod } from './middlewares/errors'
import type { TransformInputs } from './middlewares/readTransformInputs'
import { readTransformInputs } from './middlewares/readTransformInputs'
import { status } from './middlewares/status'
import { transform } from './middlewares/transform'
import { trackCacheMetrics } from './observability/cacheMetrics'
import { startWorkerStatusClock } from './observability/status'
import { TransformTimings } from './observability/stepTimings'

/**
 * Budgets: an upstream gets 800 ms and one retry on network errors/timeouts
 * (50 ms backoff); VBase gets 250 ms and no retry (it only saves a trip
 * upstream). The transform itself answers within TRANSFORM_DEADLINE_MS.
 */
const clients: ClientsConfig<Clients> = {
  implementation: Clients,
  options: {
    default: {
      retries: 1,
      timeout: 800,
      initialBackoffDelay: 50,
      middlewares: [platformProxy],
    },
    vbase: {
      retries: 0,
      timeout: 250,
      middlewares: [platformProxy],
    },
    // The merchant's backend is reached through VTEX's outbound proxy (the
    // same seam leads locally to its stand-in).
    pricing: {
      retries: 1,
      timeout: 800,
      initialBackoffDelay: 50,
      middlewares: [platformProxy],
    },
  },
}

/**
 * `@vtex/api` wraps every middleware of a route with its own timer, metrics
 * batch and cancellation check (~5–8 µs each, bench/HISTORY.md). The three
 * steps of the transform run as one named, timed handler instead of three.
 */
const transformSteps = compose<Context>([
  jsonErrors,
  readTransformInputs,
  transform,
])

/** Times its steps; the answer step logs what it must (afterAnswer). */
export function transformRoute(ctx: Context, next: () => Promise<unknown>) {
  ctx.state.timings = new TransformTimings()

  return transformSteps(ctx, next)
}

interface State extends RecorderState {
  inputs: TransformInputs
  /** Set by transformRoute; absent when a test calls a step directly. */
  timings?: TransformTimings
}

declare global {
  type Context = ServiceContext<Clients, State>
}

// Read by `@vtex/api` at each metrics flush; costs nothing per request.
trackCacheMetrics(ALL_POLICIES)
startWorkerStatusClock()

export default new Service<Clients, State, ParamsContext>({
  clients,
  routes: {
    transform: method({ POST: transformRoute, DEFAULT: methodNotAllowed }),
    status: method({ GET: status, DEFAULT: onlyMethod('GET') }),
  },
})
