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

/** A route's handler for every method but `allowed`: a 405. */
export function onlyMethod(allowed: 'GET' | 'POST') {
  return async function methodNotAllowed(ctx: Context) {
    ctx.set('Allow', allowed)
    respondError(ctx, {
      status: 405,
      code: 'method.not.allowed',
      message: `Use ${allowed}`,
    })
  }
}

/** Session Manager only POSTs; anything else is answered 405. */
export const methodNotAllowed = onlyMethod('POST')
