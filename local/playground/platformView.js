// @ts-check
/**
 * What the platform stand-in reports, as the watch streams it: the armed
 * faults (with their countdown) and the upstream call counters.
 */
import { byId, el, replace } from './dom.js'
import { KIND_LABELS } from './faults.js'

/** @typedef {import('../sessionManager/platformRelay').PlatformSnapshot} PlatformSnapshot */
/** @typedef {import('../platform/faults').Fault} Fault */

const SERVICE_LABELS = {
  pricing: 'Pricing backend',
  graphql: 'B2B GraphQL',
  vbase: 'VBase',
  settings: 'Apps settings',
}

/** @param {Fault} fault */
function describeFault(fault) {
  const parts = [KIND_LABELS[fault.kind] ?? fault.kind]

  if (fault.kind === 'slow') parts.push(`${fault.ms} ms`)
  if (fault.kind === 'status') parts.push(`HTTP ${fault.status}`)
  if (fault.count !== undefined) parts.push(`${fault.count} calls left`)
  if (fault.expiresAt) {
    const left = Math.max(
      0,
      Math.ceil((Date.parse(fault.expiresAt) - Date.now()) / 1000)
    )

    parts.push(`${left} s left`)
  } else {
    parts.push('until cleared')
  }

  return parts.join(' · ')
}

/** @param {PlatformSnapshot | undefined} snapshot */
export function renderArmed(snapshot) {
  const list = byId('armed-faults', HTMLUListElement)

  if (!snapshot?.reachable) {
    replace(
      list,
      el(
        'li',
        { class: 'muted' },
        snapshot ? snapshot.error : 'waiting for the platform stand-in…'
      )
    )

    return
  }

  const items = Object.entries(snapshot.faults.services).flatMap(
    ([service, knobs]) => {
      const label =
        SERVICE_LABELS[/** @type {keyof SERVICE_LABELS} */ (service)] ?? service

      const armed = []

      if (knobs.fault)
        armed.push(
          el(
            'li',
            {
              class: 'armed-fault',
              'data-service': service,
              'data-kind': knobs.fault.kind,
            },
            el('strong', {}, label),
            `: ${describeFault(knobs.fault)}`
          )
        )
      if (knobs.delayMs > 0)
        armed.push(
          el(
            'li',
            { 'data-service': service },
            el('strong', {}, label),
            `: +${knobs.delayMs} ms on every call`
          )
        )

      return armed
    }
  )

  const overrides = Object.keys(snapshot.faults.settingsOverrides)

  if (overrides.length > 0)
    items.push(
      el(
        'li',
        {},
        el('strong', {}, 'Apps settings'),
        `: overridden for ${overrides.join(', ')}`
      )
    )
  replace(
    list,
    ...(items.length > 0
      ? items
      : [
          el(
            'li',
            { class: 'muted' },
            'No fault armed: every stand-in answers normally.'
          ),
        ])
  )
}

/** @param {PlatformSnapshot | undefined} snapshot */
export function renderCounters(snapshot) {
  const [body] = byId('counters', HTMLTableElement).tBodies

  if (!snapshot?.reachable) {
    replace(body)

    return
  }

  const { pricing, graphql, vbase, settings } = snapshot.counters
  /** @type {Array<[string, string, number, number, string]>} */
  const rows = [
    [
      'pricing',
      'Pricing backend',
      pricing.calls,
      pricing.faulted,
      `${pricing.unauthorized} unauthorized`,
    ],
    ['graphql', 'B2B GraphQL', graphql.calls, graphql.faulted, ''],
    [
      'vbase',
      'VBase',
      vbase.get + vbase.put,
      vbase.faulted,
      `${vbase.get} GET (${vbase.hits} hit, ${vbase.misses} miss), ${vbase.put} PUT`,
    ],
    ['settings', 'Apps settings', settings.calls, settings.faulted, ''],
  ]

  replace(
    body,
    ...rows.map(([id, label, calls, faulted, more]) =>
      el(
        'tr',
        { 'data-service': id },
        el('th', { scope: 'row' }, label),
        el('td', { 'data-count': 'calls' }, calls),
        el(
          'td',
          { 'data-count': 'faulted', class: faulted > 0 ? 'bad' : undefined },
          faulted
        ),
        el('td', { class: 'muted' }, more)
      )
    )
  )
}
