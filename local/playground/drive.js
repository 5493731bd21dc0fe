// @ts-check
/**
 * The storefront side: this browser's session through `/api/sessions`, as a
 * storefront drives it (cookies, `public` writes), each request logged with
 * its curl line.
 */
import { authCookie, inBackground, notice, send, setAuthCookie } from './api.js'
import { byId, el, replace, setOptions } from './dom.js'
import { fieldValue } from './session.js'

/** @typedef {import('../platform/fixtures').Fixtures} Fixtures */
/** @typedef {import('./session.js').SessionView} SessionView */

const SESSION_PATH = '/api/sessions?items=*'

/**
 * @typedef {object} DriveContext
 * @property {() => string | undefined} ownSessionId
 * @property {(id: string | undefined) => void} setOwnSessionId
 * @property {() => void} changed called after every action
 */

/**
 * PATCHes this browser's session (its cookies, `body`'s public writes) and
 * says what went wrong, if anything.
 *
 * @param {DriveContext} context
 * @param {string} label
 * @param {unknown} body
 */
export async function patch(context, label, body = {}) {
  const sessionId = context.ownSessionId()

  if (!sessionId) {
    notice('Create a session first: this browser has none.')

    return
  }

  const { status, body: answer } = await send({
    method: 'PATCH',
    path: SESSION_PATH,
    body,
    label,
    sessionId,
  })

  if (status === 404) {
    context.setOwnSessionId(undefined)
    notice(
      'The emulator does not know this session any more (restarted?): create a new one.'
    )
  } else if (status >= 400) {
    notice(`${label}: ${status} ${answer.error ?? ''}`)
  } else {
    notice('')
  }

  context.changed()
}

/** @param {DriveContext} context */
async function createSession(context) {
  const { status, body } = await send({
    method: 'POST',
    path: SESSION_PATH,
    body: {},
    label: 'Create a session',
  })

  if (status === 201) {
    context.setOwnSessionId(body.id)
    notice('')
  } else {
    notice(`Create a session: ${status} ${body.error ?? ''}`)
  }

  context.changed()
}

/** @param {DriveContext} context */
export function bindDrive(context) {
  byId('create-session').addEventListener('click', () =>
    inBackground(createSession(context))
  )

  byId('buyer-select', HTMLSelectElement).addEventListener(
    'change',
    (event) => {
      const { value } = /** @type {HTMLSelectElement} */ (event.target)

      if (value) byId('buyer-email', HTMLInputElement).value = value
    }
  )

  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const email = byId('buyer-email', HTMLInputElement).value.trim()

    // Locally the auth cookie's value is the email (no VTEX ID to ask).
    setAuthCookie(email)
    inBackground(patch(context, `Sign in as ${email}`))
  })

  byId('sign-out').addEventListener('click', () => {
    setAuthCookie(undefined)
    inBackground(patch(context, 'Sign out'))
  })

  byId('address-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const addressId = byId('address-select', HTMLSelectElement).value

    if (!addressId) return
    inBackground(
      patch(context, `Pick address ${addressId}`, {
        public: { costCenterAddressId: { value: addressId } },
      })
    )
  })

  const publicWrite = (/** @type {boolean} */ remove) => {
    const field = byId('public-field', HTMLInputElement)

    if (!field.reportValidity()) return
    const { value } = byId('public-value', HTMLInputElement)

    inBackground(
      patch(
        context,
        remove ? `Remove public.${field.value}` : `Set public.${field.value}`,
        {
          public: { [field.value]: remove ? null : { value } },
        }
      )
    )
  }

  byId('public-form').addEventListener('submit', (event) => {
    event.preventDefault()
    publicWrite(false)
  })
  byId('public-remove').addEventListener('click', () => publicWrite(true))
}

/** @param {Fixtures | undefined} fixtures */
export function renderBuyers(fixtures) {
  const users = fixtures?.users ?? []
  const select = byId('buyer-select', HTMLSelectElement)

  setOptions(select, [
    {
      value: '',
      label: users.length
        ? 'choose a buyer…'
        : 'no fixtures (platform stand-in unreachable)',
    },
    ...users.map((user) => ({
      value: user.email,
      label: `${user.email} · ${user.organization} / ${user.costcenter}${
        user.canImpersonate ? ' · may impersonate' : ''
      }`,
    })),
  ])
}

/**
 * The addresses of the session's cost center, from the fixtures.
 *
 * @param {Fixtures | undefined} fixtures
 * @param {SessionView | undefined} session
 */
export function renderAddresses(fixtures, session) {
  const namespaces = session?.namespaces ?? {}
  const costCenterId = fieldValue(
    namespaces,
    'storefront-permissions.costcenter'
  )

  const current = fieldValue(
    namespaces,
    'storefront-permissions.costCenterAddressId'
  )

  const chosen = fieldValue(namespaces, 'public.costCenterAddressId')
  const costCenter = fixtures?.costCenters.find(
    (candidate) => candidate.id === costCenterId
  )

  const select = byId('address-select', HTMLSelectElement)

  setOptions(
    select,
    // /_local/platform/fixtures serves every address with its id (derived
    // as B2B derives it when the fixture has none).
    (costCenter?.addresses ?? []).map((address) => ({
      value: address.addressId ?? '',
      label: `${address.addressId} · ${address.postalCode} ${address.city}, ${
        address.street
      }${address.addressId === current ? ' (in use)' : ''}`,
    })),
    current
  )
  select.disabled = !costCenter
  const selectable =
    fixtures?.b2bSettings?.enableCostCenterAddressSelection === true

  replace(
    byId('address-hint'),
    addressHint(costCenter, selectable, { chosen, current })
  )
}

/**
 * @param {Fixtures['costCenters'][number] | undefined} costCenter
 * @param {boolean} selectable the merchant's enableCostCenterAddressSelection
 * @param {{ chosen?: string, current?: string }} ids the shopper's pick
 *   (public.costCenterAddressId) and what storefront-permissions answered
 */
function addressHint(costCenter, selectable, { chosen, current }) {
  if (!costCenter) {
    return 'Sign in as a B2B buyer: the addresses are those of their cost center.'
  }

  const setting = selectable
    ? 'storefront-permissions follows the pick (b2bSettings.enableCostCenterAddressSelection is on).'
    : 'storefront-permissions ignores the pick and uses the first address (b2bSettings.enableCostCenterAddressSelection is off).'

  if (chosen === undefined || chosen === current) {
    return `${costCenter.name}: ${costCenter.addresses.length} address(es). Picking one PATCHes public.costCenterAddressId; ${setting}`
  }

  const known = costCenter.addresses.some(
    (address) => address.addressId === chosen
  )

  return known
    ? `public.costCenterAddressId is ${chosen}, storefront-permissions answered ${current}: ${setting}`
    : `public.costCenterAddressId is ${chosen}, not an address of ${costCenter.name}: storefront-permissions answered ${current}.`
}

/** @param {string | undefined} sessionId */
export function renderOwnSession(sessionId) {
  const email = authCookie()

  replace(
    byId('own-session'),
    sessionId
      ? el('span', {}, 'vtex_session ', el('code', {}, sessionId))
      : 'No session yet: create one.',
    email
      ? el('span', {}, ' · auth cookie ', el('code', {}, email))
      : ' · signed out'
  )
}

/** @param {string[]} fields public fields some app reads */
export function renderPublicFields(fields) {
  replace(
    byId('public-fields'),
    ...fields.map((field) => el('option', { value: field }))
  )
}
