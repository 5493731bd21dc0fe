/** What the loader reports about a configuration file, and how it prints. */
export interface ConfigIssue {
  file: string
  app?: string
  field?: string
  message: string
}

export function formatIssue(issue: ConfigIssue): string {
  const where = [
    issue.file,
    issue.app && `app "${issue.app}"`,
    issue.field && `field "${issue.field}"`,
  ]
    .filter(Boolean)
    .join(', ')

  return `${where}: ${issue.message}`
}

export class SessionConfigError extends Error {
  constructor(public readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'))
    this.name = 'SessionConfigError'
  }
}
