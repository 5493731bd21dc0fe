import type {
  ClientsConfig,
  ParamsContext,
  RecorderState,
  ServiceContext,
} from '@vtex/api'
import { method, Service } from '@vtex/api'
import compose from 'koa-compose'

import { Clients } from './clients'
import { platformProxy } from './clients/platformProxy'
import { jsonErrors, methodNotAllowed, onlyMethod } from './middlewares/errors'
import type { TransformInputs } from './middlewares/readTransformInputs'
import { readTransformInputs } from './middlewares/readTransformInputs'
import { status } from './middlewares/status'
import { transform } from './middlewares/transform'

/**
 * Budgets: an upstream gets 800 ms and one retry on network errors/timeouts
 * (50 ms backoff); VBase gets 250 ms and no retry (it only saves a trip
 * upstream). The transform itself answers within TRANSFORM_DEADLINE_MS.
 * Every client goes through `platformProxy`, the one local seam (a no-op on
 * VTEX IO); the merchant's backend is reached through VTEX's outbound proxy.
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
  },
}

/**
 * `@vtex/api` wraps every middleware of a route with its own timer, metrics
 * batch and cancellation check (~5–8 µs each): the transform's three steps
 * run as one timed handler instead of three.
 */
export const transformRoute = compose<Context>([
  jsonErrors,
  readTransformInputs,
  transform,
])

interface State extends RecorderState {
  inputs: TransformInputs
}

declare global {
  type Context = ServiceContext<Clients, State>
}

export default new Service<Clients, State, ParamsContext>({
  clients,
  routes: {
    transform: method({ POST: transformRoute, DEFAULT: methodNotAllowed }),
    status: method({ GET: status, DEFAULT: onlyMethod('GET') }),
  },
})
