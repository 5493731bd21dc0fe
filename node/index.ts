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
import { jsonErrors, onlyMethod } from './middlewares/errors'
import type { TransformInputs } from './middlewares/readTransformInputs'
import { readTransformInputs } from './middlewares/readTransformInputs'
import { status } from './middlewares/status'
import { transform } from './middlewares/transform'

/**
 * An upstream (B2B, the merchant's backend through VTEX's outbound proxy)
 * gets 800 ms and one retry on network errors/timeouts; VBase 250 ms and no
 * retry (it only saves a trip upstream). Every client goes through
 * `platformProxy`, the one local seam (a no-op on VTEX IO).
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
    vbase: { retries: 0, timeout: 250, middlewares: [platformProxy] },
  },
}

/**
 * `@vtex/api` wraps every middleware of a route with its own timer and
 * metrics (~5–8 µs each): the transform's three steps run as one handler.
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
    transform: method({ POST: transformRoute, DEFAULT: onlyMethod('POST') }),
    status: method({ GET: status, DEFAULT: onlyMethod('GET') }),
  },
})
