import { json } from 'co-body'

import { InputError } from './errors'

/** Session Manager bodies are a few hundred bytes; refuse anything large. */
export const BODY_LIMIT = '16kb'

/**
 * What the app reads (vtex.session/configuration.json). An `id` never reaches
 * a URL, a VBase path or a GraphQL variable unchecked; a `text` is compared.
 */
const INPUTS = {
  'storefront-permissions': {
    costcenter: 'id',
    organization: 'id',
    costCenterAddressId: 'id',
  },
  public: { postalCode: 'text', country: 'text', state: 'text' },
  pricing: { appliedAddress: 'text' },
} as const

type Inputs = typeof INPUTS
type InputField = { [N in keyof Inputs]: keyof Inputs[N] }[keyof Inputs]
export type TransformInputs = Partial<Record<InputField, string>>

// B2B ids are MasterData ids (UUID-like).
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/

const has = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key)

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const refuse = (message: string) =>
  new InputError(400, 'invalid.input', message)

/** `""` is kept: storefront-permissions 3.x answers it on purpose (none). */
function readField(
  name: string,
  kind: 'id' | 'text',
  entry: unknown
): string | undefined {
  if (!isPlainObject(entry)) {
    throw refuse(`${name} must be an object { "value": … }`)
  }

  const value = has(entry, 'value') ? entry.value : undefined

  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw refuse(`${name}.value must be a string`)
  if (kind === 'id' && value !== '' && !ID_PATTERN.test(value)) {
    throw refuse(`${name}.value is not a valid id`)
  }

  return value
}

/**
 * Validates what the app reads of a transform body, strictly; ignores the
 * rest (Session Manager may send more, e.g. storefront-permissions' other
 * fields), never copying caller keys.
 */
export function parseTransformInputs(body: unknown): TransformInputs {
  if (!isPlainObject(body)) throw refuse('Body must be a JSON object')
  const inputs: TransformInputs = {}

  for (const [namespace, declared] of Object.entries(INPUTS)) {
    const fields = has(body, namespace) ? body[namespace] : undefined

    if (fields === undefined) continue
    if (!isPlainObject(fields)) throw refuse(`${namespace} must be an object`)
    for (const [field, kind] of Object.entries(declared)) {
      const value = has(fields, field)
        ? readField(`${namespace}.${field}`, kind, fields[field])
        : undefined

      if (value !== undefined) inputs[field as InputField] = value
    }
  }

  return inputs
}

/**
 * Every way reading the body can fail is the caller's: a 4xx, never a 500.
 * co-body's errors carry a 4xx status; zlib's (a body that does not
 * decompress) carry none.
 */
function refusedBody(error: unknown) {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: string }

  if (typeof status !== 'number' || status < 400 || status >= 500) {
    return new InputError(
      400,
      'invalid.encoding',
      'Request body could not be decoded'
    )
  }

  if (status === 415) {
    // `inflation`'s error for a Content-Encoding it does not know: no type.
    return new InputError(
      415,
      type ?? 'unsupported.encoding',
      'Content-Encoding must be gzip, deflate, br or identity'
    )
  }

  return new InputError(
    status,
    type ?? 'invalid.json',
    status === 413 ? 'Request body is too large' : 'Malformed request body'
  )
}

async function readJsonBody(ctx: Context) {
  try {
    return await json(ctx.req, { limit: BODY_LIMIT, strict: true })
  } catch (error) {
    throw refusedBody(error)
  }
}

// What Session Manager sends, checked first: `ctx.is` costs ~5 µs a request.
const PLAIN_JSON_TYPE = /^application\/json\s*(;|$)/i

function isJsonOrEmpty(ctx: Context) {
  if (PLAIN_JSON_TYPE.test(ctx.get('Content-Type'))) return true

  // `is` answers null when there is no body at all: that is "no inputs".
  return ctx.is('application/json') !== false
}

export async function readTransformInputs(
  ctx: Context,
  next: () => Promise<void>
) {
  if (!isJsonOrEmpty(ctx)) {
    throw new InputError(
      415,
      'unsupported.media.type',
      'Content-Type must be application/json'
    )
  }

  ctx.state.inputs = parseTransformInputs(await readJsonBody(ctx))
  await next()
}
