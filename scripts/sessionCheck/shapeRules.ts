/**
 * Turns the loader's shape issues into findings with a fix. The loader owns
 * the validation; this only knows how to tell a developer what to change.
 */
import type { ConfigIssue, IssueCode } from '../../session-config'
import type { DeclaredApp, Finding } from './types'

const EXPECTED_SHAPE =
  'expected { "<app>": { "input": { "<namespace>": ["<field>", …] }, "output": { … } } }'

const NAME_FIX = 'use a string of letters, digits, ".", "-", "_"'

// One fix per loader issue code: a new code does not compile until it has
// one, and rewording a message changes no fix.
const FIXES: Record<IssueCode, string> = {
  'file.unreadable': 'check the path',
  'json.invalid': 'fix the JSON syntax at the position shown',
  'config.not.object': EXPECTED_SHAPE,
  'config.no.apps': EXPECTED_SHAPE,
  'app.name.invalid': NAME_FIX,
  'app.not.object': EXPECTED_SHAPE,
  'app.key.unknown': 'remove it: Session Manager reads only these keys',
  'app.runOnCreate.not.boolean': 'use true or false',
  'app.never.runs':
    'declare the inputs it computes from, or "RunOnCreate": true',
  'section.not.object': EXPECTED_SHAPE,
  'namespace.invalid': 'namespaces hold letters, digits, "-" and "_"',
  'namespace.not.array': EXPECTED_SHAPE,
  'field.name.invalid': NAME_FIX,
  'field.duplicate': 'remove the repeated entry',
}

/** The code picks the fix; the finding itself reads as the loader's issue. */
export function shapeFinding({ code, ...issue }: ConfigIssue): Finding {
  return { ...issue, level: 'error', fix: FIXES[code] }
}

/** The same app in two checked files: Session Manager would keep only one. */
export function checkRepeatedApps(apps: DeclaredApp[]): Finding[] {
  const firstFile = new Map<string, string>()
  const findings: Finding[] = []

  for (const { file, config } of apps) {
    const earlier = firstFile.get(config.name)

    if (earlier === undefined) {
      firstFile.set(config.name, file)
      continue
    }

    findings.push({
      file,
      app: config.name,
      level: 'error',
      message: `also declared in ${earlier}`,
      fix: 'keep one declaration per app',
    })
  }

  return findings
}
