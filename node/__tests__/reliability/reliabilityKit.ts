/**
 * Shared helpers of the reliability and security suite: every test drives the
 * compiled app in the real `@vtex/api` worker (local/appStack) over HTTP.
 * What VBase holds for a lookup is vbaseKit.ts's; the fields a driven session
 * should end with, sessionFields.ts's.
 */
import type { AppStack, TransformAnswer } from '../../../local/appStack'
import { sfpInputs } from '../../../local/appStack'
import { routeHeaders } from '../../../local/appWorker'
import type { Fixtures } from '../../../local/platform'
import { addressIdOf } from '../../../local/platform/b2b/addressIds'
import { loadFixtures } from '../../../local/platform'
import { selectAddress } from '../../../local/nativeApps/storefrontPermissions'

export interface Tenant {
  account: string
  workspace: string
}

let tenantCount = 0

/**
 * A tenant no earlier request used: its LRU entries and VBase files start
 * empty, so one worker can host many independent cases.
 */
export function freshTenant(label: string, workspace = 'master'): Tenant {
  tenantCount += 1

  return { account: `${label}-${tenantCount}`, workspace }
}

export interface SessionInputs {
  costcenter?: string
  organization?: string
  costCenterAddressId?: string
}

type Field = { value: string }

/** The transform's answer, as the documented contract shapes it. */
export interface SessionAnswer {
  pricing: { priceTable: Field; storeNumber: Field; appliedAddress: Field }
  public?: { postalCode: Field; country: Field; state: Field }
}

const field = (value: string | null | undefined): Field => ({
  value: value ?? '',
})

export const NO_PRICING: SessionAnswer['pricing'] = {
  priceTable: field(''),
  storeNumber: field(''),
  appliedAddress: field(''),
}

/**
 * What the fixtures imply for these inputs when every upstream works
 * (docs/README.md): the oracle the suite compares answers with.
 */
export function expectedAnswer(
  inputs: SessionInputs,
  fixtures: Fixtures = loadFixtures()
): SessionAnswer {
  const { costcenter, organization, costCenterAddressId } = inputs
  const costCenter = fixtures.costCenters.find(({ id }) => id === costcenter)

  if (!costCenter || costCenter.organization !== organization) {
    return { pricing: NO_PRICING }
  }

  const address =
    costCenter.addresses.find((a) => a.addressId === costCenterAddressId) ??
    costCenter.addresses[0]

  const row = fixtures.pricing.find(
    (p) => p.organization === organization && p.costcenter === costcenter
  )

  // What the app records having propagated (docs/README.md), for a session
  // that held no earlier record.
  const applied = address && {
    from: `${organization}/${costcenter}/${addressIdOf(address)}`,
    postalCode: address.postalCode,
    country: address.country,
    state: address.state,
  }

  return {
    pricing: {
      priceTable: field(row?.priceTable),
      storeNumber: field(row?.storeNumber),
      appliedAddress: field(applied ? JSON.stringify(applied) : ''),
    },
    ...(address && {
      public: {
        postalCode: field(address.postalCode),
        country: field(address.country),
        state: field(address.state),
      },
    }),
  }
}

/** The documented answer when pricing cannot be resolved: list prices. */
export const withoutPricing = (answer: SessionAnswer): SessionAnswer => ({
  ...answer,
  pricing: { ...NO_PRICING, appliedAddress: answer.pricing.appliedAddress },
})

export const NYC: SessionInputs = { costcenter: 'cc-1', organization: 'org-1' }
export const nycInputs = () => sfpInputs({ ...NYC })

export const cacheHeader = (answer: TransformAnswer) =>
  answer.headers.get('x-pricing-session-cache')

export async function timedTransform(
  stack: AppStack,
  inputs: unknown,
  tenant?: Tenant
) {
  const started = performance.now()
  const answer = await stack.transform(inputs, tenant)

  return { answer, ms: performance.now() - started }
}

export const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Waits until no upstream call is in flight: stats stop changing. Background
 * work (a VBase write after the answer, a revalidation, a timed-out retry)
 * would otherwise land in the next case's counters.
 */
export async function quiesce(stack: AppStack, maxMs = 3000) {
  const deadline = Date.now() + maxMs
  let previous = JSON.stringify(stack.platform.stats())

  while (Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await sleep(80)
    const current = JSON.stringify(stack.platform.stats())

    if (current === previous) return
    previous = current
  }
}

/** Polls `probe` (bounded in count and time) until it returns a value. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { attempts = 30, intervalMs = 100 } = {}
): Promise<T | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    // eslint-disable-next-line no-await-in-loop
    const value = await probe()

    if (value !== undefined) return value
    // eslint-disable-next-line no-await-in-loop
    await sleep(intervalMs)
  }

  return undefined
}

/** A tenant whose lookups a suite warms up once: health checks hit memory. */
export const HEALTH_TENANT: Tenant = { account: 'health', workspace: 'master' }

/** The worker process is alive and answers a good request correctly. */
export async function expectWorkerServes(
  stack: AppStack,
  tenant: Tenant = HEALTH_TENANT
) {
  const { child } = stack.worker

  expect(child.exitCode).toBeNull()
  expect(child.signalCode).toBeNull()

  const answer = await stack.transform(nycInputs(), tenant)

  expect(answer.status).toBe(200)
  expect(answer.body).toEqual(expectedAnswer(NYC))
}

/** Upstream calls the stand-ins saw (VBase, settings, B2B, pricing). */
export function upstreamCalls(stack: AppStack) {
  const { vbase, settings, graphql, pricing, unrouted } = stack.platform.stats()

  return {
    vbase: vbase.get + vbase.put + vbase.delete,
    settings: settings.calls,
    graphql: graphql.calls,
    pricing: pricing.calls,
    unrouted,
  }
}

export const ERROR_BODY = {
  error: { code: expect.any(String), message: expect.any(String) },
}

const NO_UPSTREAM_CALLS = {
  vbase: 0,
  settings: 0,
  graphql: 0,
  pricing: 0,
  unrouted: 0,
}

/**
 * Sends one body the app must refuse; asserts the JSON error, that no
 * upstream was called (so nothing can be cached), and a live worker.
 */
export interface RefusedRequest {
  body: string | Buffer
  /** Replace route headers; null removes one. */
  headers?: Record<string, string | null>
}

export async function expectRefused(
  stack: AppStack,
  { body, headers = {} }: RefusedRequest,
  status: number
) {
  stack.platform.resetStats()
  const tenant = freshTenant('refused')
  const merged = Object.entries({ ...routeHeaders(tenant.account), ...headers })
  const answer = await stack.transform('', tenant, {
    body,
    headers: merged.filter((entry): entry is [string, string] => !!entry[1]),
  })

  expect(answer.status).toBe(status)
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
  // An error is about this request only: no cache may keep it.
  expect(answer.headers.get('cache-control')).toBe('no-cache, no-store')
  expect(answer.body).toEqual(ERROR_BODY)
  expect(upstreamCalls(stack)).toEqual(NO_UPSTREAM_CALLS)
  await expectWorkerServes(stack)

  return answer
}

/** The input fields of a fixture user, as storefront-permissions sets them. */
export function inputsOf(email: string, fixtures = loadFixtures()) {
  const user = fixtures.users.find((candidate) => candidate.email === email)

  if (!user) return {}
  const { costcenter, organization } = user
  // What storefront-permissions computes for this shopper's session.
  const costCenterAddressId = selectAddress(user, fixtures, {})?.addressId

  return { costcenter, organization, costCenterAddressId }
}
