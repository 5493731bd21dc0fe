// @ts-check
/** The selected bar's call: the inputs it got, the outputs it changed. */
import { callKey, callStatus, layerChips, replicaChip } from './calls.js'
import { el, formatMs, replace, showValue } from './dom.js'

/** @typedef {import('../sessionManager/traces').SessionTrace} SessionTrace */
/** @typedef {import('../sessionManager/traces').AppRunTrace} AppRunTrace */

/**
 * @param {Array<{ field: string, before?: string, after?: string }>} changes
 */
function changesTable(changes) {
  if (changes.length === 0)
    return el('p', { class: 'muted' }, 'No output changed.')

  return el(
    'table',
    { class: 'changes' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'field'),
        el('th', { scope: 'col' }, 'before'),
        el('th', { scope: 'col' }, 'after')
      )
    ),
    el(
      'tbody',
      {},
      ...changes.map((change) =>
        el(
          'tr',
          { 'data-field': change.field },
          el('td', {}, el('code', {}, change.field)),
          el('td', {}, showValue(change.before)),
          el(
            'td',
            {},
            change.after === undefined
              ? el('span', { class: 'muted' }, '(removed)')
              : showValue(change.after)
          )
        )
      )
    )
  )
}

/** @param {AppRunTrace['input']} input */
function inputsTable(input) {
  const rows = Object.entries(input).flatMap(([namespace, fields]) =>
    Object.entries(fields).map(([field, { value }]) =>
      el(
        'tr',
        {},
        el('td', {}, el('code', {}, `${namespace}.${field}`)),
        el('td', {}, showValue(value))
      )
    )
  )

  if (rows.length === 0)
    return el('p', { class: 'muted' }, 'No input (RunOnCreate call).')

  return el('table', { class: 'changes' }, el('tbody', {}, ...rows))
}

/**
 * @param {HTMLElement} container
 * @param {SessionTrace | undefined} trace
 * @param {string | undefined} key
 */
export function renderDetails(container, trace, key) {
  const round = trace?.rounds.find((candidate) =>
    key?.startsWith(`${candidate.round}:`)
  )

  const entry = round?.apps.find(
    (candidate) => key === callKey(round, candidate)
  )

  if (!round || !entry) {
    replace(
      container,
      el(
        'p',
        { class: 'hint' },
        'Select a bar to see the inputs it got and the outputs it changed.'
      )
    )

    return
  }

  const status = callStatus(entry)
  const dropped = [
    ...entry.ignored.map((field) => `${field} (not declared)`),
    ...entry.invalid.map((field) => `${field} (not {value})`),
  ]

  replace(
    container,
    el('h3', {}, `${entry.app} · round ${round.round} (${round.kind})`),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'status'),
      el(
        'dd',
        {},
        el('span', { class: `status-badge ${status.kind}` }, status.label),
        entry.error ? ` ${entry.error}` : ''
      ),
      el('dt', {}, 'timing'),
      el(
        'dd',
        {},
        `started ${formatMs(entry.offsetMs)} after the request, took ${formatMs(
          entry.durationMs
        )}`
      ),
      entry.cache ? el('dt', {}, 'cache layers') : null,
      entry.cache ? el('dd', {}, ...layerChips(entry)) : null,
      entry.replica ? el('dt', {}, 'replica') : null,
      entry.replica ? el('dd', {}, replicaChip(entry)) : null
    ),
    el('h4', {}, 'Inputs it got'),
    inputsTable(entry.input),
    el('h4', {}, 'Outputs it changed'),
    changesTable(entry.changes),
    dropped.length > 0 ? el('h4', {}, 'Outputs dropped') : null,
    dropped.length > 0
      ? el(
          'ul',
          { class: 'dropped' },
          ...dropped.map((item) => el('li', {}, item))
        )
      : null
  )
}
