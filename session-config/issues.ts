/**
 * What the loader reports about a configuration file. The code says which
 * problem it is and is what callers match on (the checker's fixes); the
 * message is for people and may be reworded.
 */
export const ISSUE_CODES = [
  /** The file cannot be read (missing, a directory, no permission). */
  'file.unreadable',
  /** The file is not JSON. */
  'json.invalid',
  /** The top level is not an object of apps. */
  'config.not.object',
  /** The top level is an object with no app in it. */
  'config.no.apps',
  /** An app name Session Manager would not accept. */
  'app.name.invalid',
  /** An app's entry is not an object. */
  'app.not.object',
  /** An app key other than input, output and RunOnCreate. */
  'app.key.unknown',
  /** RunOnCreate is not a boolean. */
  'app.runOnCreate.not.boolean',
  /** No input and no RunOnCreate: Session Manager would never call the app. */
  'app.never.runs',
  /** `input` or `output` is not an object of namespaces. */
  'section.not.object',
  /** A namespace name Session Manager would not accept. */
  'namespace.invalid',
  /** A namespace's fields are not an array. */
  'namespace.not.array',
  /** A field name that is not a string of allowed characters. */
  'field.name.invalid',
  /** The same field twice in one section. */
  'field.duplicate',
] as const

export type IssueCode = (typeof ISSUE_CODES)[number]

/** Where a problem is: `file, app "…", field "…"` when printed. */
export interface IssueLocation {
  file: string
  app?: string
  field?: string
}

export interface ConfigIssue extends IssueLocation {
  code: IssueCode
  message: string
}

/** `file, app "a", field "f": message`, the one way problems are printed. */
export function formatIssue(
  issue: IssueLocation & { message: string }
): string {
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
