/**
 * Rules on the fields each checked app declares, judged against every app
 * (native stand-ins and checked files together).
 */
import type { FieldRef } from '../../session-config'
import {
  COOKIE_NAMESPACE,
  fieldKey,
  PUBLIC_NAMESPACE,
} from '../../session-config'
import type { DeclaredApp, Finding } from './types'

/** Who writes and who reads each `namespace.field`, and who owns each namespace. */
interface FieldIndex {
  producers: Map<string, string[]>
  consumers: Map<string, string[]>
  /** The first app (natives first) that outputs into the namespace. */
  owners: Map<string, string>
}

const append = <T>(map: Map<string, T[]>, key: string, value: T) =>
  map.set(key, [...(map.get(key) ?? []), value])

function indexFields(apps: DeclaredApp[]): FieldIndex {
  const index: FieldIndex = {
    producers: new Map(),
    consumers: new Map(),
    owners: new Map(),
  }

  for (const { config } of apps) {
    for (const output of config.outputs) {
      append(index.producers, fieldKey(output), config.name)
      if (!index.owners.has(output.namespace)) {
        index.owners.set(output.namespace, config.name)
      }
    }

    for (const input of config.inputs) {
      append(index.consumers, fieldKey(input), config.name)
    }
  }

  return index
}

/**
 * Facts native apps already hold: fields they output in their own namespaces
 * (`storefront-permissions.costcenter`) and the `public` inputs they compute
 * from (`public.postalCode`). A checked app repeating one of these names in
 * its own namespace keeps a second copy of a VTEX-owned fact. Names compare
 * case-insensitively: `costCenter` is the same fact as `costcenter`.
 */
interface NativeFacts {
  owned: Map<string, FieldRef[]>
  /** Lower-cased field name → the native apps reading `public.<field>`. */
  publicInputs: Map<string, string[]>
}

function nativeFacts(apps: DeclaredApp[]): NativeFacts {
  const facts: NativeFacts = { owned: new Map(), publicInputs: new Map() }

  for (const { config, native } of apps) {
    if (!native) continue
    // A field the app reads back (storefront-permissions' `hash`) is its
    // kept state, not a fact other apps could duplicate.
    const keptState = new Set(config.inputs.map(fieldKey))

    for (const ref of config.outputs) {
      if (ref.namespace !== PUBLIC_NAMESPACE && !keptState.has(fieldKey(ref))) {
        append(facts.owned, ref.field.toLowerCase(), ref)
      }
    }

    for (const ref of config.inputs) {
      if (ref.namespace === PUBLIC_NAMESPACE) {
        append(facts.publicInputs, ref.field.toLowerCase(), config.name)
      }
    }
  }

  return facts
}

/** Why an output in the app's own namespace duplicates a native fact, if it does. */
function duplicateOf(
  ref: FieldRef,
  facts: NativeFacts
): Pick<Finding, 'message' | 'fix'> | undefined {
  const name = ref.field.toLowerCase()
  const owned = facts.owned.get(name) ?? []
  const readers = facts.publicInputs.get(name) ?? []

  if (owned.length > 0) {
    const keys = owned.map(fieldKey).join(', ')

    return {
      message: `duplicates ${keys}, already owned by a native app`,
      fix: `remove it from "${ref.namespace}" and read ${keys} as an input`,
    }
  }

  if (readers.length === 0) return undefined
  const publicKey = `${PUBLIC_NAMESPACE}.${ref.field}`

  return {
    message: `duplicates ${
      ref.field
    }, a fact native apps compute from ${publicKey} (${readers.join(', ')})`,
    fix: `remove it from "${ref.namespace}"; if you derive it, output ${publicKey} so they recompute`,
  }
}

/** Suggests the `public` input the owner recomputes from, when there is one. */
function foreignOutputFix(ref: FieldRef, owner: string, index: FieldIndex) {
  const publicKey = `${PUBLIC_NAMESPACE}.${ref.field}`

  if (index.consumers.get(publicKey)?.includes(owner)) {
    return `output ${publicKey} instead: ${owner} reads it and recomputes its own fields`
  }

  return `read ${fieldKey(
    ref
  )} as an input, or move the field to your own namespace`
}

function checkOutputs(
  app: DeclaredApp,
  index: FieldIndex,
  facts: NativeFacts
): Finding[] {
  const findings: Finding[] = []
  const { file, config } = app
  const at = (ref: FieldRef) => ({
    file,
    app: config.name,
    field: `output.${fieldKey(ref)}`,
  })

  for (const ref of config.outputs) {
    const key = fieldKey(ref)
    const owner = index.owners.get(ref.namespace) ?? config.name

    if (ref.namespace === PUBLIC_NAMESPACE) {
      const readers = (index.consumers.get(key) ?? []).filter(
        (name) => name !== config.name
      )

      if (readers.length === 0) {
        findings.push({
          ...at(ref),
          level: 'warning',
          message: `no app declares ${key} as an input: propagating it triggers nothing`,
          fix: `drop it, or check the name against the inputs of the apps meant to recompute from it`,
        })
      }
    } else if (owner !== config.name) {
      findings.push({
        ...at(ref),
        level: 'error',
        message: `writes into namespace "${ref.namespace}", owned by ${owner}`,
        fix: foreignOutputFix(ref, owner, index),
      })
    } else {
      const duplicate = duplicateOf(ref, facts)

      if (duplicate) findings.push({ ...at(ref), level: 'error', ...duplicate })
    }
  }

  return findings
}

function checkInputs(app: DeclaredApp, index: FieldIndex): Finding[] {
  const { file, config } = app
  const produced = [...index.producers.keys()]

  return config.inputs
    .filter(
      (ref) =>
        ref.namespace !== PUBLIC_NAMESPACE &&
        ref.namespace !== COOKIE_NAMESPACE &&
        !index.producers.has(fieldKey(ref))
    )
    .map((ref) => {
      const key = fieldKey(ref)
      const similar = produced.find(
        (candidate) => candidate.toLowerCase() === key.toLowerCase()
      )

      return {
        file,
        app: config.name,
        field: `input.${key}`,
        level: 'warning' as const,
        message: `no app outputs ${key}: this dependency never fires`,
        fix: similar
          ? `did you mean ${similar}?`
          : `check the spelling against the producer's outputs, or pass its configuration.json too`,
      }
    })
}

/** Ownership, duplication and dangling-field rules for each checked app. */
export function checkFields(apps: DeclaredApp[]): Finding[] {
  const index = indexFields(apps)
  const facts = nativeFacts(apps)

  return apps
    .filter((app) => !app.native)
    .flatMap((app) => [
      ...checkOutputs(app, index, facts),
      ...checkInputs(app, index),
    ])
}
