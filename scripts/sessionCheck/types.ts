import type { IssueLocation, SessionAppConfig } from '../../session-config'

export type FindingLevel = 'error' | 'warning'

/**
 * One problem in a checked configuration. Located like the loader's issues so
 * `formatIssue` prints the same "file, app, field: message" everywhere.
 */
export interface Finding extends IssueLocation {
  message: string
  level: FindingLevel
  /** One line telling the developer what to change. */
  fix: string
}

/** An app's configuration and the file that declared it. */
export interface DeclaredApp {
  file: string
  config: SessionAppConfig
  /** A local stand-in for a VTEX native app, not one of the checked files. */
  native: boolean
}

export interface CheckResult {
  /** The files checked, in the order given. */
  files: string[]
  /** Native apps first, then the checked ones; a checked app replaces a native of the same name. */
  apps: DeclaredApp[]
  findings: Finding[]
  /** The DAG's layers: apps in one layer can run concurrently. */
  layers: string[][]
}
