/**
 * The request's VBase store for its two lookups (lookups/lookupStore.ts):
 * one per request, so a cold worker reads the pair's document once per
 * transform, and scoped to the tenant, so one account's writes never reach
 * another account's document.
 */
import { clearMemoryCache } from '../cache/cached'
import { LOOKUPS_BUCKET } from '../cache/lookupDocuments'
import { lookupStoreOf } from '../lookups/lookupStore'
import { clearAnswerMemo } from '../middlewares/answerMemo'
import { transform } from '../middlewares/transform'
import { FakeVBase, tick } from './fakeVBase'
import {
  buildContext,
  COST_CENTERS,
  fixtureAnswer,
  NYC,
  PRICING,
} from './handlerContext'

beforeAll(() => {
  process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
})

beforeEach(() => {
  clearMemoryCache()
  clearAnswerMemo()
})

describe('the lookups store of a request', () => {
  it('reads the pair’s VBase document, where earlier deploys wrote it, once for both lookups of a transform', async () => {
    const vbase = new FakeVBase()

    const fetchedAt = Date.now() - 1_000

    // Where the running version keeps it: the names are persisted, so a
    // deploy that renamed them would start every tenant cold.
    vbase.files.set('lookups/org-1/cc-1', {
      'cost-centers': { value: COST_CENTERS['cc-1'], fetchedAt },
      pricing: { value: PRICING['org-1/cc-1'], fetchedAt },
    })
    const { ctx, headers, upstream } = buildContext({ inputs: NYC, vbase })

    await transform(ctx)

    expect(headers['x-pricing-session-cache']).toBe(
      'costCenter=vbase-fresh, pricing=vbase-fresh'
    )
    expect(ctx.body).toEqual(fixtureAnswer('cc-1'))
    expect(vbase.reads).toBe(1)
    expect(lookupStoreOf(ctx)).toBe(lookupStoreOf(ctx))
    expect(upstream.getCostCenterById).not.toHaveBeenCalled()
  })

  it('never merges one account’s parts into another account’s document', async () => {
    const id = 'org-1/cc-1'
    const globexVBase = new FakeVBase()
    const acme = buildContext({ account: 'acme', vbase: new FakeVBase() })
    const globex = buildContext({ account: 'globex', vbase: globexVBase })
    const entry = (value: unknown) => ({ value, fetchedAt: Date.now() })

    await lookupStoreOf(acme.ctx).saveJSON('pricing', id, entry('acme-table'))
    await lookupStoreOf(globex.ctx).saveJSON('cost-centers', id, entry('cc'))
    await tick()

    const globexDocument = globexVBase.files.get(`${LOOKUPS_BUCKET}/${id}`)

    expect(Object.keys(globexDocument as object)).toEqual(['cost-centers'])
    expect(JSON.stringify(globexDocument)).not.toContain('acme-table')
  })
})
