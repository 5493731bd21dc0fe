import { ALL_POLICIES } from '../cache/policies'
import { workerStatus } from '../observability/status'

/**
 * `GET /_v/private/pricing-session/status` (service.json `public: false`):
 * this worker's caches, in-flight work and recent failures. Each replica
 * answers for itself.
 */
export async function status(ctx: Context) {
  ctx.status = 200
  ctx.set('Cache-Control', 'no-cache, no-store')
  ctx.body = workerStatus(ALL_POLICIES)
}
