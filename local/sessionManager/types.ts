import type { SessionAppConfig } from '../../session-config'

/** Session state: namespace → field → value. Values are strings on the wire. */
export type Namespaces = Record<string, Record<string, string>>

/** The `{ns: {field: {value}}}` shape exchanged with callers and apps. */
export type WireNamespaces = Record<string, Record<string, { value: string }>>

/**
 * In-process transform, used by the native app stand-ins. It speaks the same
 * wire format as an HTTP app so both go through the same merge rules.
 */
export type InProcessTransform = (input: WireNamespaces) => unknown

export interface SessionManagerApp {
  config: SessionAppConfig
  /** Base URL of an HTTP app (ignored when `transform` is set). */
  url?: string
  /** Transform route; defaults to `/_v/{app}/session/transform`. */
  path?: string
  headers?: Record<string, string>
  transform?: InProcessTransform
}

/**
 * Pseudo-namespace holding cookie-type inputs (e.g. `VtexIdclientAutCookie`).
 * Filled from the request cookies, never writable by callers, never returned
 * by `GET /api/sessions` because it carries credentials.
 */
export const COOKIE_NAMESPACE = 'cookie'

export type LogEntry = Record<string, unknown> & { event: string }
export type Logger = (entry: LogEntry) => void
