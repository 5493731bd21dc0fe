// A/B baseline only (bench/noObservability/README.md): no status line.
export { STATUS_LOG_INTERVAL_MS, workerStatus } from './status.observed'

export function startWorkerStatusClock() {}

export function logWorkerStatusIfDue(..._args: unknown[]) {}
