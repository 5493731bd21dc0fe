/** Helpers shared by the native stand-ins to speak the transform format. */
import { createHash } from 'crypto'

import type { WireNamespaces } from '../sessionManager/types'

/** A field to write: string stores it (`""` = empty), null removes it. */
export type OutputValue = string | null
export type NativeOutput = Record<string, Record<string, OutputValue>>

export function readValue(
  input: WireNamespaces,
  namespace: string,
  field: string
): string | undefined {
  return input[namespace]?.[field]?.value
}

/** Like readValue, but `""` counts as absent (an emptied field). */
export function readNonEmpty(
  input: WireNamespaces,
  namespace: string,
  field: string
): string | undefined {
  const value = readValue(input, namespace, field)

  return value === '' ? undefined : value
}

export function toWireOutput(
  output: NativeOutput
): Record<string, Record<string, { value: string } | null>> {
  const wire: Record<string, Record<string, { value: string } | null>> = {}

  for (const [namespace, fields] of Object.entries(output)) {
    wire[namespace] = {}
    for (const [field, value] of Object.entries(fields)) {
      wire[namespace][field] = value === null ? null : { value }
    }
  }

  return wire
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Deterministic UUID-shaped id, so repeated runs give the same answer. */
export function stableId(kind: string, value: string): string {
  const hex = sha256Hex(`${kind}:${value}`)

  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-')
}

/**
 * Stand-in for checkout's regionalization: same country + postal code always
 * give the same `v2.<hex>` region, whichever app derives it.
 */
export function deriveRegionId(country: string, postalCode: string): string {
  const normalized = `${country.trim().toUpperCase()}|${postalCode
    .replace(/\s+/g, '')
    .toUpperCase()}`

  return `v2.${sha256Hex(normalized).slice(0, 32).toUpperCase()}`
}

export function shortHash(text: string): string {
  return sha256Hex(text).slice(0, 16)
}
