/**
 * Shoppers of the sign-in wave: each opens a session and signs in through
 * the Session Manager emulator over HTTP, as a storefront does, and is judged
 * against what the fixtures imply for them.
 */
import http from 'http'

import { AUTH_COOKIE } from '../../local/nativeApps/authenticationSession'
import { selectAddress } from '../../local/nativeApps/storefrontPermissions'
import type { Fixtures } from '../../local/platform'

const SESSION_COOKIE = 'vtex_session'
const ITEMS = 'pricing.priceTable,pricing.storeNumber,public.*'

export interface SignIn {
  email: string
  /** When the sign-in (the PATCH) started, ms since the wave began. */
  startedMs: number
  /** The whole cycle as the shopper waits for it: every round. */
  ms: number
  sessionId: string
  fields: Record<string, string>
  failed: boolean
}

export type Verdict = 'exact' | 'degraded' | 'wrong'

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: unknown
}

function flatFields(body: unknown): Record<string, string> {
  const namespaces =
    (body as { namespaces?: Record<string, Record<string, { value: string }>> })
      ?.namespaces ?? {}

  const flat: Record<string, string> = {}

  for (const [namespace, fields] of Object.entries(namespaces)) {
    for (const [name, { value }] of Object.entries(fields)) {
      flat[`${namespace}.${name}`] = value
    }
  }

  return flat
}

/** A storefront's HTTP client for one Session Manager, keep-alive. */
export function shopperClient(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })
  const send = (method: string, path: string, cookie: string) =>
    new Promise<Reply>((resolve, reject) => {
      const request = http.request(new URL(path, baseUrl), {
        method,
        agent,
        headers: { 'content-type': 'application/json', cookie },
      })

      request.on('error', reject)
      request.on('response', (response) => {
        const chunks: Buffer[] = []

        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text

          try {
            body = JSON.parse(text)
          } catch {
            // Not JSON: judged as a failure below.
          }

          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
          })
        })
      })
      request.end('{}')
    })

  return {
    /** An anonymous visit: a session, then a change without signing in. */
    async visit() {
      const created = await send('POST', '/api/sessions', '')
      const session = /vtex_session=[^;]+/.exec(
        String(created.headers['set-cookie'])
      )?.[0]

      await send('PATCH', `/api/sessions?items=${ITEMS}`, session ?? '')
    },
    /** Opens a session, then signs in as `email`; `at` is the wave's clock. */
    async signIn(email: string, at: () => number): Promise<SignIn> {
      let startedMs = at()

      try {
        const created = await send('POST', '/api/sessions', '')
        const sessionId =
          /vtex_session=([^;]+)/.exec(
            String(created.headers['set-cookie'])
          )?.[1] ?? ''

        startedMs = at()
        const signedIn = await send(
          'PATCH',
          `/api/sessions?items=${ITEMS}`,
          `${SESSION_COOKIE}=${sessionId}; ${AUTH_COOKIE}=${email}`
        )

        return {
          email,
          startedMs,
          ms: at() - startedMs,
          sessionId: decodeURIComponent(sessionId),
          fields: flatFields(signedIn.body),
          failed: created.status !== 201 || signedIn.status !== 200,
        }
      } catch {
        // A connection Session Manager reset (a storefront would retry) is a
        // failed sign-in, judged degraded: the wave goes on.
        const ms = at() - startedMs

        return { email, startedMs, ms, sessionId: '', fields: {}, failed: true }
      }
    },
    close: () => agent.destroy(),
  }
}

/** The session fields the fixtures imply for a signed-in shopper. */
export function expectedFields(fixtures: Fixtures) {
  const users = new Map(fixtures.users.map((user) => [user.email, user]))
  const centers = new Map(fixtures.costCenters.map((cc) => [cc.id, cc]))
  const prices = new Map(
    fixtures.pricing.map((row) => [
      `${row.organization}/${row.costcenter}`,
      row,
    ])
  )

  return (email: string): Record<string, string> => {
    const user = users.get(email)
    const center = user && centers.get(user.costcenter)

    if (!user || !center) throw new Error(`no fixture shopper ${email}`)
    const row = prices.get(`${user.organization}/${user.costcenter}`)
    const address = selectAddress(user, fixtures, {})

    return {
      'pricing.priceTable': row?.priceTable ?? '',
      'pricing.storeNumber': row?.storeNumber ?? '',
      ...(address && {
        'public.postalCode': address.postalCode ?? '',
        'public.country': address.country ?? '',
        'public.state': address.state ?? '',
      }),
    }
  }
}

/**
 * Wrong: a field holds a value the fixtures do not imply for this shopper.
 * Degraded: the sign-in failed, or a field is missing or `""` (list prices,
 * address untouched) where a value was due. Exact otherwise.
 */
export function judge(signIn: SignIn, wanted: Record<string, string>): Verdict {
  const entries = Object.entries(wanted)
  const got = (key: string) => signIn.fields[key]

  if (
    entries.some(([key, value]) => ![undefined, '', value].includes(got(key)))
  ) {
    return 'wrong'
  }

  return !signIn.failed && entries.every(([key, value]) => got(key) === value)
    ? 'exact'
    : 'degraded'
}
