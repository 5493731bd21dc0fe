/**
 * The session-configuration model: what apps declare in
 * `vtex.session/configuration.json`, how it is validated, and the dependency
 * graph between apps. The emulator (`local/sessionManager`) runs it and the
 * checker (`scripts/sessionCheck`) judges it; it imports neither.
 */
export * from './fields'
export * from './issues'
export * from './parse'
export * from './graph'
export * from './nativeApps'
