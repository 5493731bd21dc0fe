// @ts-check
/**
 * The app worker's own status (its private route, relayed as
 * `/_local/app/status`): per cache, the LRU against its bound and which layer
 * answered the lookups since the worker started; the latest failures by code.
 */
import { getJson } from './api.js'
import { byId, el, replace } from './dom.js'

const LAYERS = ['lru', 'vbase-fresh', 'vbase-stale', 'upstream', 'failed']

/** @param {number | null | undefined} ratio */
const percent = (ratio) =>
  ratio === null || ratio === undefined ? '–' : `${Math.round(ratio * 100)} %`

/**
 * @typedef {object} CacheStatus
 * @property {{ size: number, max: number }} lru
 * @property {number} lookups
 * @property {Record<string, number | null>} ratio
 */

/** @param {[string, CacheStatus]} entry */
function cacheRow([name, cache]) {
  return el(
    'tr',
    { 'data-cache': name },
    el('th', { scope: 'row' }, name),
    el('td', { 'data-count': 'lru' }, `${cache.lru.size} / ${cache.lru.max}`),
    el('td', { 'data-count': 'lookups' }, cache.lookups),
    ...LAYERS.map((layer) =>
      el(
        'td',
        {
          'data-layer': layer,
          class: layer === 'failed' && cache.ratio[layer] ? 'bad' : undefined,
        },
        percent(cache.ratio[layer])
      )
    )
  )
}

/**
 * @param {{ lookup: string, stage: string, code: string, count: number, lastAt: string }} failure
 */
const failureItem = (failure) =>
  el(
    'li',
    { 'data-failure': `${failure.lookup} ${failure.stage} ${failure.code}` },
    el('strong', {}, failure.lookup),
    ` ${failure.stage} `,
    el('code', {}, failure.code),
    ` × ${failure.count}, last ${new Date(failure.lastAt).toLocaleTimeString()}`
  )

/** Reads the worker's status and shows it; says so when it cannot. */
export async function refreshStatus() {
  const summary = byId('status-summary')
  const [body] = byId('app-status', HTMLTableElement).tBodies
  const failures = byId('status-failures', HTMLUListElement)
  let answer

  try {
    answer = await getJson('/_local/app/status')
  } catch (error) {
    answer = {
      status: 0,
      body: { error: /** @type {Error} */ (error).message },
    }
  }

  if (answer.status !== 200) {
    replace(summary, `No status: ${answer.body.error ?? answer.status}`)
    replace(body)
    replace(failures)

    return
  }

  const status = answer.body

  replace(
    summary,
    `Worker ${status.pid} on ${status.host}, up ${status.uptimeSeconds} s, ` +
      `${status.memoryMb.rss} MB resident`
  )
  replace(body, ...Object.entries(status.caches).map(cacheRow))
  replace(
    failures,
    ...(status.recentFailures.length > 0
      ? status.recentFailures.map(failureItem)
      : [el('li', { class: 'muted' }, 'No failure since the worker started.')])
  )
  byId('app-status-panel').dataset.refreshed = String(
    Number(byId('app-status-panel').dataset.refreshed ?? 0) + 1
  )
}
