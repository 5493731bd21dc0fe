import { perTenant, tenantOf } from './tenant'

/**
 * Input namespaces and fields the app does not read, counted per tenant since
 * the worker started (status route): Session Manager may send more than the
 * declared inputs, and the app ignores the rest, never echoing it.
 */
export interface IgnoredInputs {
  namespaces: number
  fields: number
}

const ignored = perTenant<IgnoredInputs>(() => ({ namespaces: 0, fields: 0 }))

export function countIgnoredInputs(
  tenant: { account: string; workspace: string },
  counted: IgnoredInputs
) {
  if (counted.namespaces === 0 && counted.fields === 0) return
  const total = ignored.of(tenantOf(tenant))

  total.namespaces += counted.namespaces
  total.fields += counted.fields
}

export const ignoredInputs = (tenant: string): IgnoredInputs => ({
  namespaces: 0,
  fields: 0,
  ...ignored.peek(tenant),
})
