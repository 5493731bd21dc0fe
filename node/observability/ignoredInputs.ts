import { LRUCache } from 'lru-cache'

/**
 * Input namespaces and fields the app does not read, counted per tenant
 * (`account:workspace`) since the worker started (status route): Session
 * Manager may send more than the declared inputs (a whole namespace, a field
 * storefront-permissions adds), and the app reads what it uses and ignores
 * the rest, never echoing it.
 */
export interface IgnoredInputs {
  namespaces: number
  fields: number
}

const ignored = new LRUCache<string, IgnoredInputs>({ max: 1_000 })

export function countIgnoredInputs(tenant: string, counted: IgnoredInputs) {
  if (counted.namespaces === 0 && counted.fields === 0) return
  const total = ignored.get(tenant) ?? { namespaces: 0, fields: 0 }

  total.namespaces += counted.namespaces
  total.fields += counted.fields
  ignored.set(tenant, total)
}

export const ignoredInputs = (tenant: string): IgnoredInputs => ({
  namespaces: 0,
  fields: 0,
  ...ignored.get(tenant),
})
