// @ts-check
/**
 * Every request the playground's actions send goes through `send()`, which
 * logs it as a curl line that does the same thing from a terminal (same
 * session cookie, same body). Reads that only refresh the page use `getJson()`.
 */
import { byId, el, replace } from './dom.js'

export const AUTH_COOKIE = 'VtexIdclientAutCookie'
const LOGGED_REQUESTS = 8

/**
 * @typedef {object} Action
 * @property {string} method
 * @property {string} path
 * @property {unknown} [body] sent as JSON when present
 * @property {string} label what the action did, in words
 * @property {string} [sessionId] sent as `vtex_session` in the curl line
 */

/** @param {string} text */
const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`

/** The auth cookie as the browser holds it (not HttpOnly), if any. */
export function authCookie() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=')

    if (name === AUTH_COOKIE) return decodeURIComponent(rest.join('='))
  }

  return undefined
}

/** @param {string | undefined} email signs out when undefined */
export function setAuthCookie(email) {
  document.cookie =
    email === undefined
      ? `${AUTH_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`
      : `${AUTH_COOKIE}=${encodeURIComponent(email)}; Path=/; SameSite=Lax`
}

/**
 * The cookies the emulator reads from this browser: the HttpOnly session
 * cookie (its value learnt from the answers) and the auth cookie.
 *
 * @param {string | undefined} sessionId
 */
function cookieHeader(sessionId) {
  const auth = authCookie()

  return [
    sessionId ? `vtex_session=${sessionId}` : '',
    auth ? `${AUTH_COOKIE}=${encodeURIComponent(auth)}` : '',
  ]
    .filter(Boolean)
    .join('; ')
}

/** @param {Action} action */
export function curlLine({ method, path, body, sessionId }) {
  const parts = [
    'curl -s',
    `-X ${method}`,
    shellQuote(`${window.location.origin}${path}`),
  ]

  if (body !== undefined) parts.push(`-H 'content-type: application/json'`)
  // Only the storefront API reads cookies; the /_local endpoints ignore them.
  const cookie = path.startsWith('/api/') ? cookieHeader(sessionId) : ''

  if (cookie) parts.push(`-H ${shellQuote(`cookie: ${cookie}`)}`)
  if (body !== undefined) parts.push(`-d ${shellQuote(JSON.stringify(body))}`)

  return parts.join(' ')
}

/** @param {string} text @param {HTMLButtonElement} button */
async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text)
    button.textContent = 'Copied'
  } catch {
    button.textContent = 'Select the line to copy'
  }
}

/**
 * @param {Action} action
 * @param {number | string} status
 */
function logRequest(action, status) {
  const log = byId('request-log', HTMLOListElement)
  const line = curlLine(action)
  const copyButton = el('button', { type: 'button', class: 'copy' }, 'Copy')

  copyButton.setAttribute('aria-label', `Copy the curl line: ${action.label}`)
  copyButton.addEventListener('click', () => copy(line, copyButton))
  const item = el(
    'li',
    { class: 'request' },
    el(
      'p',
      { class: 'request-title' },
      el('strong', {}, action.label),
      ' ',
      el('code', {}, `${action.method} ${action.path}`),
      ' → ',
      el('span', { class: `http-status s${String(status)[0]}` }, String(status))
    ),
    el('pre', {}, el('code', { class: 'curl' }, line)),
    copyButton
  )

  log.insertBefore(item, log.firstChild)
  while (log.children.length > LOGGED_REQUESTS) log.lastElementChild?.remove()
}

/**
 * @param {Response} response
 * @returns {Promise<any>}
 */
async function readJson(response) {
  const text = await response.text()

  try {
    return JSON.parse(text)
  } catch {
    return { error: text.slice(0, 200) }
  }
}

/**
 * Sends an action's request (same origin, the browser's cookies) and logs it.
 *
 * @param {Action} action
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function send(action) {
  const { method, path, body } = action
  let response

  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (error) {
    logRequest(action, 'no answer')
    throw error
  }

  logRequest(action, response.status)

  return { status: response.status, body: await readJson(response) }
}

/**
 * @param {string} path
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function getJson(path) {
  const response = await fetch(path, { credentials: 'same-origin' })

  return { status: response.status, body: await readJson(response) }
}

/** @param {string} message shown until the next one (empty hides it) */
export function notice(message) {
  const box = byId('notice')

  replace(box, message)
  box.hidden = message === ''
}

/**
 * Runs work nobody awaits (a click handler's request); a failure, e.g. the
 * emulator being unreachable, becomes a notice instead of a silent rejection.
 *
 * @param {Promise<unknown>} task
 */
export function inBackground(task) {
  task.catch((error) => notice(`Request failed: ${error.message}`))
}
