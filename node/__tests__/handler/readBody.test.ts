import { gzipSync } from 'zlib'

import { jsonErrors, onlyMethod } from '../../middlewares/errors'
import { readTransformInputs } from '../../middlewares/readTransformInputs'
import { buildContext } from './handlerContext'

const methodNotAllowed = onlyMethod('POST')

/**
 * Reading the body as Session Manager sends it, and every way that fails:
 * the answer is a JSON 4xx nobody may cache, and nothing runs after it.
 */
const sfp = (fields: Record<string, unknown>) => ({
  'storefront-permissions': fields,
})

describe('readTransformInputs + jsonErrors', () => {
  async function run(rawBody?: string, contentType?: string | false) {
    const { ctx, headers } = buildContext({ rawBody, contentType })
    const next = jest.fn(async () => {})

    await jsonErrors(ctx, () => readTransformInputs(ctx, next))

    return { ctx, next, headers }
  }

  it('parses a JSON body into ctx.state.inputs', async () => {
    const { ctx, next } = await run(
      JSON.stringify(sfp({ costcenter: { value: 'cc-1' } }))
    )

    expect(ctx.state.inputs).toEqual({ costcenter: 'cc-1' })
    expect(next).toHaveBeenCalled()
  })

  it('treats an empty body as no inputs', async () => {
    const { ctx, next } = await run()

    expect(ctx.state.inputs).toEqual({})
    expect(next).toHaveBeenCalled()
  })

  it('answers malformed JSON with a 400 JSON error nobody may cache', async () => {
    const { ctx, next, headers } = await run('{"storefront-permissions": ')

    expect(ctx.status).toBe(400)
    expect(ctx.body).toEqual({
      error: { code: 'invalid.json', message: 'Malformed request body' },
    })
    expect(headers['cache-control']).toBe('no-cache, no-store')
    expect(next).not.toHaveBeenCalled()
  })

  it('answers a wrong shape with a 400 naming the problem', async () => {
    const { ctx } = await run('{"storefront-permissions": "cc-1"}')

    expect(ctx.status).toBe(400)
    expect(ctx.body).toEqual({
      error: {
        code: 'invalid.input',
        message: 'storefront-permissions must be an object',
      },
    })
  })

  it('answers 413 for a body over the limit before reading it', async () => {
    const { ctx } = await run(JSON.stringify({ x: 'a'.repeat(20_000) }))

    expect(ctx.status).toBe(413)
    expect(ctx.body).toMatchObject({
      error: { message: 'Request body is too large' },
    })
  })

  it.each([
    ['application/json; charset=utf-8', 200],
    ['APPLICATION/JSON', 200],
    ['application/jsonp', 415],
    ['text/application/json', 415],
  ])('reads a %s body as %s', async (contentType, status) => {
    const { ctx, next } = await run('{}', contentType)

    expect(next).toHaveBeenCalledTimes(status === 200 ? 1 : 0)
    expect(ctx.status).toBe(status === 200 ? 404 : 415)
  })

  const BAD_ENCODING = 'invalid.encoding'

  it.each([
    {
      name: 'gzip over plain JSON',
      encoding: 'gzip',
      body: Buffer.from('{}'),
      status: 400,
      code: BAD_ENCODING,
      message: 'Request body could not be decoded',
    },
    {
      name: 'a truncated gzip',
      encoding: 'gzip',
      body: gzipSync('{"a":1}').subarray(0, 8),
      status: 400,
      code: BAD_ENCODING,
      message: 'Request body could not be decoded',
    },
    {
      // co-body's 415 (from `inflation`) carries no type of its own.
      name: 'an unknown encoding',
      encoding: 'compress',
      body: Buffer.from('{}'),
      status: 415,
      code: 'unsupported.encoding',
      // Says which encodings the app reads.
      message: 'Content-Encoding must be gzip, deflate, br or identity',
    },
  ])(
    'answers $name with $status, as JSON nobody may cache',
    async ({ encoding, body, status, code, message }) => {
      const { ctx, headers } = buildContext({
        rawBody: body,
        contentEncoding: encoding,
      })

      const next = jest.fn(async () => {})

      await jsonErrors(ctx, () => readTransformInputs(ctx, next))

      expect(ctx.status).toBe(status)
      expect(ctx.body).toEqual({
        error: { code, message },
      })
      expect(headers['cache-control']).toBe('no-cache, no-store')
      expect(next).not.toHaveBeenCalled()
    }
  )

  it('reads a well-formed gzip body', async () => {
    const body = JSON.stringify(sfp({ costcenter: { value: 'cc-1' } }))
    const { ctx } = buildContext({
      rawBody: gzipSync(body),
      contentEncoding: 'gzip',
    })

    await jsonErrors(ctx, () => readTransformInputs(ctx, async () => {}))

    expect(ctx.state.inputs).toEqual({ costcenter: 'cc-1' })
  })

  it('answers 415 for a body that is not JSON', async () => {
    const { ctx, headers } = await run('costcenter=cc-1', false)

    expect(ctx.status).toBe(415)
    expect(ctx.body).toEqual({
      error: {
        code: 'unsupported.media.type',
        message: 'Content-Type must be application/json',
      },
    })
    expect(headers['cache-control']).toBe('no-cache, no-store')
  })

  it('leaves an error that is not refused input to @vtex/api (a bug is not a 4xx)', async () => {
    const { ctx, headers } = buildContext({})
    const bug = new TypeError('x is undefined')

    await expect(
      jsonErrors(ctx, async () => {
        throw bug
      })
    ).rejects.toBe(bug)
    expect(ctx.status).toBe(404)
    expect(headers).toEqual({})
  })
})

describe('methodNotAllowed', () => {
  it('answers 405 with Allow: POST and a JSON error nobody may cache', async () => {
    const { ctx, headers } = buildContext({})

    await methodNotAllowed(ctx)

    expect(ctx.status).toBe(405)
    expect(ctx.body).toEqual({
      error: { code: 'method.not.allowed', message: 'Use POST' },
    })
    expect(headers).toEqual({
      allow: 'POST',
      'cache-control': 'no-cache, no-store',
    })
  })
})
