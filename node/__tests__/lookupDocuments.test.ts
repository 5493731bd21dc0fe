import type { CachePolicy } from '../cache/cached'
import { cached, clearMemoryCache } from '../cache/cached'
import { LOOKUPS_BUCKET, LookupDocuments } from '../cache/lookupDocuments'
import { FakeVBase, tick } from './fakeVBase'

const isString = (value: unknown): value is string => typeof value === 'string'

let vbase: FakeVBase
let run = 0

// New buckets and a new tenant per test: nothing carries over.
const tenant = () => `acme-${run}:master`
const key = (id = 'org-1/cc-1') => ({
  account: `acme-${run}`,
  workspace: 'master',
  id,
})

function policy(
  name: string,
  store: LookupDocuments
): CachePolicy<string> & { bucket: string } {
  return {
    bucket: `${name}-${run}`,
    lruMax: 100,
    lruTtlMs: 60_000,
    freshMs: 60_000,
    maxStaleMs: 60_000,
    isValue: isString,
    vbase: () => store,
  }
}

/** One request's two lookups of one id, as the transform runs them. */
function lookups(values: { a?: string; b?: string } = {}) {
  const store = new LookupDocuments(() => vbase, tenant())
  const a = policy('a', store)
  const b = policy('b', store)
  const fetchA = jest.fn(async () => values.a ?? 'a-value')
  const fetchB = jest.fn(async () => values.b ?? 'b-value')

  return {
    a,
    b,
    fetchA,
    fetchB,
    both: (id?: string) =>
      Promise.all([cached(key(id), fetchA, a), cached(key(id), fetchB, b)]),
  }
}

const documentOf = (id = 'org-1/cc-1') =>
  vbase.files.get(`${LOOKUPS_BUCKET}/${id}`) as Record<string, unknown>

beforeEach(() => {
  run++
  vbase = new FakeVBase()
  clearMemoryCache()
})

describe('one VBase document for the lookups of one id', () => {
  it('stores both lookups in one document, and a cold worker reads it once', async () => {
    const first = lookups()

    await first.both()
    await tick()
    expect(Object.keys(documentOf())).toEqual([first.a.bucket, first.b.bucket])

    clearMemoryCache()
    vbase.reads = 0
    const second = lookups()
    const [a, b] = await second.both()

    expect([a.source, b.source]).toEqual(['vbase-fresh', 'vbase-fresh'])
    expect([a.value, b.value]).toEqual(['a-value', 'b-value'])
    expect(vbase.reads).toBe(1)
    expect(second.fetchA).not.toHaveBeenCalled()
    expect(second.fetchB).not.toHaveBeenCalled()
  })

  it('keeps the other part when one lookup is written alone', async () => {
    const first = lookups()

    vbase.putLookup('org-1/cc-1', { [first.b.bucket]: 'b-stored' }, 1_000)
    const [a, b] = await first.both()

    expect([a.source, b.source]).toEqual(['upstream', 'vbase-fresh'])
    await tick()
    expect(documentOf()[first.b.bucket]).toMatchObject({ value: 'b-stored' })
    expect(documentOf()[first.a.bucket]).toMatchObject({ value: 'a-value' })
  })

  it('never writes an older copy of a part over the newer one this worker wrote', async () => {
    // Request 1 reads the document, then its lookup of `a` is slow.
    const slow = lookups()
    let finishA: (value: string) => void = () => undefined

    slow.fetchA.mockImplementation(
      () => new Promise<string>((resolve) => (finishA = resolve))
    )
    vbase.putLookup('org-1/cc-1', { [slow.b.bucket]: 'b-old' }, 1_000)
    const pending = slow.both()

    await tick()
    // Request 2 refreshes `b` meanwhile.
    const store = new LookupDocuments(() => vbase, tenant())

    await store.saveJSON(slow.b.bucket, 'org-1/cc-1', {
      value: 'b-new',
      fetchedAt: Date.now(),
    })
    finishA('a-value')
    await pending
    await tick()

    expect(documentOf()[slow.b.bucket]).toMatchObject({ value: 'b-new' })
    expect(documentOf()[slow.a.bucket]).toMatchObject({ value: 'a-value' })
  })

  it('drops a part it cannot date when it writes the document', async () => {
    const { a, b, fetchA } = lookups()

    vbase.files.set(`${LOOKUPS_BUCKET}/org-1/cc-1`, { [b.bucket]: 'junk' })
    await cached(key(), fetchA, a)
    await tick()

    expect(Object.keys(documentOf())).toEqual([a.bucket])
  })

  it('prefers its own dated copy of a part to a stored one it cannot date', async () => {
    const { a, b } = lookups()
    const store = () => new LookupDocuments(() => vbase, tenant())

    await store().saveJSON(b.bucket, 'org-1/cc-1', {
      value: 'b-mine',
      fetchedAt: Date.now(),
    })
    // Another writer leaves a part of the right shape but no usable date.
    vbase.files.set(`${LOOKUPS_BUCKET}/org-1/cc-1`, {
      [b.bucket]: { value: 'b-undated', fetchedAt: 'yesterday' },
    })
    await store().saveJSON(a.bucket, 'org-1/cc-1', {
      value: 'a-value',
      fetchedAt: Date.now(),
    })

    expect(documentOf()[b.bucket]).toMatchObject({ value: 'b-mine' })
  })

  it('keeps ids apart', async () => {
    await lookups({ a: 'for cc-1' }).both('org-1/cc-1')
    const [a] = await lookups({ a: 'for cc-2' }).both('org-1/cc-2')

    expect(a).toEqual({ value: 'for cc-2', source: 'upstream' })
    await tick()
    expect(documentOf('org-1/cc-1')).not.toEqual(documentOf('org-1/cc-2'))
  })

  it.each([
    ['a JSON string', 'oops'],
    ['a JSON array', [{ value: 'x', fetchedAt: 1 }]],
    ['null', null],
  ])(
    'takes a document that is %s for an empty one, and replaces it',
    async (_, doc) => {
      vbase.files.set(`${LOOKUPS_BUCKET}/org-1/cc-1`, doc)
      const { a, b, both } = lookups()
      const answers = await both()

      expect(answers.map(({ source }) => source)).toEqual([
        'upstream',
        'upstream',
      ])
      await tick()
      expect(Object.keys(documentOf())).toEqual([a.bucket, b.bucket])
    }
  )

  it('still stores a lookup when the document cannot be read', async () => {
    vbase.failReads = true
    const { a, both } = lookups()
    const answers = await both()

    expect(answers.map(({ source }) => source)).toEqual([
      'upstream',
      'upstream',
    ])
    await tick()
    expect(documentOf()[a.bucket]).toMatchObject({ value: 'a-value' })
  })
})
