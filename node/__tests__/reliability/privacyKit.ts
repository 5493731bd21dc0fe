/**
 * What the privacy suite needs besides the shared kit: the secrets and
 * personal data it plants, the faults it sets and what each does, a view over
 * the worker's log lines (marks, matching, the throttle's one-line-a-second)
 * and stale values planted where a background refresh will be tried.
 */
import type { AppStack } from '../../../local/appStack'
import { loadFixtures } from '../../../local/platform'
import type { Fault, Service } from '../../../local/platform'
import type { SessionAnswer, Tenant } from './reliabilityKit'
import {
  expectedAnswer,
  NO_PRICING,
  NYC,
  sleep,
  withoutPricing,
} from './reliabilityKit'
import { plantVBase } from './vbaseKit'

/** Configured for some accounts only; the backend refuses it (401). */
export const REFUSED_KEY = 'sk-live-9f3c2a7e-refused-by-backend'
/** What the router would forward as the shopper's session token. */
export const SESSION_TOKEN =
  'eyJhbGciOi.session-token-of-a-shopper.c2lnbmF0dXJl'
export const EMAILS = [
  ...loadFixtures().users.map(({ email }) => email),
  'shopper@example.test',
]

export const [EMAIL] = EMAILS
export const DOCUMENTS = ['123.456.789-09', '12.345.678/0001-95', '12345678909']

/** The documented answers for cc-1 of org-1 (docs/README.md). */
export const FULL = expectedAnswer(NYC)
export const DEGRADED = withoutPricing(FULL)
export const UNCONFIRMED: SessionAnswer = { pricing: NO_PRICING }
export const down: Fault = { kind: 'down' }

export const failingWith = (status: number): Fault => ({
  kind: 'status',
  status,
})

/** The faults a case sets, given its tenant (settings are per account). */
export type FaultsFor = (
  tenant: Tenant,
  platform: { pricingBaseUrl: string }
) => Record<string, unknown> | Promise<Record<string, unknown>>

/** This tenant's settings carry a key the pricing backend refuses (401). */
export const refusedKey: FaultsFor = ({ account }, { pricingBaseUrl }) => ({
  settingsOverrides: {
    [account]: {
      pricingBackendUrl: pricingBaseUrl,
      pricingApiKey: REFUSED_KEY,
    },
  },
})

export const REFRESH_FAILED = 'cache: background revalidation failed'
const UNRESOLVED = { message: 'transform: answered without a resolved lookup' }
const COST_CENTERS = 'cost-centers'

/** What a failure does: the answer, and the line it is logged with. */
export const EFFECTS: Record<
  string,
  { want: SessionAnswer; line: LogMatch | null }
> = {
  pricing: { want: DEGRADED, line: UNRESOLVED },
  costCenter: { want: UNCONFIRMED, line: UNRESOLVED },
  vbase: {
    want: FULL,
    line: { message: 'cache: VBase read failed', bucket: COST_CENTERS },
  },
  corrupt: {
    want: FULL,
    line: {
      message: 'cache: ignoring a corrupt VBase document',
      bucket: COST_CENTERS,
    },
  },
  none: { want: FULL, line: null },
}

export const on =
  (service: Service, fault: Fault): FaultsFor =>
  () => ({ [service]: { fault } })

/** node/observability/throttledWarn.ts writes one line a second per kind. */
const THROTTLE_WINDOW_MS = 1000

type LogData = Record<string, unknown>

/** A log line's message, and its bucket for the cache's lines. */
export interface LogMatch {
  message: string
  bucket?: string
}

/** throttledWarn's kind: the message, per bucket for the cache's lines. */
const kindOf = ({ message, bucket }: LogMatch) => `${message} ${bucket ?? ''}`

/** `@vtex/api` logs `{ level, account, …, data: <what the app logged> }`. */
function dataOf(line: string): LogData | undefined {
  try {
    const parsed = JSON.parse(line) as { data?: unknown }

    return typeof parsed.data === 'object' && parsed.data !== null
      ? (parsed.data as LogData)
      : undefined
  } catch {
    return undefined
  }
}

export class LogWatch {
  private readonly lastSeenAt = new Map<string, number>()

  constructor(private readonly lines: string[]) {}

  /** A position in the log: lines after it are `since(mark)`. */
  public mark() {
    return this.lines.length
  }

  public since(mark: number) {
    return this.lines.slice(mark)
  }

  public all() {
    return [...this.lines]
  }

  /** What the app logged (`@vtex/api` also prints an access line per request). */
  public appLines() {
    return this.lines.filter((line) => dataOf(line) !== undefined)
  }

  /** The distinct `message` fields the app logged, oldest first. */
  public messages() {
    const messages = this.lines.map((line) => dataOf(line)?.message)

    return [...new Set(messages.filter((m): m is string => !!m))]
  }

  /**
   * A mark taken once a line like `match` may be written again: within a
   * second of the last one the throttle folds it into a count, and the case
   * would look at nothing.
   */
  public async markAfterThrottle(match: LogMatch) {
    const last = this.lastSeenAt.get(kindOf(match))

    if (last !== undefined) {
      await sleep(last + THROTTLE_WINDOW_MS + 100 - Date.now())
    }

    return this.mark()
  }

  /** The first line after `mark` whose data has every field of `match`. */
  public async waitFor(
    mark: number,
    match: LogMatch,
    { attempts = 60, intervalMs = 50 } = {}
  ) {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const found = this.since(mark)
        .map(dataOf)
        .find((data) =>
          Object.entries(match).every(([key, value]) => data?.[key] === value)
        )

      if (found) {
        this.lastSeenAt.set(kindOf(match), Date.now())

        return found
      }

      // eslint-disable-next-line no-await-in-loop
      await sleep(intervalMs)
    }

    throw new Error(`no log line ${JSON.stringify(match)} after line ${mark}`)
  }
}

const HOUR_MS = 60 * 60 * 1000

/**
 * cc-1 and its pricing, stored an hour ago (past fresh, within max-stale):
 * the next transform answers them and refreshes both in the background.
 */
export async function plantStale(stack: AppStack, tenant: Tenant) {
  const fixtures = loadFixtures()
  const costCenter = fixtures.costCenters.find(({ id }) => id === 'cc-1')
  const row = fixtures.pricing.find(({ costcenter }) => costcenter === 'cc-1')

  if (!costCenter || !row) throw new Error('fixtures lack cc-1 or its pricing')
  const fetchedAt = Date.now() - HOUR_MS
  const addresses = costCenter.addresses.map(
    ({ addressId, postalCode, country, state }) => ({
      addressId,
      postalCode,
      country,
      state,
    })
  )

  await plantVBase(stack, {
    tenant,
    where: ['cost-centers', `${costCenter.organization}/cc-1`],
    doc: {
      value: { id: 'cc-1', organization: costCenter.organization, addresses },
      fetchedAt,
    },
  })
  await plantVBase(stack, {
    tenant,
    where: ['pricing', `${row.organization}/cc-1`],
    doc: {
      value: { priceTable: row.priceTable, storeNumber: row.storeNumber },
      fetchedAt,
    },
  })
}
