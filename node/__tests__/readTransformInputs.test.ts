import { jsonErrors, methodNotAllowed } from '../middlewares/errors'
import {
  parseTransformInputs,
  readTransformInputs,
} from '../middlewares/readTransformInputs'
import { buildContext } from './handlerContext'

const sfp = (fields: Record<string, unknown>) => ({
  'storefront-permissions': fields,
})

describe('parseTransformInputs', () => {
  it('reads the three declared inputs', () => {
    expect(
      parseTransformInputs(
        sfp({
          costcenter: { value: 'cc-1' },
          organization: { value: 'org-1' },
          costCenterAddressId: { value: 'addr-1' },
        })
      )
    ).toEqual({
      costcenter: 'cc-1',
      organization: 'org-1',
      costCenterAddressId: 'addr-1',
    })
  })

  it('treats missing and null values as absent, and keeps "" as sent', () => {
    expect(parseTransformInputs({})).toEqual({})
    expect(
      parseTransformInputs(
        sfp({
          costcenter: { value: null },
          organization: {},
        })
      )
    ).toEqual({})
    // storefront-permissions 3.x answers "" for "no address selected".
    expect(
      parseTransformInputs(
        sfp({
          costcenter: { value: 'cc-1' },
          organization: { value: 'org-1' },
          costCenterAddressId: { value: '' },
        })
      )
    ).toEqual({
      costcenter: 'cc-1',
      organization: 'org-1',
      costCenterAddressId: '',
    })
  })

  it.each([
    ['an array body', []],
    ['a string body', 'cc-1'],
    ['null', null],
    ['an unknown namespace', { profile: { email: { value: 'a@b.c' } } }],
    ['a __proto__ namespace', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['a non-object namespace', { 'storefront-permissions': 'cc-1' }],
    ['an unknown field', sfp({ priceTables: { value: 'x' } })],
    ['a constructor field', sfp({ constructor: { value: 'x' } })],
    ['a bare string field', sfp({ costcenter: 'cc-1' })],
    ['an object value', sfp({ costcenter: { value: { id: 'cc-1' } } })],
    ['an array value', sfp({ costcenter: { value: ['cc-1'] } })],
    ['a number value', sfp({ costcenter: { value: 42 } })],
    ['a path in the id', sfp({ costcenter: { value: '../../etc/passwd' } })],
    ['GraphQL in the id', sfp({ costcenter: { value: 'x") { id } #' } })],
    ['a huge id', sfp({ costcenter: { value: 'a'.repeat(129) } })],
  ])('refuses %s with a 400', (_, body) => {
    expect(() => parseTransformInputs(body)).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid.input' })
    )
  })

  it('accepts ids of 1 to 128 characters starting with a letter or digit', () => {
    const longest = `A${'a1_.-'.repeat(25)}bc`

    expect(longest).toHaveLength(128)
    expect(
      parseTransformInputs(
        sfp({ costcenter: { value: longest }, organization: { value: '7' } })
      )
    ).toEqual({ costcenter: longest, organization: '7' })
  })

  it.each([
    [
      'namespace',
      { [`ns-${'x'.repeat(100)}`]: {} },
      `Unknown input namespace "ns-${'x'.repeat(61)}"`,
    ],
    [
      'field',
      sfp({ [`f-${'y'.repeat(100)}`]: { value: 'x' } }),
      `Unknown input field "f-${'y'.repeat(62)}"`,
    ],
  ])('names an unknown %s in 64 characters at most', (_, body, message) => {
    expect(() => parseTransformInputs(body)).toThrow(message)
  })

  it.each([
    ['a non-object body', [], 'Body must be a JSON object'],
    [
      'a non-object namespace',
      { 'storefront-permissions': 'x' },
      'storefront-permissions must be an object',
    ],
    [
      'a bare field',
      sfp({ organization: 'org-1' }),
      'storefront-permissions.organization must be an object { "value": … }',
    ],
    [
      'a number value',
      sfp({ organization: { value: 1 } }),
      'storefront-permissions.organization.value must be a string',
    ],
    [
      'a bad id',
      sfp({ organization: { value: '../x' } }),
      'storefront-permissions.organization.value is not a valid id',
    ],
  ])('says what is wrong with %s', (_, body, message) => {
    expect(() => parseTransformInputs(body)).toThrow(
      expect.objectContaining({ message, status: 400, code: 'invalid.input' })
    )
  })

  it('does not pollute Object.prototype', () => {
    const body = JSON.parse(
      '{"storefront-permissions": {"costcenter": {"value": "cc-1", "__proto__": {"polluted": true}}}}'
    )

    expect(parseTransformInputs(body)).toEqual({ costcenter: 'cc-1' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
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
    const { ctx } = await run('{"public": {}}')

    expect(ctx.status).toBe(400)
    expect(ctx.body).toEqual({
      error: {
        code: 'invalid.input',
        message: 'Unknown input namespace "public"',
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
