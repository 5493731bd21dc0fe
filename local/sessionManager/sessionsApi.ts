/**
 * Storefront side of Session Manager: `/api/sessions` and `/api/segments`.
 */
import type { IncomingMessage, ServerResponse } from 'http'

import type { FieldChange } from './mergeOutputs'
import { applyWrites, parseWrites } from './mergeOutputs'
import type { Session, SessionStore } from './sessionStore'
import {
  buildSegment,
  encodeSegment,
  selectItems,
  withSessionLock,
} from './sessionStore'
import {
  HttpError,
  parseCookies,
  readJsonBody,
  sendJson,
  serializeCookie,
} from './httpUtils'
import type { TransformEngine } from './transformCycle'
import { runTransformCycle } from './transformCycle'
import { COOKIE_NAMESPACE } from './types'

export const SESSION_COOKIE = 'vtex_session'
export const SEGMENT_COOKIE = 'vtex_segment'
const WRITABLE_NAMESPACE = 'public'

interface RequestScope {
  req: IncomingMessage
  res: ServerResponse
  url: URL
}

export interface SessionsApi {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>
}

/** Public writes from the body plus query-string params (except `items`). */
async function readPublicWrites(
  req: IncomingMessage,
  url: URL
): Promise<Map<string, string | null>> {
  const body = await readJsonBody(req)
  const forbidden = Object.keys(
    typeof body === 'object' && body !== null ? body : {}
  ).filter((namespace) => namespace !== WRITABLE_NAMESPACE)

  if (forbidden.length > 0) {
    throw new HttpError(400, 'only the public namespace can be written', {
      namespaces: forbidden,
    })
  }

  const { writes, invalid } = parseWrites(body)

  if (invalid.length > 0) {
    throw new HttpError(
      400,
      'fields must be written as {"value": string} or null',
      { fields: invalid }
    )
  }

  for (const [name, value] of url.searchParams) {
    if (name !== 'items') writes.set(`${WRITABLE_NAMESPACE}.${name}`, value)
  }

  return writes
}

export function createSessionsApi(
  store: SessionStore,
  engine: TransformEngine
): SessionsApi {
  // Cookie-type inputs any app declares (e.g. authentication-session's
  // VtexIdclientAutCookie): mirrored from each POST/PATCH request.
  const cookieInputs = [
    ...new Set(
      engine.apps.flatMap((app) =>
        app.config.inputs
          .filter((ref) => ref.namespace === COOKIE_NAMESPACE)
          .map((ref) => ref.field)
      )
    ),
  ]

  const cookieWrites = (req: IncomingMessage) => {
    const cookies = parseCookies(req.headers.cookie)

    return new Map(
      cookieInputs.map((name) => [
        `${COOKIE_NAMESPACE}.${name}`,
        cookies.get(name) ?? null,
      ])
    )
  }

  const sessionOf = (req: IncomingMessage): Session => {
    const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE)
    const session = store.get(id)

    if (!session) {
      throw new HttpError(404, `no session: send the ${SESSION_COOKIE} cookie`)
    }

    return session
  }

  /** Applies the request's writes, runs the cycle, answers the caller. */
  const writeAndAnswer = async (
    { req, res, url }: RequestScope,
    session: Session,
    writes: Map<string, string | null>
  ) => {
    const trigger = req.method === 'POST' ? 'create' : 'patch'

    await withSessionLock(session, async () => {
      const requestChanges: FieldChange[] = [
        ...applyWrites(session.namespaces, cookieWrites(req)),
        ...applyWrites(session.namespaces, writes),
      ]

      await runTransformCycle(engine, session, { trigger, requestChanges })
    })

    const segmentToken = encodeSegment(buildSegment(session.namespaces))

    res.setHeader('set-cookie', [
      serializeCookie(SESSION_COOKIE, session.id, true),
      serializeCookie(SEGMENT_COOKIE, segmentToken, false),
    ])

    const items = url.searchParams.get('items')
    const body = items
      ? { id: session.id, namespaces: selectItems(session.namespaces, items) }
      : { sessionToken: session.id, segmentToken }

    sendJson(res, trigger === 'create' ? 201 : 200, body)
  }

  return {
    async handle(req, res, url) {
      const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`

      switch (route) {
        case 'POST /api/sessions': {
          const writes = await readPublicWrites(req, url)

          await writeAndAnswer({ req, res, url }, store.create(), writes)

          return
        }

        case 'PATCH /api/sessions': {
          const session = sessionOf(req)
          const writes = await readPublicWrites(req, url)

          await writeAndAnswer({ req, res, url }, session, writes)

          return
        }

        case 'GET /api/sessions': {
          const session = sessionOf(req)
          // Wait for an in-flight cycle so readers see a settled session.
          const namespaces = await withSessionLock(session, async () =>
            selectItems(session.namespaces, url.searchParams.get('items'))
          )

          sendJson(res, 200, { id: session.id, namespaces })

          return
        }

        case 'GET /api/segments': {
          const session = sessionOf(req)

          sendJson(res, 200, buildSegment(session.namespaces))

          return
        }

        default:
          throw new HttpError(404, `no route for ${route}`)
      }
    },
  }
}
