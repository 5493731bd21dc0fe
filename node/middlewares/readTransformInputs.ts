import { json } from 'co-body'

import { countIgnoredInput } from '../observability/ignoredInputs'
import { InputError } from './errors'

/** Session Manager bodies are a few hundred bytes; refuse anything large. */
export const BODY_LIMIT = '16kb'

const INPUT_NAMESPACE = 'storefront-permissions'
const INPUT_FIELDS = [
  'costcenter',
  'organization',
  'costCenterAddressId',
] as const

type InputField = (typeof INPUT_FIELDS)[number]
export type TransformInputs = Partial<Record<InputField, string>>

// B2B ids are MasterData ids (UUID-like). Anything else never reaches a URL,
// a VBase path or a GraphQL variable.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/

const has = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key)

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const refuse = (message: string) =>
  new InputError(400, 'invalid.input', message)

/**
 * `""` is kept: storefront-permissions 3.x answers `""` on purpose (no cost
 * center, no selected address), which is not the same as a field it never
 * sent.
 */
function readField(field: InputField, entry: unknown): string | undefined {
  if (!isPlainObject(entry)) {
    throw refuse(`${INPUT_NAMESPACE}.${field} must be an object { "value": … }`)
  }

  const value = has(entry, 'value') ? entry.value : undefined

  if (value === undefined || value === null) return undefined
  if (value === '') return ''
  if (typeof value !== 'string') {
    throw refuse(`${INPUT_NAMESPACE}.${field}.value must be a string`)
  }

  if (!ID_PATTERN.test(value)) {
    throw refuse(`${INPUT_NAMESPACE}.${field}.value is not a valid id`)
  }

  return value
}

/**
 * Validates what the app reads of a transform body, strictly; ignores (and
 * counts) the rest. Never copies caller keys into new objects.
 */
export function parseTransformInputs(body: unknown): TransformInputs {
  if (!isPlainObject(body)) throw refuse('Body must be a JSON object')

  for (const namespace of Object.keys(body)) {
    if (namespace !== INPUT_NAMESPACE) countIgnoredInput('namespaces')
  }

  if (!has(body, INPUT_NAMESPACE)) return {}
  const namespace = body[INPUT_NAMESPACE]

  if (!isPlainObject(namespace)) {
    throw refuse(`${INPUT_NAMESPACE} must be an object`)
  }

  for (const field of Object.keys(namespace)) {
    if (!(INPUT_FIELDS as readonly string[]).includes(field)) {
      countIgnoredInput('fields')
    }
  }

  const inputs: TransformInputs = {}

  for (const field of INPUT_FIELDS) {
    const value = has(namespace, field)
      ? readField(field, namespace[field])
      : undefined

    if (value !== undefined) inputs[field] = value
  }

  return inputs
}

// co-body's own errors (bad JSON, too large, unknown encoding) carry a 4xx
// status and a type; a body that does not decompress (`Content-Encoding: gzip`
// over plain bytes) fails in zlib without either.
interface BodyReadError {
  status?: unknown
  type?: string
}

/** Every way reading the body can fail is the caller's: a 4xx, never a 500. */
function refusedBody(error: unknown) {
  const { status, type } = (error ?? {}) as BodyReadError

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

// What Session Manager sends; checked first because `ctx.is` (type-is) costs
// ~5 µs per request on the hot path.
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
