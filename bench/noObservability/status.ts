// A/B baseline only (bench/noObservability/README.md): no status line.
export { workerStatus } from './status.observed'

export function maybeLogWorkerStatus(..._args: unknown[]) {}
