/**
 * `/_local/app/status`: the app worker's private status route relayed to the
 * playground, reached as the platform's private router reaches it
 * (`/{account}/{workspace}/…` with the router's headers). One worker: with
 * several, each answers for itself.
 */
import type { ServerResponse } from 'http'

import { HttpError, relayJson } from './httpUtils'

export interface AppStatusTarget {
  url: string
  headers: Record<string, string>
}

export async function relayAppStatus(
  res: ServerResponse,
  target: AppStatusTarget | undefined
) {
  if (!target) throw new HttpError(404, 'no app worker behind this emulator')
  const response = await fetch(target.url, { headers: target.headers }).catch(
    () => {
      throw new HttpError(502, `app worker unreachable at ${target.url}`)
    }
  )

  await relayJson(res, response, 'app worker')
}
