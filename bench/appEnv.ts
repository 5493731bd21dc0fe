/**
 * `@vtex/api` reads the app's identity from the environment when it is first
 * loaded (VBase refuses to build without it). Import this module before
 * anything that loads `@vtex/api` in this process.
 */
import { appIdentity } from '../local/appWorker'

const app = appIdentity()

process.env.VTEX_APP_ID = process.env.VTEX_APP_ID ?? app.id
process.env.VTEX_APP_VENDOR = process.env.VTEX_APP_VENDOR ?? app.vendor
process.env.VTEX_APP_NAME = process.env.VTEX_APP_NAME ?? app.name
process.env.VTEX_APP_VERSION = process.env.VTEX_APP_VERSION ?? app.version
