/**
 * Loader and validator for `vtex.session/configuration.json` files.
 *
 * Kept free of I/O beyond `readSessionConfig`/`loadSessionConfig` so the
 * same module can back the Session Manager emulator and the `check:session`
 * linter (`scripts/sessionCheck`).
 */
import { readFileSync } from 'fs'

import type { FieldRef, SessionAppConfig } from './fields'
import type { ConfigIssue, IssueCode } from './issues'
import { SessionConfigError } from './issues'

/** What a configuration declares, and every problem found reading it. */
export interface LoadedSessionConfig {
  apps: SessionAppConfig[]
  issues: ConfigIssue[]
}

const APP_KEYS = new Set(['input', 'output', 'RunOnCreate'])

// Both end up in `ns.field` item strings, split at the first dot: namespaces
// cannot hold a dot, fields can (cookie names such as `checkout.vtex.com`).
const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]+$/
const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Where issues are reported while parsing one app entry. */
interface ParseScope {
  file: string
  app: string
  issues: ConfigIssue[]
}

function parseFieldMap(
  raw: unknown,
  section: 'input' | 'output',
  { file, app, issues }: ParseScope
): FieldRef[] {
  if (raw === undefined) return []
  if (!isPlainObject(raw)) {
    issues.push({
      file,
      app,
      field: section,
      code: 'section.not.object',
      message: `"${section}" must be an object mapping namespace to an array of field names`,
    })

    return []
  }

  const refs: FieldRef[] = []
  const seen = new Set<string>()

  for (const [namespace, fields] of Object.entries(raw)) {
    const where = `${section}.${namespace}`

    if (!NAMESPACE_PATTERN.test(namespace)) {
      issues.push({
        file,
        app,
        field: where,
        code: 'namespace.invalid',
        message: 'invalid namespace',
      })
      continue
    }

    if (!Array.isArray(fields)) {
      issues.push({
        file,
        app,
        field: where,
        code: 'namespace.not.array',
        message: 'must be an array of field names',
      })
      continue
    }

    for (const field of fields) {
      if (typeof field !== 'string' || !NAME_PATTERN.test(field)) {
        issues.push({
          file,
          app,
          field: where,
          code: 'field.name.invalid',
          message: `invalid field name ${JSON.stringify(field)}`,
        })
        continue
      }

      const key = `${namespace}.${field}`

      if (seen.has(key)) {
        issues.push({
          file,
          app,
          field: `${section}.${key}`,
          code: 'field.duplicate',
          message: 'declared twice',
        })
        continue
      }

      seen.add(key)
      refs.push({ namespace, field })
    }
  }

  return refs
}

function parseApp(
  raw: unknown,
  scope: ParseScope
): SessionAppConfig | undefined {
  const { file, app: name, issues } = scope

  if (!isPlainObject(raw)) {
    issues.push({
      file,
      app: name,
      code: 'app.not.object',
      message: 'app entry must be an object',
    })

    return undefined
  }

  for (const key of Object.keys(raw)) {
    if (!APP_KEYS.has(key)) {
      issues.push({
        file,
        app: name,
        field: key,
        code: 'app.key.unknown',
        message: `unknown key (expected one of ${[...APP_KEYS].join(', ')})`,
      })
    }
  }

  const runOnCreate = raw.RunOnCreate ?? false

  if (typeof runOnCreate !== 'boolean') {
    issues.push({
      file,
      app: name,
      field: 'RunOnCreate',
      code: 'app.runOnCreate.not.boolean',
      message: 'must be a boolean',
    })
  }

  const inputs = parseFieldMap(raw.input, 'input', scope)
  const outputs = parseFieldMap(raw.output, 'output', scope)

  if (inputs.length === 0 && runOnCreate !== true) {
    issues.push({
      file,
      app: name,
      field: 'input',
      code: 'app.never.runs',
      message: 'declares no input and no RunOnCreate: it would never run',
    })
  }

  return { name, inputs, outputs, runOnCreate: runOnCreate === true }
}

/**
 * Validates an already-parsed configuration object. Collects every issue
 * instead of stopping at the first, so a linter can report them all at once.
 */
export function validateSessionConfig(
  json: unknown,
  file: string
): LoadedSessionConfig {
  const issues: ConfigIssue[] = []

  if (!isPlainObject(json)) {
    issues.push({
      file,
      code: 'config.not.object',
      message: 'configuration must be an object mapping app name to config',
    })

    return { apps: [], issues }
  }

  const apps: SessionAppConfig[] = []

  for (const [name, raw] of Object.entries(json)) {
    if (!NAME_PATTERN.test(name)) {
      issues.push({
        file,
        app: name,
        code: 'app.name.invalid',
        message: 'invalid app name',
      })
      continue
    }

    const app = parseApp(raw, { file, app: name, issues })

    if (app) apps.push(app)
  }

  if (apps.length === 0 && issues.length === 0) {
    issues.push({
      file,
      code: 'config.no.apps',
      message: 'configuration declares no app',
    })
  }

  return { apps, issues }
}

/** A file that gave no configuration to validate: one issue, no app. */
function unreadable(
  file: string,
  code: IssueCode,
  message: string
): LoadedSessionConfig {
  return { apps: [], issues: [{ file, code, message }] }
}

/**
 * Reads, parses and validates a configuration file without throwing: unreadable
 * files and invalid JSON become issues too, so a linter can keep going with
 * the other files and still report what it parsed.
 */
export function readSessionConfig(path: string): LoadedSessionConfig {
  let text: string

  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const reason = (error as Error).message

    return unreadable(path, 'file.unreadable', `cannot read file (${reason})`)
  }

  let json: unknown

  try {
    json = JSON.parse(text)
  } catch (error) {
    const reason = (error as Error).message

    return unreadable(path, 'json.invalid', `invalid JSON (${reason})`)
  }

  return validateSessionConfig(json, path)
}

/** Reads and validates a configuration file; throws SessionConfigError. */
export function loadSessionConfig(path: string): SessionAppConfig[] {
  const { apps, issues } = readSessionConfig(path)

  if (issues.length > 0) throw new SessionConfigError(issues)

  return apps
}
