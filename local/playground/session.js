// @ts-check
/**
 * The session's namespaces, with the fields the shown cycle changed
 * highlighted and attributed to the app and round that wrote them.
 */
import { byId, el, replace, showValue } from './dom.js'

/** @typedef {import('../sessionManager/traces').SessionTrace} SessionTrace */
/** @typedef {Record<string, Record<string, { value: string }>>} WireNamespaces */
/** @typedef {{ id: string, createdAt: string, updatedAt: string, namespaces: WireNamespaces }} SessionView */
/** @typedef {{ writer: string, round?: number, before?: string, after?: string }} Write */

/**
 * Field → its last write in the cycle (the request itself, then each round).
 *
 * @param {SessionTrace | undefined} trace
 * @returns {Map<string, Write>}
 */
export function writesOf(trace) {
  /** @type {Map<string, Write>} */
  const writes = new Map()

  for (const change of trace?.requestChanges ?? []) {
    writes.set(change.field, { writer: 'the request', ...change })
  }

  for (const round of trace?.rounds ?? []) {
    for (const entry of round.apps) {
      for (const change of entry.changes) {
        const earlier = writes.get(change.field)

        writes.set(change.field, {
          writer: entry.app,
          round: round.round,
          after: change.after,
          // The value before the cycle, not before this round.
          before: earlier ? earlier.before : change.before,
        })
      }
    }
  }

  return writes
}

/** @param {Write} write */
const writerLabel = (write) =>
  write.round === undefined
    ? write.writer
    : `${write.writer} · round ${write.round}`

/**
 * @param {WireNamespaces} namespaces
 * @param {string} key `namespace.field`
 */
export function fieldValue(namespaces, key) {
  const dot = key.indexOf('.')

  return namespaces[key.slice(0, dot)]?.[key.slice(dot + 1)]?.value
}

const SUMMARY = [
  ['shopper', 'authentication.storeUserEmail'],
  ['acting as', 'impersonate.storeUserEmail'],
  ['organization', 'storefront-permissions.organization'],
  ['cost center', 'storefront-permissions.costcenter'],
  ['address', 'storefront-permissions.costCenterAddressId'],
  ['price table', 'pricing.priceTable'],
  ['store number', 'pricing.storeNumber'],
  ['postal code', 'public.postalCode'],
  ['region', 'checkout.regionId'],
]

/**
 * @param {SessionView} session
 * @param {Map<string, Write>} writes
 */
function summary(session, writes) {
  return SUMMARY.flatMap(([label, key]) => {
    const value = fieldValue(session.namespaces, key)
    const changed = writes.has(key)

    return [
      el('dt', {}, label),
      el(
        'dd',
        { 'data-summary': key, class: changed ? 'changed' : undefined },
        key === 'authentication.storeUserEmail' && !value
          ? el('span', { class: 'muted' }, 'anonymous')
          : showValue(value)
      ),
    ]
  })
}

/**
 * @param {SessionView} session
 * @param {Map<string, Write>} writes
 */
function rows(session, writes) {
  /** @type {Array<[string, string, string | undefined]>} */
  const fields = Object.entries(session.namespaces).flatMap(
    ([namespace, values]) =>
      Object.entries(values).map(
        ([field, { value }]) =>
          /** @type {[string, string, string | undefined]} */ ([
            namespace,
            field,
            value,
          ])
      )
  )

  // Removed by the cycle: still listed, so the removal is seen.
  for (const [key, write] of writes) {
    if (
      write.after === undefined &&
      fieldValue(session.namespaces, key) === undefined
    ) {
      const dot = key.indexOf('.')

      if (!key.startsWith('cookie.'))
        fields.push([key.slice(0, dot), key.slice(dot + 1), undefined])
    }
  }

  fields.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]))

  return fields.map(([namespace, field, value]) => {
    const key = `${namespace}.${field}`
    const write = writes.get(key)

    return el(
      'tr',
      { 'data-field': key, class: write ? 'changed' : undefined },
      el('td', {}, namespace),
      el('td', {}, el('code', {}, field)),
      el(
        'td',
        {},
        write && value === undefined
          ? el('span', { class: 'muted' }, '(removed)')
          : showValue(value),
        write
          ? el(
              'span',
              { class: 'was' },
              ...(write.before === undefined
                ? [' new']
                : [' was ', showValue(write.before)])
            )
          : null
      ),
      el(
        'td',
        {},
        write ? el('mark', { class: 'writer' }, writerLabel(write)) : null
      )
    )
  })
}

/**
 * @param {SessionView | undefined} session
 * @param {SessionTrace | undefined} trace the cycle whose writes are highlighted
 * @param {string} emptyText shown when there is no session to show
 */
export function renderSession(session, trace, emptyText) {
  const table = byId('namespaces', HTMLTableElement)
  const [body] = table.tBodies
  const caption = byId('namespaces-caption')

  if (!session) {
    replace(byId('session-summary'))
    replace(
      body,
      el('tr', {}, el('td', { colspan: 4, class: 'hint' }, emptyText))
    )
    replace(caption, 'Namespaces')

    return
  }

  const writes = writesOf(trace)

  replace(byId('session-summary'), ...summary(session, writes))
  replace(body, ...rows(session, writes))
  replace(
    caption,
    `Namespaces of ${session.id.slice(0, 8)}…`,
    trace
      ? el(
          'span',
          { class: 'muted' },
          ` · highlighted: written by cycle #${trace.id}`
        )
      : ''
  )
}
