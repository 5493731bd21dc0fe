import { buildApp } from './appWorker'

/** Worker tests run the compiled app, as VTEX IO does: build it once. */
export default function globalSetup() {
  buildApp()
}
