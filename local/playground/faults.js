// @ts-check
/**
 * The stand-ins' fault knobs, through the emulator's `/_local/platform/*`
 * relay: one form per upstream to arm a fault for a while, or clear it.
 */
import { inBackground, send } from './api.js'
import { byId, el, replace } from './dom.js'

/** @type {Array<{ id: 'pricing' | 'graphql' | 'vbase', label: string, kinds: string[] }>} */
export const FAULT_TARGETS = [
  {
    id: 'pricing',
    label: 'Pricing backend',
    kinds: ['down', 'slow', 'status', 'garbage'],
  },
  {
    id: 'graphql',
    label: 'B2B GraphQL',
    kinds: ['down', 'slow', 'status', 'errors', 'garbage'],
  },
  {
    id: 'vbase',
    label: 'VBase',
    kinds: ['down', 'slow', 'status', 'corrupt', 'garbage'],
  },
]

/** @type {Record<string, string>} */
export const KIND_LABELS = {
  down: 'down (connection reset)',
  slow: 'slow',
  status: '5xx answer',
  errors: 'GraphQL errors',
  corrupt: 'corrupt document',
  garbage: 'broken JSON',
}

const DURATIONS = [
  ['10000', '10 s'],
  ['30000', '30 s'],
  ['60000', '1 min'],
  ['300000', '5 min'],
  ['', 'until cleared'],
]

const FAULTS_PATH = '/_local/platform/faults'

/**
 * @param {string} service
 * @param {Record<string, unknown> | null} fault null clears it
 */
const postFault = (service, fault) =>
  inBackground(
    send({
      method: 'POST',
      path: FAULTS_PATH,
      body: { [service]: { fault } },
      label: fault
        ? `Arm a ${fault.kind} fault on ${service}`
        : `Clear the ${service} fault`,
    })
  )

/**
 * @param {string} id
 * @param {string} text
 * @param {HTMLElement} control
 */
const labelled = (id, text, control) => {
  control.id = id

  return el('span', { class: 'field' }, el('label', { for: id }, text), control)
}

/**
 * @param {string[][]} options
 * @param {string} [selected]
 */
function select(options, selected) {
  const node = el(
    'select',
    {},
    ...options.map(([value, label]) => el('option', { value }, label))
  )

  if (selected !== undefined) node.value = selected

  return node
}

/** One form per service (kind, its parameter, how long; Arm, Clear), Clear all, Reset counters. */
export function bindFaults() {
  const forms = FAULT_TARGETS.map(({ id, label, kinds }) => {
    const kind = select(kinds.map((value) => [value, KIND_LABELS[value]]))
    const delay = el('input', {
      type: 'number',
      min: 0,
      max: 10000,
      step: 100,
      value: 1500,
    })

    const status = select(
      [
        ['500', '500'],
        ['502', '502'],
        ['503', '503'],
        ['504', '504'],
      ],
      '503'
    )

    const duration = select(DURATIONS, '60000')
    const delayField = labelled(`fault-${id}-ms`, 'delay (ms)', delay)
    const statusField = labelled(`fault-${id}-status`, 'status', status)

    const sync = () => {
      delayField.hidden = kind.value !== 'slow'
      statusField.hidden = kind.value !== 'status'
    }

    kind.addEventListener('change', sync)
    sync()
    const clearButton = el(
      'button',
      { type: 'button', class: 'secondary' },
      'Clear'
    )

    clearButton.setAttribute('aria-label', `Clear the ${label} fault`)
    clearButton.addEventListener('click', () => postFault(id, null))
    const form = el(
      'form',
      { class: 'fault', 'data-service': id },
      el(
        'fieldset',
        {},
        el('legend', {}, label),
        labelled(`fault-${id}-kind`, 'fault', kind),
        delayField,
        statusField,
        labelled(`fault-${id}-duration`, 'for', duration),
        el(
          'span',
          { class: 'actions' },
          el(
            'button',
            { type: 'submit', 'aria-label': `Arm the ${label} fault` },
            'Arm'
          ),
          clearButton
        )
      )
    )

    form.addEventListener('submit', (event) => {
      event.preventDefault()
      /** @type {Record<string, unknown>} */
      const fault = { kind: kind.value }

      if (kind.value === 'slow') fault.ms = Number(delay.value)
      if (kind.value === 'status') fault.status = Number(status.value)
      if (duration.value) fault.durationMs = Number(duration.value)
      postFault(id, fault)
    })

    return form
  })

  replace(byId('fault-controls'), ...forms)
  byId('clear-faults').addEventListener('click', () =>
    inBackground(
      send({ method: 'DELETE', path: FAULTS_PATH, label: 'Clear every fault' })
    )
  )
  byId('reset-counters').addEventListener('click', () =>
    inBackground(
      send({
        method: 'POST',
        path: '/_local/platform/stats/reset',
        body: {},
        label: 'Reset the counters',
      })
    )
  )
}
