// @ts-check
/**
 * One app call of a trace as the page shows it: its status in words, the
 * cache layers its `x-pricing-session-cache` header names, and the replica
 * that served it when the trace has one.
 */
import { el } from './dom.js'

/** @typedef {import('../sessionManager/traces').RoundTrace} RoundTrace */
/** @typedef {import('../sessionManager/traces').AppRunTrace} AppRunTrace */

/** @type {Record<AppRunTrace['status'], [string, string]>} */
const STATUS = {
  ok: ['ok', 'ok'],
  timeout: ['timeout', 'timed out'],
  'network-error': ['failed', 'failed (network)'],
  'http-error': ['failed', 'failed'],
  exception: ['failed', 'failed (exception)'],
  'invalid-response': ['invalid', 'invalid outputs'],
}

/** @type {Record<string, string>} */
export const SOURCE_LABELS = {
  lru: 'LRU',
  'vbase-fresh': 'VBase',
  'vbase-stale': 'VBase, stale',
  upstream: 'upstream',
  failed: 'failed',
  timeout: 'timed out',
}

/** @param {AppRunTrace} entry */
export function callStatus(entry) {
  if (
    entry.status === 'ok' &&
    entry.ignored.length + entry.invalid.length > 0
  ) {
    return { kind: 'invalid', label: 'invalid outputs' }
  }

  const [kind, label] = STATUS[entry.status] ?? ['failed', entry.status]

  return {
    kind,
    label:
      entry.httpStatus && kind === 'failed'
        ? `${label} (HTTP ${entry.httpStatus})`
        : label,
  }
}

/**
 * `costCenter=lru, pricing=failed` → the lookups and the layer that answered.
 *
 * @param {string | undefined} header
 */
export function cacheLayers(header) {
  return (header ?? '')
    .split(',')
    .map((part) => part.trim().split('='))
    .filter(([lookup, source]) => lookup && source)
    .map(([lookup, source]) => ({ lookup, source }))
}

/** @param {AppRunTrace} entry one chip per lookup: the layer that answered */
export function layerChips(entry) {
  return cacheLayers(entry.cache).map(({ lookup, source }) =>
    el(
      'span',
      {
        class: `chip layer-${source}`,
        'data-lookup': lookup,
        'data-source': source,
      },
      `${source === 'failed' || source === 'timeout' ? '✕ ' : ''}${lookup}: ${
        SOURCE_LABELS[source] ?? source
      }`
    )
  )
}

/** @param {AppRunTrace} entry the replica that served the call, when traced */
export function replicaChip(entry) {
  return entry.replica
    ? el(
        'span',
        { class: 'chip replica', 'data-replica': entry.replica },
        `replica ${entry.replica}`
      )
    : null
}

/** @param {RoundTrace} round @param {AppRunTrace} entry */
export const callKey = (round, entry) => `${round.round}:${entry.app}`
