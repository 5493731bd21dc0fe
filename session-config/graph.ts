/**
 * Dependency graph between session apps: B depends on A when A outputs a
 * field that B declares as input.
 */
import type { FieldRef, SessionAppConfig } from './fields'
import { fieldKey, PUBLIC_NAMESPACE } from './fields'

/** Producer `from` outputs `field`, which consumer `to` reads. */
export interface GraphEdge {
  from: string
  field: FieldRef
  to: string
}

/** A field declared as output by more than one app (last merge wins). */
export interface SharedOutput {
  field: FieldRef
  apps: string[]
}

export interface SessionGraph {
  apps: SessionAppConfig[]
  edges: GraphEdge[]
  /** Apps reading a field they write themselves: kept state, not a cycle. */
  selfReads: Array<{ app: string; field: FieldRef }>
  sharedOutputs: SharedOutput[]
}

export interface CycleHop {
  from: string
  to: string
  fields: FieldRef[]
}

export interface SessionCycle {
  /** Apps in cycle order; the first one is implicitly repeated at the end. */
  apps: string[]
  hops: CycleHop[]
  /** True when at least one hop carries only `public` fields. */
  throughPublic: boolean
}

// Enumerating simple cycles is exponential in the worst case; real session
// graphs hold a dozen apps, this only guards against pathological input.
const MAX_CYCLES = 1000

export function buildGraph(apps: SessionAppConfig[]): SessionGraph {
  const producers = new Map<string, string[]>()

  for (const app of apps) {
    for (const output of app.outputs) {
      const key = fieldKey(output)

      producers.set(key, [...(producers.get(key) ?? []), app.name])
    }
  }

  const edges: GraphEdge[] = []
  const selfReads: SessionGraph['selfReads'] = []

  for (const consumer of apps) {
    for (const input of consumer.inputs) {
      for (const producer of producers.get(fieldKey(input)) ?? []) {
        if (producer === consumer.name) {
          selfReads.push({ app: producer, field: input })
        } else {
          edges.push({ from: producer, field: input, to: consumer.name })
        }
      }
    }
  }

  const sharedOutputs = [...producers.entries()]
    .filter(([, writers]) => writers.length > 1)
    .map(([key, writers]) => {
      const dot = key.indexOf('.')

      return {
        field: { namespace: key.slice(0, dot), field: key.slice(dot + 1) },
        apps: writers,
      }
    })

  return { apps, edges, selfReads, sharedOutputs }
}

/** Groups edges per (from, to) pair: one hop may carry several fields. */
function hopsOf(graph: SessionGraph): Map<string, Map<string, FieldRef[]>> {
  const hops = new Map<string, Map<string, FieldRef[]>>()

  for (const edge of graph.edges) {
    const targets = hops.get(edge.from) ?? new Map<string, FieldRef[]>()

    targets.set(edge.to, [...(targets.get(edge.to) ?? []), edge.field])
    hops.set(edge.from, targets)
  }

  return hops
}

const isPublicOnly = (fields: FieldRef[]) =>
  fields.every((field) => field.namespace === PUBLIC_NAMESPACE)

/** Every elementary cycle, each reported once (starting at its lowest app). */
export function findCycles(graph: SessionGraph): SessionCycle[] {
  const hops = hopsOf(graph)
  const order = graph.apps.map((app) => app.name)
  const rank = new Map(order.map((name, index) => [name, index]))
  const cycles: SessionCycle[] = []

  const toCycle = (path: string[]): SessionCycle => {
    const cycleHops = path.map((from, index) => {
      const to = path[(index + 1) % path.length]

      return { from, to, fields: hops.get(from)?.get(to) ?? [] }
    })

    return {
      apps: path,
      hops: cycleHops,
      throughPublic: cycleHops.some((hop) => isPublicOnly(hop.fields)),
    }
  }

  const walk = (start: string, path: string[], onPath: Set<string>) => {
    const current = path[path.length - 1]

    for (const next of hops.get(current)?.keys() ?? []) {
      if (cycles.length >= MAX_CYCLES) return
      const nextRank = rank.get(next) ?? -1

      if (next === start) {
        cycles.push(toCycle(path))
      } else if (nextRank > (rank.get(start) ?? -1) && !onPath.has(next)) {
        onPath.add(next)
        walk(start, [...path, next], onPath)
        onPath.delete(next)
      }
    }
  }

  for (const start of order) walk(start, [start], new Set([start]))

  return cycles
}

/**
 * Topological layers (apps in one layer can run concurrently). Hops that
 * carry only `public` fields and close a cycle are ignored: that is input
 * propagation, resolved by Session Manager's repeated rounds. Apps caught in
 * any remaining cycle are placed together in a final layer; use findCycles
 * to report them.
 */
export function layers(graph: SessionGraph): string[][] {
  const ignored = new Set<string>()

  for (const cycle of findCycles(graph)) {
    for (const hop of cycle.hops) {
      if (isPublicOnly(hop.fields)) ignored.add(`${hop.from}->${hop.to}`)
    }
  }

  const pending = new Map<string, Set<string>>(
    graph.apps.map((app) => [app.name, new Set<string>()])
  )

  for (const edge of graph.edges) {
    if (!ignored.has(`${edge.from}->${edge.to}`)) {
      pending.get(edge.to)?.add(edge.from)
    }
  }

  const result: string[][] = []

  while (pending.size > 0) {
    const ready = [...pending.keys()].filter(
      (name) => pending.get(name)?.size === 0
    )

    if (ready.length === 0) {
      result.push([...pending.keys()])
      break
    }

    for (const name of ready) pending.delete(name)
    for (const sources of pending.values()) {
      for (const name of ready) sources.delete(name)
    }

    result.push(ready)
  }

  return result
}
