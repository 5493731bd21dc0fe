/**
 * Turns the loader's shape issues into findings with a fix. The loader owns
 * the validation; this only knows how to tell a developer what to change.
 */
import type { ConfigIssue } from '../../session-config'
import type { DeclaredApp, Finding } from './types'

const SHAPE =
  '{ "<app>": { "input": { "<namespace>": ["<field>", …] }, "output": { … } } }'

// Matched against the loader's messages (session-config/parse.ts);
// the first match wins, unknown messages fall back to the expected shape.
const FIXES: Array<[RegExp, string]> = [
  [/^cannot read file/, 'check the path'],
  [/^invalid JSON/, 'fix the JSON syntax at the position shown'],
  [/^declared twice/, 'remove the repeated entry'],
  [/^unknown key/, 'remove it: Session Manager reads only these keys'],
  [/^invalid namespace/, 'namespaces hold letters, digits, "-" and "_"'],
  [
    /^invalid (field|app) name/,
    'use a string of letters, digits, ".", "-", "_"',
  ],
  [/never run/, 'declare the inputs it computes from, or "RunOnCreate": true'],
  [/must be a boolean/, 'use true or false'],
]

export function shapeFinding(issue: ConfigIssue): Finding {
  const fix = FIXES.find(([pattern]) => pattern.test(issue.message))?.[1]

  return { ...issue, level: 'error', fix: fix ?? `expected ${SHAPE}` }
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
