import type { IncomingMessage, ServerResponse } from 'http'

import type { Affliction } from './faults'
import { sendJson } from './http'

/** Timers a stop() can cut short, so no test waits on a 10 s `slow` fault. */
export class Delays {
  private pending = new Map<NodeJS.Timeout, () => void>()

  public wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()

    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer)
        resolve()
      }, ms)

      this.pending.set(timer, resolve)
    })
  }

  public cancelAll() {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer)
      resolve()
    }

    this.pending.clear()
  }
}

// Looks like JSON to a content-type check, fails any JSON.parse.
const GARBAGE_BODY = '{"data": {"truncated'

/**
 * Plays the affliction decided for one call. Resolves true when the fault
 * already answered (or killed) the call, false when the stand-in should now
 * answer normally.
 */
export async function suffer(
  affliction: Affliction,
  { req, res }: { req: IncomingMessage; res: ServerResponse },
  delays: Delays
): Promise<boolean> {
  await delays.wait(affliction.delayMs)
  const { fault } = affliction

  if (fault === null || res.destroyed) return res.destroyed

  switch (fault.kind) {
    case 'down':
      // A reset without any answer: what a crashed upstream looks like.
      req.socket.resetAndDestroy()

      return true

    case 'slow':
      await delays.wait(fault.ms ?? 0)

      return res.destroyed

    case 'status':
      sendJson(res, fault.status ?? 500, {
        error: `injected fault: status ${fault.status}`,
      })

      return true

    case 'garbage':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(GARBAGE_BODY)

      return true

    case 'corrupt':
      sendJson(res, 200, { oops: 1 })

      return true

    case 'errors':
      // How B2B reports a failed lookup: 200, no data, GraphQL errors.
      sendJson(res, 200, {
        data: { getCostCenterById: null },
        errors: [{ message: 'injected fault: GraphQL errors' }],
      })

      return true

    default:
      return false
  }
}
