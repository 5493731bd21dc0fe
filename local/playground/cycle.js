// @ts-check
/** The cycle section: which cycle, its summary, the waterfall, the selected call. */
import { renderDetails } from './details.js'
import { byId, replace, setOptions } from './dom.js'
import { renderWaterfall } from './waterfall.js'

/** @typedef {import('../sessionManager/traces').SessionTrace} SessionTrace */

/**
 * @param {SessionTrace[]} traces the shown session's cycles, oldest first
 * @param {SessionTrace | undefined} trace the one to show
 * @param {{ selected: string | undefined, onSelect: (key: string) => void }} view
 */
export function renderCycle(traces, trace, view) {
  setOptions(
    byId('cycle-select', HTMLSelectElement),
    traces
      .slice()
      .reverse()
      .map((candidate, index) => ({
        value: String(candidate.id),
        label: `#${candidate.id} ${candidate.trigger} at ${new Date(
          candidate.at
        ).toLocaleTimeString()} · ${candidate.rounds.length} rounds · ${
          candidate.durationMs
        } ms${index === 0 ? ' (last)' : ''}`,
      })),
    trace ? String(trace.id) : undefined
  )
  if (trace) byId('cycle-select', HTMLSelectElement).value = String(trace.id)
  replace(
    byId('cycle-summary'),
    trace
      ? `Cycle #${trace.id} (${trace.trigger}): ${
          trace.rounds.length
        } rounds in ${trace.durationMs} ms${
          trace.loopCapHit
            ? `, loop cap hit; still pending: ${trace.pendingApps.join(', ')}`
            : ''
        }.`
      : ''
  )
  const waterfall = byId('waterfall')
  // Bars are rebuilt: keep the keyboard focus on the bar that had it.
  const focusedKey =
    document.activeElement instanceof HTMLElement
      ? document.activeElement.dataset.key
      : undefined

  waterfall.dataset.traceId = trace ? String(trace.id) : ''
  renderWaterfall(waterfall, trace, view)
  if (focusedKey)
    waterfall
      .querySelector(`[data-key="${CSS.escape(focusedKey)}"]`)
      ?.closest('button')
      ?.focus()
  renderDetails(byId('call-details'), trace, view.selected)
}
