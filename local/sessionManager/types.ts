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

// The pseudo-namespace of cookie-type inputs (e.g. `VtexIdclientAutCookie`).
// The emulator fills it from the request cookies, never lets callers write
// it, and never returns it from `GET /api/sessions`: it carries credentials.
export { COOKIE_NAMESPACE } from '../../session-config'

export type LogEntry = Record<string, unknown> & { event: string }
export type Logger = (entry: LogEntry) => void
