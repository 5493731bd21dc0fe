// @ts-check
/**
 * Impersonation, as a storefront's telesales bar drives it: the signed-in
 * user PATCHes `public.impersonate` with a buyer's email, and the
 * impersonate-session stand-in names that buyer in `impersonate.*` only when
 * the fixtures let the user impersonate (`canImpersonate`). Stopping PATCHes
 * the field empty. The page says who is acting as whom, and why nothing
 * happened when nothing did.
 */
import { inBackground } from './api.js'
import { byId, replace, setOptions } from './dom.js'
import { patch } from './drive.js'
import { fieldValue } from './session.js'

/** @typedef {import('../platform/fixtures').Fixtures} Fixtures */
/** @typedef {import('./session.js').SessionView} SessionView */
/** @typedef {import('./drive.js').DriveContext} DriveContext */

/** @param {DriveContext} context */
export function bindImpersonation(context) {
  byId('impersonate-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const email = byId('impersonate-select', HTMLSelectElement).value

    if (!email) return
    inBackground(
      patch(context, `Impersonate ${email}`, {
        public: { impersonate: { value: email } },
      })
    )
  })

  byId('impersonate-stop').addEventListener('click', () =>
    inBackground(
      patch(context, 'Stop impersonating', {
        public: { impersonate: { value: '' } },
      })
    )
  )
}

/**
 * Whom one may act as: every fixture user, once (a user may have a row per
 * cost center).
 *
 * @param {Fixtures | undefined} fixtures
 */
export function renderImpersonationTargets(fixtures) {
  const users = [
    ...new Map(
      (fixtures?.users ?? []).map((user) => [user.email, user])
    ).values(),
  ]

  setOptions(byId('impersonate-select', HTMLSelectElement), [
    { value: '', label: users.length ? 'choose a buyer…' : 'no fixtures' },
    ...users.map((user) => ({
      value: user.email,
      label: `${user.email} · ${user.organization} / ${user.costcenter}`,
    })),
  ])
}

/**
 * Who is acting as whom in the shown session, or why nobody is.
 *
 * @param {Fixtures | undefined} fixtures
 * @param {SessionView | undefined} session
 */
export function renderImpersonation(fixtures, session) {
  const namespaces = session?.namespaces ?? {}
  const actor = fieldValue(namespaces, 'authentication.storeUserEmail')
  const actingAs = fieldValue(namespaces, 'impersonate.storeUserEmail')
  const asked = fieldValue(namespaces, 'public.impersonate')
  const users = fixtures?.users ?? []
  // As the stand-in compares them: the session's email is lower-cased.
  const mayImpersonate = users.some(
    (user) => user.email.toLowerCase() === actor && user.canImpersonate === true
  )

  const representatives = [
    ...new Set(
      users.filter((user) => user.canImpersonate).map((user) => user.email)
    ),
  ].join(', ')

  const status = byId('impersonation-status')

  if (actor && actingAs) {
    replace(status, `${actor} acting as ${actingAs}`)
  } else if (!actor) {
    replace(
      status,
      `Sign in as a user the fixtures let impersonate (canImpersonate: ${
        representatives || 'none'
      }), then pick whom to act as.`
    )
  } else if (!mayImpersonate) {
    replace(
      status,
      `${actor} may not impersonate (no canImpersonate in the fixtures): public.impersonate changes nothing.`
    )
  } else if (asked) {
    replace(
      status,
      `${actor} asked for ${asked}, whom they may not act as (unknown to the fixtures, or themself).`
    )
  } else {
    replace(
      status,
      `${actor} may impersonate: pick a buyer. Stop, or signing out, ends it.`
    )
  }
}
