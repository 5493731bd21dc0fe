/** Terminal and JSON renderings of a CheckResult. */
import { formatIssue } from '../../session-config'
import type { CheckResult, Finding } from './types'

const LABEL_WIDTH = 'warning'.length + 2
const INDENT = ' '.repeat(LABEL_WIDTH)

export function countByLevel(findings: Finding[]) {
  const errors = findings.filter((finding) => finding.level === 'error').length

  return { errors, warnings: findings.length - errors }
}

function formatFinding(finding: Finding): string {
  return [
    `${finding.level.padEnd(LABEL_WIDTH)}${formatIssue(finding)}`,
    `${INDENT}fix: ${finding.fix}`,
  ].join('\n')
}

/** Errors first, then warnings; within a level, in the order found. */
const byLevel = (a: Finding, b: Finding) =>
  (a.level === 'error' ? 0 : 1) - (b.level === 'error' ? 0 : 1)

export function formatText(result: CheckResult): string {
  const checked = new Set(
    result.apps.filter((app) => !app.native).map((app) => app.config.name)
  )

  const natives = result.apps.filter((app) => app.native).length
  const { errors, warnings } = countByLevel(result.findings)
  const plural = (count: number, word: string) =>
    `${count} ${word}${count === 1 ? '' : 's'}`

  const findings = [...result.findings].sort(byLevel).map(formatFinding)
  const order = result.layers.map(
    (layer, index) =>
      `  ${index + 1}. ${layer
        .map((name) => (checked.has(name) ? `${name} *` : name))
        .join(', ')}`
  )

  return [
    `Checked ${result.files.join(', ')} with ${plural(natives, 'native app')}`,
    '',
    ...(findings.length > 0 ? [...findings, ''] : []),
    'Run order (DAG layers, * = checked; public hops that close a cycle wait for the next round):',
    ...order,
    '',
    `${plural(errors, 'error')}, ${plural(warnings, 'warning')}: ${
      errors > 0 ? 'FAILED' : 'OK'
    }`,
  ].join('\n')
}

export function formatJson(result: CheckResult): string {
  return JSON.stringify(
    {
      files: result.files,
      ok: countByLevel(result.findings).errors === 0,
      ...countByLevel(result.findings),
      findings: result.findings,
      layers: result.layers,
    },
    null,
    2
  )
}
