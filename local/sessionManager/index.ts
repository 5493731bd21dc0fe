export { startSessionManager } from './server'
export type { RunningSessionManager, SessionManagerOptions } from './server'
export {
  loadAppRegistry,
  readRegistry,
  DEFAULT_REGISTRY_PATH,
} from './registry'
export type { RegistryEntry, RegistryOptions } from './registry'
export type {
  SessionTrace,
  RoundTrace,
  AppRunTrace,
  TraceStore,
} from './traces'
export type {
  InProcessTransform,
  Logger,
  SessionManagerApp,
  WireNamespaces,
} from './types'
