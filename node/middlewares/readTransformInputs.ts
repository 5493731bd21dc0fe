import { json } from 'co-body'

import type { IgnoredInputs } from '../observability/ignoredInputs'
import { countIgnoredInputs } from '../observability/ignoredInputs'
import { InputError } from './errors'

/** Session Manager bodies are a few hundred bytes; refuse anything large. */
export const BODY_LIMIT = '16kb'

/**
 * What the app reads, by namespace (vtex.session/configuration.json): the
 * B2B ids, the `public.*` fields it may propagate into, and its own record of
 * what it propagated. An `id` never reaches a URL, a VBase path or a GraphQL
 * variable unchecked; a `text` is only compared.
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
type Namespace = keyof Inputs
type InputField = { [N in Namespace]: keyof Inputs[N] }[Namespace]
export type TransformInputs = Partial<Record<InputField, string>>

// B2B ids are MasterData ids (UUID-like).
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

function readNamespace(
  namespace: Namespace,
  fields: unknown,
  { inputs, ignored }: ParsedInputs
) {
  if (!isPlainObject(fields)) throw refuse(`${namespace} must be an object`)
  const declared: Record<string, 'id' | 'text'> = INPUTS[namespace]

  for (const field of Object.keys(fields)) {
    if (!has(declared, field)) ignored.fields += 1
  }

  for (const [field, kind] of Object.entries(declared)) {
    const value = has(fields, field)
      ? readField(`${namespace}.${field}`, kind, fields[field])
      : undefined

    if (value !== undefined) inputs[field as InputField] = value
  }
}

interface ParsedInputs {
  inputs: TransformInputs
  ignored: IgnoredInputs
}

/**
 * Validates what the app reads of a transform body, strictly; ignores (and
 * counts) the rest. Never copies caller keys into new objects.
 */
export function parseTransformInputs(body: unknown): ParsedInputs {
  if (!isPlainObject(body)) throw refuse('Body must be a JSON object')
  const parsed = { inputs: {}, ignored: { namespaces: 0, fields: 0 } }

  for (const namespace of Object.keys(body)) {
    if (has(INPUTS, namespace)) {
      readNamespace(namespace as Namespace, body[namespace], parsed)
    } else {
      parsed.ignored.namespaces += 1
    }
  }

  return parsed
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

  const { inputs, ignored } = parseTransformInputs(await readJsonBody(ctx))

  countIgnoredInputs(ctx.vtex, ignored)
  ctx.state.inputs = inputs
  await next()
}
