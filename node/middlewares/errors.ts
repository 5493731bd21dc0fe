/** A request the transform refuses: answered as `{ error: { code, message } }`. */
export class InputError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'InputError'
  }
}

interface ErrorAnswer {
  status: number
  code: string
  message: string
}

function respondError(ctx: Context, { status, code, message }: ErrorAnswer) {
  ctx.status = status
  ctx.set('Cache-Control', 'no-cache, no-store')
  ctx.body = { error: { code, message } }
}

/**
 * Turns refused input into a clear 4xx JSON answer. Anything else is a bug and
 * is left to `@vtex/api`'s error handler.
 */
export async function jsonErrors(ctx: Context, next: () => Promise<void>) {
  try {
    await next()
  } catch (error) {
    if (error instanceof InputError) {
      respondError(ctx, error)

      return
    }

    throw error
  }
}

/** Session Manager only POSTs; anything else is answered 405. */
export async function methodNotAllowed(ctx: Context) {
  ctx.set('Allow', 'POST')
  respondError(ctx, {
    status: 405,
    code: 'method.not.allowed',
    message: 'Use POST',
  })
}
