import { createHash } from 'crypto'

import type { LogEntry, Logger } from './types'

/** Default logger: one JSON object per line on stdout. */
export const jsonLineLogger: Logger = (entry: LogEntry) => {
  process.stdout.write(
    `${JSON.stringify({
      time: new Date().toISOString(),
      component: 'session-manager',
      ...entry,
    })}\n`
  )
}

/**
 * Short stable digest used wherever a value may be personal or a credential
 * (emails, auth cookies): traces and logs can still show that it changed.
 */
export function digest(value: string): string {
  return `sha256:${createHash('sha256')
    .update(value)
    .digest('hex')
    .slice(0, 12)}`
}
