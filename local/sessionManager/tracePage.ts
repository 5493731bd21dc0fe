/**
 * `GET /_local/`: a plain server-rendered page (no script, no external
 * asset) showing one session's namespaces and the rounds that built it.
 */
import type { FieldChange } from './mergeOutputs'
import type { Session } from './sessionStore'
import type { AppRunTrace, SessionTrace } from './traces'
import { COOKIE_NAMESPACE } from './types'

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;
padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
code{font-size:12px}.bad{color:#b00020;font-weight:600}.ok{color:#1b5e20}
.muted{color:#777}section{margin-bottom:2rem}`

export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const show = (value: string | undefined) =>
  value === undefined
    ? '<span class="muted">(absent)</span>'
    : value === ''
    ? '<span class="muted">""</span>'
    : `<code>${escapeHtml(value)}</code>`

function changeList(changes: FieldChange[]): string {
  if (changes.length === 0) return '<span class="muted">no change</span>'

  return changes
    .map(
      (change) =>
        `<code>${escapeHtml(change.field)}</code>: ${show(
          change.before
        )} → ${show(change.after)}`
    )
    .join('<br>')
}

function sessionLinks(sessions: Session[], current?: string): string {
  if (sessions.length === 0)
    return '<p class="muted">No session yet: POST /api/sessions.</p>'

  const items = sessions.map((session) => {
    const label = `${session.id} (updated ${new Date(
      session.updatedAt
    ).toISOString()})`

    return session.id === current
      ? `<li><strong>${escapeHtml(label)}</strong></li>`
      : `<li><a href="/_local/?session=${encodeURIComponent(
          session.id
        )}">${escapeHtml(label)}</a></li>`
  })

  return `<ul>${items.join('')}</ul>`
}

function namespacesTable(session: Session): string {
  const rows = Object.entries(session.namespaces)
    .filter(([namespace]) => namespace !== COOKIE_NAMESPACE)
    .flatMap(([namespace, fields]) =>
      Object.entries(fields).map(
        ([field, value]) =>
          `<tr><td>${escapeHtml(namespace)}</td><td>${escapeHtml(
            field
          )}</td><td>${show(value)}</td></tr>`
      )
    )

  return `<table><tr><th>namespace</th><th>field</th><th>value</th></tr>${rows.join(
    ''
  )}</table>`
}

function appRow(entry: AppRunTrace): string {
  const statusClass = entry.status === 'ok' ? 'ok' : 'bad'
  const dropped = [...entry.ignored, ...entry.invalid]

  return `<tr><td>${escapeHtml(entry.app)}</td>
<td class="${statusClass}">${escapeHtml(entry.status)} ${escapeHtml(
    entry.httpStatus ?? ''
  )}${entry.error ? `<br><small>${escapeHtml(entry.error)}</small>` : ''}</td>
<td>${entry.durationMs}</td><td>${escapeHtml(entry.cache ?? '')}</td>
<td><code>${escapeHtml(JSON.stringify(entry.input))}</code></td>
<td>${changeList(entry.changes)}${
    dropped.length
      ? `<br><span class="bad">dropped: ${escapeHtml(
          dropped.join(', ')
        )}</span>`
      : ''
  }</td></tr>`
}

function traceSection(trace: SessionTrace): string {
  const rounds = trace.rounds
    .map(
      (round) => `<h4>Round ${round.round} (${round.kind}, ${
        round.durationMs
      } ms)</h4>
<table><tr><th>app</th><th>status</th><th>ms</th><th>cache</th><th>input</th><th>output changes</th></tr>
${round.apps.map(appRow).join('')}</table>`
    )
    .join('')

  const cap = trace.loopCapHit
    ? `<p class="bad">Loop cap hit; still pending: ${escapeHtml(
        trace.pendingApps.join(', ')
      )}</p>`
    : ''

  return `<section><h3>#${trace.id} ${escapeHtml(
    trace.trigger
  )} at ${escapeHtml(trace.at)} (${trace.durationMs} ms, ${
    trace.rounds.length
  } rounds)</h3>
<p>Request changes:<br>${changeList(
    trace.requestChanges
  )}</p>${cap}${rounds}</section>`
}

export function renderTracePage(
  sessions: Session[],
  session: Session | undefined,
  traces: SessionTrace[]
): string {
  const body = session
    ? `<h2>Session ${escapeHtml(session.id)}</h2>${namespacesTable(session)}
<h2>Transform cycles (newest first)</h2>
${
  traces.slice().reverse().map(traceSection).join('') ||
  '<p class="muted">No trace kept for this session.</p>'
}`
    : ''

  return `<!doctype html><html><head><meta charset="utf-8">
<title>Session Manager (local)</title><style>${STYLE}</style></head><body>
<h1>Session Manager (local)</h1>
<p class="muted">JSON: <a href="/_local/trace">/_local/trace</a>${
    session
      ? ` · <a href="/_local/trace?session=${encodeURIComponent(
          session.id
        )}">this session</a>`
      : ''
  }</p>
<h2>Recent sessions</h2>${sessionLinks(
    sessions,
    session?.id
  )}${body}</body></html>`
}
