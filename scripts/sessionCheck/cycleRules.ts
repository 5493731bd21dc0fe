/**
 * Cycles in the graph of all apps, reported when they involve a checked app:
 * a loop among native apps only is VTEX's to resolve, not the developer's.
 */
import type { FieldRef, SessionCycle, SessionGraph } from '../../session-config'
import { findCycles, PUBLIC_NAMESPACE } from '../../session-config'
import type { DeclaredApp, Finding } from './types'

/** `ns.a` or `ns.{a,b}`: one hop can carry several fields of one namespace. */
export function formatFields(fields: FieldRef[]): string {
  const byNamespace = new Map<string, string[]>()

  for (const { namespace, field } of fields) {
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), field])
  }

  return [...byNamespace.entries()]
    .map(([namespace, names]) =>
      names.length === 1
        ? `${namespace}.${names[0]}`
        : `${namespace}.{${names.join(',')}}`
    )
    .join(' + ')
}

/** `a → field → b → field → a`, starting at `first`. */
export function formatChain(cycle: SessionCycle, first: string): string {
  const start = Math.max(
    0,
    cycle.hops.findIndex((hop) => hop.from === first)
  )

  const hops = [...cycle.hops.slice(start), ...cycle.hops.slice(0, start)]

  return [
    hops[0].from,
    ...hops.flatMap((hop) => [formatFields(hop.fields), hop.to]),
  ].join(' → ')
}

function cycleFinding(cycle: SessionCycle, app: DeclaredApp): Finding {
  const { name } = app.config
  const outgoing = cycle.hops.find((hop) => hop.from === name)?.fields ?? []
  const chain = formatChain(cycle, name)
  const where = {
    file: app.file,
    app: name,
    field: `output.${formatFields(outgoing)}`,
  }

  if (!cycle.throughPublic) {
    return {
      ...where,
      level: 'error',
      message: `cycle through private namespaces, no run order exists: ${chain}`,
      fix: 'stop reading one of these outputs: compute the value yourself, or propagate it through a public input',
    }
  }

  const publicFields = cycle.hops
    .flatMap((hop) => hop.fields)
    .filter((field) => field.namespace === PUBLIC_NAMESPACE)

  return {
    ...where,
    level: 'warning',
    message: `cycle through ${formatFields(
      publicFields
    )} (input propagation): ${chain}`,
    fix: 'converges only if every app in it answers the same inputs with the same outputs: keep the transform idempotent',
  }
}

export function checkCycles(
  graph: SessionGraph,
  apps: DeclaredApp[]
): Finding[] {
  const checked = new Map(
    apps.filter((app) => !app.native).map((app) => [app.config.name, app])
  )

  return findCycles(graph).flatMap((cycle) => {
    // Reported once, on the first checked app of the loop.
    const owner = cycle.apps.find((name) => checked.has(name))
    const app = owner ? checked.get(owner) : undefined

    return app ? [cycleFinding(cycle, app)] : []
  })
}
