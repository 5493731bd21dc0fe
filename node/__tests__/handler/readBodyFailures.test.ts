import { json } from 'co-body'

import { jsonErrors } from '../../middlewares/errors'
import { readTransformInputs } from '../../middlewares/readTransformInputs'
import { buildContext } from './handlerContext'

/**
 * co-body's failures the local runs never produce: whatever status an error
 * of the body reader carries, the caller gets a 4xx, never a 3xx or a 5xx
 * (docs: "bad input gets a clear 4xx").
 */
jest.mock('co-body', () => ({ json: jest.fn() }))

const readBody = json as jest.MockedFunction<typeof json>

async function answerWhenReading(error: unknown) {
  readBody.mockRejectedValueOnce(error)
  const { ctx } = buildContext({ rawBody: '{}' })
  const next = jest.fn(async () => {})

  await jsonErrors(ctx, () => readTransformInputs(ctx, next))

  return { ctx, next }
}

describe('a body reader failing with an odd status', () => {
  it.each([
    ['a 500', { status: 500, type: 'stream.error' }],
    ['a 503', { status: 503 }],
    ['a 302', { status: 302 }],
    ['a status that is a string', { status: '413' }],
    ['no status at all', new Error('unexpected end of file')],
  ])('answers %s as 400 invalid.encoding', async (_, error) => {
    const { ctx, next } = await answerWhenReading(error)

    expect(ctx.status).toBe(400)
    expect(ctx.body).toEqual({
      error: {
        code: 'invalid.encoding',
        message: 'Request body could not be decoded',
      },
    })
    expect(next).not.toHaveBeenCalled()
  })

  it.each([
    [400, 'Malformed request body'],
    [499, 'Malformed request body'],
    [413, 'Request body is too large'],
  ])('passes a %i on, with its type as the code', async (status, message) => {
    const { ctx } = await answerWhenReading({ status, type: 'entity.odd' })

    expect(ctx.status).toBe(status)
    expect(ctx.body).toEqual({ error: { code: 'entity.odd', message } })
  })
})
