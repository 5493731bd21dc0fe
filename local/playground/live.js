// @ts-check
/**
 * The emulator's event stream (`/_local/events`). EventSource reconnects by
 * itself (the server asks for 1 s); if the browser gives up (the stream
 * closed for good) a new one is opened. Each connection starts with `hello`:
 * a new `bootId` means the emulator restarted and its sessions are gone.
 */
import { byId } from './dom.js'

const REOPEN_MS = 2000

/**
 * @typedef {object} LiveHandlers
 * @property {(hello: { bootId: string, startedAt: string }, restarted: boolean) => void} hello
 * @property {(cycle: { traceId: number, sessionId: string, trigger: string, at: string }) => void} cycle
 * @property {(snapshot: import('../sessionManager/platformRelay').PlatformSnapshot) => void} platform
 */

/**
 * @param {'connecting' | 'live' | 'reconnecting'} state
 * @param {string} text
 */
function showState(state, text) {
  const status = byId('live-status')

  status.dataset.state = state
  status.textContent = text
}

/**
 * @param {MessageEvent} event
 * @returns {any}
 */
const data = (event) => JSON.parse(event.data)

/** @param {LiveHandlers} handlers */
export function connectLive(handlers) {
  /** @type {string | undefined} */
  let bootId

  const open = () => {
    const source = new EventSource('/_local/events')

    source.addEventListener('hello', (event) => {
      const hello = data(/** @type {MessageEvent} */ (event))
      const restarted = bootId !== undefined && bootId !== hello.bootId

      bootId = hello.bootId
      showState(
        'live',
        `live · emulator up since ${new Date(
          hello.startedAt
        ).toLocaleTimeString()}`
      )
      handlers.hello(hello, restarted)
    })
    source.addEventListener('cycle', (event) =>
      handlers.cycle(data(/** @type {MessageEvent} */ (event)))
    )
    source.addEventListener('platform', (event) =>
      handlers.platform(data(/** @type {MessageEvent} */ (event)))
    )
    source.addEventListener('error', () => {
      showState('reconnecting', 'emulator unreachable · reconnecting…')
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(open, REOPEN_MS)
      }
    })
  }

  open()
}
