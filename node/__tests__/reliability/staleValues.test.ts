/**
 * What VBase holds covers failing upstreams: stale values keep being served
 * (and are never overwritten by a failure) until a refresh works; values past
 * the stale window and corrupt documents are never served.
 */
import type { AppStack } from '../../../local/appStack'
import { startAppStack } from '../../../local/appStack'
import type { SessionAnswer, Tenant } from './reliabilityKit'
import {
  cacheHeader,
  eventually,
  expectedAnswer,
  freshTenant,
  NO_PRICING,
  NYC,
  nycInputs,
  quiesce,
  timedTransform,
} from './reliabilityKit'
import type { StoredAt } from './vbaseKit'
import { plantVBase, readVBase } from './vbaseKit'

const HOUR = 60 * 60 * 1000
const COST_CENTER: StoredAt = ['cost-centers', 'org-1/cc-1']
const PRICING: StoredAt = ['pricing', 'org-1/cc-1']

/** Yesterday's values for cc-1: different from today's fixtures on purpose. */
const OLD_COST_CENTER = {
  id: 'cc-1',
  organization: 'org-1',
  addresses: [
    { addressId: 'addr-1', postalCode: '10999', country: 'USA', state: 'NJ' },
  ],
}

const OLD_PRICING = { priceTable: 'b2b-nyc-2023', storeNumber: '0001' }
const OLD_ANSWER: SessionAnswer = {
  pricing: {
    priceTable: { value: 'b2b-nyc-2023' },
    storeNumber: { value: '0001' },
    appliedAddress: {
      value:
        '{"from":"org-1/cc-1/addr-1","postalCode":"10999","country":"USA","state":"NJ"}',
    },
  },
  public: {
    postalCode: { value: '10999' },
    country: { value: 'USA' },
    state: { value: 'NJ' },
  },
}

const ALL_UPSTREAMS_DOWN = {
  graphql: { fault: { kind: 'down' } },
  pricing: { fault: { kind: 'down' } },
}

let stack: AppStack

beforeAll(async () => {
  // One replica: the test follows one worker's memory (its LRU).
  stack = await startAppStack({ replicas: 1 })
})

afterAll(() => stack.stop())

beforeEach(() => stack.platform.faults.reset())

async function plantOldValues(tenant: Tenant, ageMs: number) {
  const fetchedAt = Date.now() - ageMs

  await plantVBase(stack, {
    tenant,
    where: COST_CENTER,
    doc: { value: OLD_COST_CENTER, fetchedAt },
  })
  await plantVBase(stack, {
    tenant,
    where: PRICING,
    doc: { value: OLD_PRICING, fetchedAt },
  })

  return fetchedAt
}

describe('stale values while upstreams are down', () => {
  it('keeps serving the last good values, and refreshes them once upstreams are back', async () => {
    const tenant = freshTenant('stale')

    await stack.transform(nycInputs(), tenant)
    // Another replica stored these two hours ago; this worker starts cold.
    const fetchedAt = await plantOldValues(tenant, 2 * HOUR)

    await stack.restartWorker()
    stack.platform.faults.set(ALL_UPSTREAMS_DOWN)

    const first = await timedTransform(stack, nycInputs(), tenant)

    expect(first.ms).toBeLessThan(2000)
    expect(cacheHeader(first.answer)).toBe(
      'costCenter=vbase-stale, pricing=vbase-stale'
    )
    expect(first.answer.body).toEqual(OLD_ANSWER)
    await quiesce(stack)

    // The failed background refresh neither dropped nor overwrote anything.
    const again = await stack.transform(nycInputs(), tenant)

    expect(cacheHeader(again)).toBe('costCenter=lru, pricing=lru')
    expect(again.body).toEqual(OLD_ANSWER)
    await quiesce(stack)
    for (const where of [COST_CENTER, PRICING]) {
      // eslint-disable-next-line no-await-in-loop
      expect(await readVBase(stack, tenant, where)).toMatchObject({ fetchedAt })
    }

    expect(stack.platform.stats().graphql.faulted).toBeGreaterThan(0)

    stack.platform.faults.reset()
    // Both refreshes run side by side: wait for the answer they make together.
    const refreshed = await eventually(async () => {
      const answer = await stack.transform(nycInputs(), tenant)

      return JSON.stringify(answer.body) === JSON.stringify(expectedAnswer(NYC))
        ? answer
        : undefined
    })

    expect(refreshed?.body).toEqual(expectedAnswer(NYC))
    await quiesce(stack)
    expect(await readVBase(stack, tenant, PRICING)).toEqual({
      value: { priceTable: 'b2b-nyc', storeNumber: '0042' },
      fetchedAt: expect.any(Number),
    })
  })

  it('never serves values past the 24 h stale window', async () => {
    const tenant = freshTenant('expired')

    await plantOldValues(tenant, 25 * HOUR)
    stack.platform.faults.set(ALL_UPSTREAMS_DOWN)

    const answer = await stack.transform(nycInputs(), tenant)

    expect(cacheHeader(answer)).toBe('costCenter=failed, pricing=failed')
    expect(answer.body).toEqual({ pricing: NO_PRICING })
  })
})

describe('corrupt VBase documents', () => {
  const valid = { fetchedAt: Date.now() }

  it.each([
    ['a value of another shape', { ...valid, value: { priceTable: 5 } }],
    ['no value', valid],
    ['fetchedAt as text', { value: OLD_PRICING, fetchedAt: 'yesterday' }],
    ['fetchedAt in the year 3000', { value: OLD_PRICING, fetchedAt: 3.2e13 }],
    ['a JSON string', 'oops'],
    ['a JSON array', [OLD_PRICING]],
  ])(
    'ignores %s, answers from upstream and repairs the document',
    async (_, doc) => {
      const tenant = freshTenant('corrupt')

      for (const where of [COST_CENTER, PRICING]) {
        // eslint-disable-next-line no-await-in-loop
        await plantVBase(stack, { tenant, where, doc })
      }

      const answer = await stack.transform(nycInputs(), tenant)

      expect(cacheHeader(answer)).toBe('costCenter=upstream, pricing=upstream')
      expect(answer.body).toEqual(expectedAnswer(NYC))
      await quiesce(stack)
      expect(await readVBase(stack, tenant, PRICING)).toEqual({
        value: { priceTable: 'b2b-nyc', storeNumber: '0042' },
        fetchedAt: expect.any(Number),
      })
    }
  )
})
