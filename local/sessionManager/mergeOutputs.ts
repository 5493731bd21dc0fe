/**
 * Merge rules shared by caller writes and app outputs:
 * missing key = unchanged, `""` = stored empty, `null` = removed.
 */
import type { Namespaces } from './types'

/** `after` undefined means the field was removed. */
export interface FieldChange {
  field: string
  before?: string
  after?: string
}

export interface ParsedWrites {
  /** `ns.field` → new value, `null` meaning removal. */
  writes: Map<string, string | null>
  /** `ns.field` (or `ns`) entries that did not follow `{value}`. */
  invalid: string[]
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function parseValue(raw: unknown): string | null | undefined {
  // `field: null` and `field: {value: null}` both remove the field.
  if (raw === null) return null
  if (!isObject(raw) || !('value' in raw)) return undefined
  const { value } = raw

  if (value === null) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value)
  }

  return undefined
}

/** Parses a `{ns: {field: {value}}}` payload without applying it. */
export function parseWrites(payload: unknown): ParsedWrites {
  const writes = new Map<string, string | null>()
  const invalid: string[] = []

  if (!isObject(payload)) return { writes, invalid: ['<body>'] }

  for (const [namespace, fields] of Object.entries(payload)) {
    if (!isObject(fields)) {
      invalid.push(namespace)
      continue
    }

    for (const [field, raw] of Object.entries(fields)) {
      const value = parseValue(raw)
      const key = `${namespace}.${field}`

      if (value === undefined) invalid.push(key)
      else writes.set(key, value)
    }
  }

  return { writes, invalid }
}

function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.')

  return [key.slice(0, dot), key.slice(dot + 1)]
}

export function readField(
  namespaces: Namespaces,
  key: string
): string | undefined {
  const [namespace, field] = splitKey(key)

  return namespaces[namespace]?.[field]
}

/** Applies writes in place and returns what actually changed. */
export function applyWrites(
  namespaces: Namespaces,
  writes: Map<string, string | null>
): FieldChange[] {
  const changes: FieldChange[] = []

  for (const [key, value] of writes) {
    const [namespace, field] = splitKey(key)
    const before = namespaces[namespace]?.[field]

    if (value === null) {
      if (before === undefined) continue
      delete namespaces[namespace][field]
      if (Object.keys(namespaces[namespace]).length === 0) {
        delete namespaces[namespace]
      }

      changes.push({ field: key, before })
      continue
    }

    if (before === value) continue
    namespaces[namespace] = { ...namespaces[namespace], [field]: value }
    changes.push({ field: key, before, after: value })
  }

  return changes
}

/**
 * Keeps only the writes an app declared as outputs; the rest are reported
 * back as ignored so the trace shows an app writing outside its contract.
 */
export function filterDeclared(
  writes: Map<string, string | null>,
  declared: Set<string>
): { allowed: Map<string, string | null>; ignored: string[] } {
  const allowed = new Map<string, string | null>()
  const ignored: string[] = []

  for (const [key, value] of writes) {
    if (declared.has(key)) allowed.set(key, value)
    else ignored.push(key)
  }

  return { allowed, ignored }
}
