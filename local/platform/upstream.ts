import type { IncomingMessage, ServerResponse } from 'http'

import type { Delays } from './faultResponses'
import { suffer } from './faultResponses'
import type { FaultController } from './faultController'
import type { Service } from './faults'
import { HttpError } from './http'
import type { StatsRecorder } from './stats'

/** What every stand-in needs from the platform around it. */
export interface UpstreamDeps {
  faults: FaultController
  stats: StatsRecorder
  delays: Delays
}

/** One proxied request, already read: the absolute URL and the whole body. */
export interface UpstreamCall {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  /** Decoded path segments of `url`, without the leading empty one. */
  segments: string[]
  body: Buffer
}

/**
 * Applies the service's fault knobs; true when the call is already over.
 * Only GETs are reads, the calls a vbase `corrupt` fault waits for.
 */
export async function applyFaults(
  deps: UpstreamDeps,
  service: Service,
  call: Pick<UpstreamCall, 'req' | 'res'>
): Promise<boolean> {
  const affliction = deps.faults.take(service, call.req.method === 'GET')

  if (affliction.fault) deps.stats.faulted(service)

  return suffer(affliction, call, deps.delays)
}

export function decodeSegments(pathname: string): string[] {
  try {
    return pathname.split('/').slice(1).map(decodeURIComponent)
  } catch {
    throw new HttpError(400, `malformed percent-encoding in ${pathname}`)
  }
}

/** `vendor.name@1.2.3` → `vendor.name`. */
export function appNameOf(appId: string) {
  return appId.split('@')[0]
}
