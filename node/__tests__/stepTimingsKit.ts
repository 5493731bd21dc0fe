/**
 * The step-timing tests' transforms: through the route's real handler
 * (body read, validation, lookups, answer) with a hand-built context.
 */
import { transformRoute } from '../index'
import { tick } from './fakeVBase'
import type { Upstreams } from './handlerContext'
import { buildContext, upstreams } from './handlerContext'
import { TIMING_MESSAGE } from './timingLines'

/** What storefront-permissions sends for a buyer of cc-1 at its second address. */
export const NYC_BODY = JSON.stringify({
  'storefront-permissions': {
    costcenter: { value: 'cc-1' },
    organization: { value: 'org-1' },
    costCenterAddressId: { value: 'addr-2' },
  },
})

export const API_KEY = 'secret-key-4b1d'

/** Upstreams whose settings carry the given timing-log fields. */
export function withTimingLog(fields: Record<string, unknown>) {
  const upstream = upstreams()

  upstream.getAppSettings.mockResolvedValue({
    pricingBackendUrl: 'https://pricing.acme.test/v1',
    pricingApiKey: API_KEY,
    ...fields,
  } as never)

  return upstream
}

/** The line is written once the settings are known, after the answer. */
export async function logWritten() {
  await tick()
  await new Promise((resolve) => setImmediate(resolve))
}

/** One transform through the route's real handler, its log line written. */
export async function runRoute(
  upstream: Upstreams,
  rawBody = NYC_BODY,
  options: Omit<Parameters<typeof buildContext>[0], 'upstream'> = {}
) {
  const built = buildContext({ rawBody, upstream, ...options })

  await transformRoute(built.ctx, async () => {})
  await logWritten()

  return built
}

type Line = Record<string, unknown>

export const lines = (mock: jest.Mock) =>
  mock.mock.calls.map(([line]) => line as Line)

export const timingLines = (mock: jest.Mock) =>
  lines(mock).filter(({ message }) => message === TIMING_MESSAGE)
