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

function respondError(ctx: Context, { status, code, message }: InputError) {
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
    if (!(error instanceof InputError)) throw error
    respondError(ctx, error)
  }
}

/** A route's handler for every method but `allowed`: a JSON 405. */
export function onlyMethod(allowed: 'GET' | 'POST') {
  return async function methodNotAllowed(ctx: Context) {
    ctx.set('Allow', allowed)
    respondError(
      ctx,
      new InputError(405, 'method.not.allowed', `Use ${allowed}`)
    )
  }
}
