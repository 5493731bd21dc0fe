/**
 * Input namespaces and fields the app does not read, counted since the worker
 * started (status route): Session Manager may send more than the declared
 * inputs (a whole namespace, a field storefront-permissions adds), and the
 * app reads what it uses and ignores the rest, never echoing it.
 */
const ignored = { namespaces: 0, fields: 0 }

export function countIgnoredInput(kind: keyof typeof ignored) {
  ignored[kind] += 1
}

export const ignoredInputs = () => ({ ...ignored })
