/**
 * What an app declares in `vtex.session/configuration.json`: the session
 * fields it reads (inputs) and writes (outputs), each `namespace.field`.
 */
export interface FieldRef {
  namespace: string
  field: string
}

export interface SessionAppConfig {
  name: string
  inputs: FieldRef[]
  outputs: FieldRef[]
  runOnCreate: boolean
}

/** The shared input surface every app may write to (input propagation). */
export const PUBLIC_NAMESPACE = 'public'

/** Cookie inputs (`cookie.VtexIdclientAutCookie`) are read from the request, not from a namespace. */
export const COOKIE_NAMESPACE = 'cookie'

export function fieldKey(ref: FieldRef): string {
  return `${ref.namespace}.${ref.field}`
}
