// @ts-check
/**
 * The playground's state and wiring: which session is shown, its last
 * cycles, the platform's faults and counters; refreshed on every action and
 * every event the emulator streams.
 */
import { getJson, inBackground, notice } from './api.js'
import { byId, el, replace, setOptions } from './dom.js'
import {
  bindDrive,
  renderAddresses,
  renderBuyers,
  renderOwnSession,
  renderPublicFields,
} from './drive.js'
import { renderCycle } from './cycle.js'
import { bindFaults } from './faults.js'
import {
  bindImpersonation,
  renderImpersonation,
  renderImpersonationTargets,
} from './impersonation.js'
import { renderArmed, renderCounters } from './platformView.js'
import { connectLive } from './live.js'
import { renderSession } from './session.js'
import { refreshStatus } from './statusView.js'

/** @typedef {import('../sessionManager/traces').SessionTrace} SessionTrace */
/** @typedef {import('./session.js').SessionView} SessionView */
/** @typedef {import('../sessionManager/platformRelay').PlatformSnapshot} PlatformSnapshot */

const OWN = 'own'
const LATEST = 'latest'

const state = {
  /** @type {string | undefined} this browser's vtex_session */
  ownSessionId: undefined,
  /** @type {string | undefined} the session whose change came last */
  latestSessionId: undefined,
  /** @type {import('../platform/fixtures').Fixtures | undefined} */
  fixtures: undefined,
  /** @type {SessionView | undefined} */
  session: undefined,
  /** @type {SessionTrace[]} oldest first */
  traces: [],
  /** @type {number | undefined} undefined = the newest */
  traceId: undefined,
  /** @type {string | undefined} `round:app` of the selected bar */
  callKey: undefined,
  /** @type {PlatformSnapshot | undefined} */
  platform: undefined,
  /** @type {string | undefined} from `?session=` in the page's address */
  requestedSessionId:
    new URLSearchParams(window.location.search).get('session') ?? undefined,
}

const viewSelect = () => byId('session-view', HTMLSelectElement)

/** The session the page shows: its own, the latest changed, or a chosen one. */
function viewedSessionId() {
  const choice = viewSelect().value

  if (choice === LATEST) return state.latestSessionId
  // With no session of its own, the page follows the latest change.
  if (choice === OWN || choice === '') {
    return state.ownSessionId ?? state.latestSessionId
  }

  return choice
}

const shownTrace = () =>
  state.traces.find((trace) => trace.id === state.traceId) ??
  state.traces[state.traces.length - 1]

function render() {
  const trace = shownTrace()
  const viewed = viewedSessionId()

  renderOwnSession(state.ownSessionId)
  renderSession(
    state.session,
    trace,
    viewed
      ? `Session ${viewed} is unknown to the emulator.`
      : "No session yet: create one here, or run the README's curl lines; the page follows the latest change of any session."
  )
  renderFollowing()
  renderImpersonation(state.fixtures, state.session)
  renderAddresses(state.fixtures, state.session)
  renderCycle(state.traces, trace, {
    selected: state.callKey,
    onSelect: (key) => {
      state.callKey = key
      render()
    },
  })
}

/** Says when the page shows another session than this browser's own. */
function renderFollowing() {
  const choice = viewSelect().value
  const following =
    choice === LATEST ||
    ((choice === OWN || choice === '') && !state.ownSessionId)

  byId('following').hidden = !following
}

async function refreshSessionList() {
  const { body } = await getJson('/_local/sessions')
  /** @type {Array<{ id: string, updatedAt: string }>} */
  const sessions = body.sessions ?? []

  const listed = sessions.some(
    (session) => session.id === state.requestedSessionId
  )

  state.latestSessionId = state.latestSessionId ?? sessions[0]?.id
  setOptions(viewSelect(), [
    ...(state.requestedSessionId && !listed
      ? [
          {
            value: state.requestedSessionId,
            label: `${state.requestedSessionId} (from the address)`,
          },
        ]
      : []),
    {
      value: OWN,
      label: state.ownSessionId
        ? `This browser's session (${state.ownSessionId.slice(0, 8)}…)`
        : "This browser's session (none yet: following the latest change)",
    },
    { value: LATEST, label: 'Follow the latest change, any session' },
    ...sessions
      .filter((session) => session.id !== state.ownSessionId)
      .map((session) => ({
        value: session.id,
        label: `${session.id.slice(0, 8)}… updated ${new Date(
          session.updatedAt
        ).toLocaleTimeString()}`,
      })),
  ])
}

/** Reads the shown session and its traces, then renders. */
async function refreshView() {
  const id = viewedSessionId()
  const [session, traces] = id
    ? await Promise.all([
        getJson(`/_local/sessions/${encodeURIComponent(id)}`),
        getJson(`/_local/trace?session=${encodeURIComponent(id)}`),
      ])
    : [undefined, undefined]

  const previous = state.session?.id

  state.session = session?.status === 200 ? session.body : undefined
  state.traces = traces?.body.traces ?? []
  if (state.session?.id !== previous) state.callKey = undefined
  state.traceId = undefined
  render()
  document.body.dataset.refreshed = String(
    Number(document.body.dataset.refreshed ?? 0) + 1
  )
}

// Refreshes run one at a time; requests arriving meanwhile fold into one.
let refreshing = Promise.resolve()
let pending = false

function refresh() {
  if (pending) return refreshing
  pending = true
  refreshing = refreshing
    .then(async () => {
      pending = false
      await refreshSessionList()
      await refreshView()
    })
    .catch((error) => notice(`Refresh failed: ${error.message}`))

  return refreshing
}

/** @param {PlatformSnapshot} snapshot */
function showPlatform(snapshot) {
  state.platform = snapshot
  renderArmed(snapshot)
  renderCounters(snapshot)
}

async function loadStatic() {
  const [fixtures, apps, own] = await Promise.all([
    getJson('/_local/platform/fixtures'),
    getJson('/_local/apps'),
    getJson('/_local/own-session'),
  ])

  state.fixtures = fixtures.status === 200 ? fixtures.body : undefined
  state.ownSessionId = own.body?.id ?? undefined
  renderBuyers(state.fixtures)
  renderImpersonationTargets(state.fixtures)
  /** @type {Array<{ inputs: string[] }>} */
  const appList = apps.body.apps ?? []

  renderPublicFields(
    [
      ...new Set(
        appList
          .flatMap((app) => app.inputs)
          .filter((field) => field.startsWith('public.'))
      ),
    ]
      .map((field) => field.slice('public.'.length))
      .sort()
  )
}

async function start() {
  await loadStatic()
  await refreshSessionList()
  if (state.requestedSessionId) viewSelect().value = state.requestedSessionId
  viewSelect().addEventListener('change', () => {
    renderFollowing()
    inBackground(refreshView())
  })
  byId('cycle-select', HTMLSelectElement).addEventListener(
    'change',
    (event) => {
      state.traceId = Number(
        /** @type {HTMLSelectElement} */ (event.target).value
      )
      state.callKey = undefined
      render()
    }
  )

  /** @type {import('./drive.js').DriveContext} */
  const drive = {
    ownSessionId: () => state.ownSessionId,
    setOwnSessionId: (id) => {
      state.ownSessionId = id
      if (id) viewSelect().value = OWN
    },
    changed: () => inBackground(refresh()),
  }

  bindDrive(drive)
  bindImpersonation(drive)

  bindFaults()
  byId('refresh-status', HTMLButtonElement).addEventListener('click', () =>
    inBackground(refreshStatus())
  )
  inBackground(refreshStatus())
  // Countdowns of armed faults.
  setInterval(() => renderArmed(state.platform), 1000)

  connectLive({
    hello: (_hello, restarted) => {
      if (restarted) {
        notice(
          'The emulator restarted: sessions live in its memory, so the ones shown before are gone.'
        )
        state.latestSessionId = undefined
        inBackground(loadStatic().then(refresh))
      } else {
        inBackground(refresh())
      }
    },
    cycle: (cycle) => {
      state.latestSessionId = cycle.sessionId
      inBackground(refresh())
      // A cycle is our app's lookups: its counters moved.
      inBackground(refreshStatus())
    },
    platform: showPlatform,
  })

  await refresh()
  document.body.dataset.ready = 'true'
}

start().catch((error) => {
  replace(
    byId('notice'),
    el('strong', {}, 'The playground could not start: '),
    error.message
  )
  byId('notice').hidden = false
})
