// Must come first: @vtex/api reads VTEX_APP_ID when its modules load.
import '../../local/__tests__/platformTestEnv'

import service from '..'
import { buildContext } from './handlerContext'

/**
 * The status route as the Service dispatches it, in process (the worker
 * suite runs it compiled, where no mutant reaches): a GET answers this
 * worker's status, uncacheable; any other method is a JSON 405.
 */
type Route = (ctx: Context, next: () => Promise<void>) => Promise<void>

async function call(method: string) {
  const built = buildContext()
  const ctx = Object.assign(built.ctx, { method })

  await (service.config.routes?.status as unknown as Route)(ctx, async () => {})

  return { ...built, ctx }
}

describe('the status route', () => {
  it('answers a GET with every cache of this worker, uncacheable', async () => {
    const { ctx, headers } = await call('GET')

    expect(ctx.status).toBe(200)
    expect(headers['cache-control']).toBe('no-cache, no-store')
    expect(Object.keys((ctx.body as { caches: object }).caches)).toEqual([
      'cost-centers',
      'pricing',
      'settings',
    ])
  })

  it.each(['POST', 'PUT', 'DELETE'])(
    'answers %s with a JSON 405 naming GET',
    async (method) => {
      const { ctx, headers } = await call(method)

      expect(ctx.status).toBe(405)
      expect(headers).toMatchObject({
        allow: 'GET',
        'cache-control': 'no-cache, no-store',
      })
      expect(ctx.body).toMatchObject({ error: { code: 'method.not.allowed' } })
    }
  )
})
