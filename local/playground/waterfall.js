// @ts-check
/**
 * One cycle's rounds on a time axis: a bar per app call, placed at its start
 * offset and sized by its duration. Our app's bars carry the cache layer that
 * answered each lookup (`x-pricing-session-cache`) and, when the trace names
 * it, the replica that served the call.
 */
import {
  cacheLayers,
  callKey,
  callStatus,
  layerChips,
  replicaChip,
  SOURCE_LABELS,
} from './calls.js'
import { el, formatMs, replace } from './dom.js'

/** @typedef {import('../sessionManager/traces').SessionTrace} SessionTrace */
/** @typedef {import('../sessionManager/traces').RoundTrace} RoundTrace */
/** @typedef {import('../sessionManager/traces').AppRunTrace} AppRunTrace */

const AXIS_TICKS = 4

/**
 * @param {HTMLElement} bar
 * @param {{ offsetMs: number, durationMs: number }} span
 * @param {number} total the axis length, ms
 */
function place(bar, { offsetMs, durationMs }, total) {
  // CSSOM writes, not style attributes: the page's CSP forbids inline styles.
  bar.style.setProperty('--start', `${(offsetMs / total) * 100}%`)
  bar.style.setProperty('--length', `${(durationMs / total) * 100}%`)
}

/** @param {number} total */
function axis(total) {
  const track = el('span', { class: 'track axis-track', 'aria-hidden': 'true' })

  for (let tick = 0; tick <= AXIS_TICKS; tick += 1) {
    const at = (total * tick) / AXIS_TICKS
    const mark = el('span', { class: 'tick' }, formatMs(at))

    mark.style.setProperty('--start', `${(tick / AXIS_TICKS) * 100}%`)
    track.appendChild(mark)
  }

  return el(
    'div',
    { class: 'wf-row axis' },
    el('span', { class: 'wf-label muted' }, 'time since the request'),
    track,
    el('span', {})
  )
}

/**
 * @param {RoundTrace} round
 * @param {AppRunTrace} entry
 * @param {{ total: number, selected: string | undefined, onSelect: (key: string) => void }} view
 */
function callRow(round, entry, { total, selected, onSelect }) {
  const status = callStatus(entry)
  const key = callKey(round, entry)
  const layers = cacheLayers(entry.cache)
    .map(({ lookup, source }) => `${lookup} ${SOURCE_LABELS[source] ?? source}`)
    .join(', ')

  const bar = el('span', { class: `bar ${status.kind}` })

  place(bar, entry, total)
  const button = el(
    'button',
    {
      type: 'button',
      class: `wf-row call ${status.kind}`,
      'data-key': key,
      'data-app': entry.app,
      'data-round': round.round,
      'data-status': status.kind,
      'aria-pressed': String(key === selected),
      'aria-label': [
        `${entry.app}, round ${round.round}`,
        `${formatMs(entry.durationMs)} from ${formatMs(entry.offsetMs)}`,
        status.label,
        layers,
        entry.replica ? `replica ${entry.replica}` : '',
        `${entry.changes.length} output changes`,
      ]
        .filter(Boolean)
        .join(', '),
    },
    el('span', { class: 'wf-label' }, entry.app),
    el('span', { class: 'track' }, bar),
    el(
      'span',
      { class: 'wf-meta' },
      el('span', { class: 'duration' }, formatMs(entry.durationMs)),
      el('span', { class: `status-badge ${status.kind}` }, status.label),
      ...layerChips(entry),
      replicaChip(entry)
    )
  )

  button.addEventListener('click', () => onSelect(key))

  return button
}

/**
 * @param {HTMLElement} container
 * @param {SessionTrace | undefined} trace
 * @param {{ selected: string | undefined, onSelect: (key: string) => void }} view
 */
export function renderWaterfall(container, trace, view) {
  if (!trace) {
    replace(
      container,
      el('p', { class: 'hint' }, 'No cycle yet for this session.')
    )

    return
  }

  const ends = trace.rounds.flatMap((round) => [
    round.offsetMs + round.durationMs,
    ...round.apps.map((entry) => entry.offsetMs + entry.durationMs),
  ])

  const total = Math.max(trace.durationMs, ...ends, 0.1)
  const rows = trace.rounds.map((round) => {
    const span = el('span', { class: 'round-span' })

    place(span, round, total)

    return el(
      'div',
      {
        class: 'round',
        role: 'group',
        'aria-label': `Round ${round.round}`,
        'data-round': round.round,
      },
      el(
        'div',
        { class: 'wf-row round-head' },
        el('span', { class: 'wf-label' }, `Round ${round.round}`),
        el('span', { class: 'track' }, span),
        el(
          'span',
          { class: 'wf-meta muted' },
          `${round.kind} · ${formatMs(round.durationMs)} · ${
            round.apps.length
          } calls`
        )
      ),
      ...round.apps.map((entry) => callRow(round, entry, { ...view, total }))
    )
  })

  replace(container, axis(total), ...rows)
}
