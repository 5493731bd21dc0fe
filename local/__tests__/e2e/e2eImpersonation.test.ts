/**
 * Impersonation through the whole local platform with the real app: a sales
 * representative (`rep@acme.test`, `"canImpersonate": true`, a B2B user of
 * org-1 / cc-2 themself) PATCHes `public.impersonate` with a buyer of
 * another organization and gets that buyer's B2B context, pricing and
 * address; clearing the field gives the representative's own back with
 * nothing of the buyer's left. A buyer without the right, or an anonymous
 * shopper, who writes the same field gets nothing. Every test signs in its
 * own shopper, so each passes alone and in any order.
 */
import type { LocalStack } from '../../localStack'
import { startLocalStack } from '../../localStack'
import { storeUserIdOf } from '../../nativeApps/authenticationSession'
import { loadFixtures } from '../../platform'
import { fixtureFieldsOf } from '../../../testkit/fixtureSessionFields'
import {
  memoryLog,
  SessionClient,
} from '../../../testkit/sessionManagerTestKit'

const REPRESENTATIVE = 'rep@acme.test'
/** Another organization than the representative's (org-2, cc-3). */
const OTHER_ORG_BUYER = 'buyer@globex.test'
/** A buyer of the representative's organization, without the right. */
const BUYER_WITHOUT_RIGHT = 'buyer@acme.test'

const fixtures = loadFixtures()
const expectedOf = (email: string) => fixtureFieldsOf(fixtures, email)

let stack: LocalStack
const sessionManagerLogs = memoryLog()

beforeAll(async () => {
  stack = await startLocalStack({
    sessionManagerLog: sessionManagerLogs.log,
    replicas: 1,
  })
})

afterAll(() => stack.stop())

const impersonating = (email: string) => ({
  public: { impersonate: { value: email } },
})

async function newShopper() {
  const shopper = new SessionClient(stack.sessionManager.url)

  await shopper.create()

  return shopper
}

async function signedIn(email: string) {
  const shopper = await newShopper()

  await shopper.signIn(email)

  return shopper
}

/** Rounds of the session's last cycle ran out before it settled? */
const loopCapHit = (shopper: SessionClient) =>
  stack.sessionManager.traces.latest(shopper.cookies.vtex_session)?.loopCapHit

/**
 * The values of `email`'s own session that the representative's own session
 * does not have: what must never stay behind once an impersonation ends.
 */
async function valuesOnlyIn(email: string) {
  const own = Object.values(await (await signedIn(email)).fields())
  const representative = new Set(
    Object.values(await (await signedIn(REPRESENTATIVE)).fields())
  )

  return [...new Set(own)].filter((value) => !representative.has(value))
}

/**
 * The session's fields whose value is one of `values`, but
 * `public.impersonate`: what the shopper wrote, not what the platform gave.
 */
const fieldsHolding = (fields: Record<string, string>, values: string[]) =>
  Object.entries(fields).filter(
    ([field, value]) => field !== 'public.impersonate' && values.includes(value)
  )

describe('impersonation through the Session Manager, with the real app', () => {
  it("a representative signs in: their own cost center's pricing and address", async () => {
    const fields = await (await signedIn(REPRESENTATIVE)).fields()

    expect(expectedOf(REPRESENTATIVE)).toMatchObject({
      'pricing.priceTable': 'b2b-boston',
      'pricing.storeNumber': '0107',
      'public.postalCode': '02108',
    })
    expect(fields).toMatchObject({
      ...expectedOf(REPRESENTATIVE),
      'profile.email': REPRESENTATIVE,
      'impersonate.storeUserEmail': '',
      'impersonate.storeUserId': '',
      'storefront-permissions.storeUserEmail': '',
    })
  })

  it("impersonating a buyer of another organization gives the buyer's B2B context, pricing and address", async () => {
    const representative = await signedIn(REPRESENTATIVE)

    await representative.patch('', impersonating(OTHER_ORG_BUYER))
    const fields = await representative.fields()
    const buyerId = storeUserIdOf(OTHER_ORG_BUYER)

    expect(expectedOf(OTHER_ORG_BUYER)).toMatchObject({
      'storefront-permissions.organization': 'org-2',
      'pricing.priceTable': 'b2b-austin',
      'public.postalCode': '78701',
      'public.state': 'TX',
    })
    expect(fields).toMatchObject({
      ...expectedOf(OTHER_ORG_BUYER),
      'impersonate.storeUserEmail': OTHER_ORG_BUYER,
      'impersonate.storeUserId': buyerId,
      'storefront-permissions.storeUserEmail': OTHER_ORG_BUYER,
      'storefront-permissions.storeUserId': buyerId,
      'profile.email': OTHER_ORG_BUYER,
      // The representative is still the one signed in.
      'authentication.storeUserEmail': REPRESENTATIVE,
    })
    expect(loopCapHit(representative)).toBe(false)
  })

  it("clearing public.impersonate gives the representative's own back, nothing of the buyer's left", async () => {
    const buyerValues = await valuesOnlyIn(OTHER_ORG_BUYER)
    const representative = await signedIn(REPRESENTATIVE)
    const before = await representative.fields()

    await representative.patch('', impersonating(OTHER_ORG_BUYER))
    // Impersonating wrote the buyer's values, or their absence below proves
    // nothing.
    expect(buyerValues).toEqual(
      expect.arrayContaining(['b2b-austin', '0311', '78701', OTHER_ORG_BUYER])
    )
    expect(
      fieldsHolding(await representative.fields(), buyerValues).length
    ).toBeGreaterThan(5)

    await representative.patch('', impersonating(''))
    const after = await representative.fields()

    expect(after).toMatchObject({
      ...expectedOf(REPRESENTATIVE),
      'impersonate.storeUserEmail': '',
      'impersonate.storeUserId': '',
      'storefront-permissions.storeUserEmail': '',
      'storefront-permissions.storeUserId': '',
      'profile.email': REPRESENTATIVE,
    })
    expect(fieldsHolding(after, buyerValues)).toEqual([])
    expect(after).toEqual({ ...before, 'public.impersonate': '' })
    expect(loopCapHit(representative)).toBe(false)
  })

  it("signing out ends an impersonation: nothing of the buyer's left", async () => {
    const buyerValues = await valuesOnlyIn(OTHER_ORG_BUYER)
    const representative = await signedIn(REPRESENTATIVE)

    await representative.patch('', impersonating(OTHER_ORG_BUYER))
    expect((await representative.fields())['pricing.priceTable']).toBe(
      'b2b-austin'
    )
    await representative.signOut()
    const after = await representative.fields()

    expect(after).toMatchObject({
      'impersonate.storeUserEmail': '',
      'storefront-permissions.costcenter': '',
      'pricing.priceTable': '',
      'profile.isAuthenticated': 'false',
    })
    expect(fieldsHolding(after, buyerValues)).toEqual([])
    // Session Manager keeps the storefront's public field: the rule ends the
    // impersonation, not the field (the same representative signing in
    // again on this session would resume it).
    expect(after['public.impersonate']).toBe(OTHER_ORG_BUYER)
  })

  it('a buyer without canImpersonate who writes public.impersonate keeps their own session, nothing else changes', async () => {
    const buyer = await signedIn(BUYER_WITHOUT_RIGHT)
    const before = await buyer.fields()

    expect(before).toMatchObject(expectedOf(BUYER_WITHOUT_RIGHT))
    await buyer.patch('', impersonating(OTHER_ORG_BUYER))
    const after = await buyer.fields()

    expect(after).toMatchObject({
      ...expectedOf(BUYER_WITHOUT_RIGHT),
      'impersonate.storeUserEmail': '',
      'impersonate.storeUserId': '',
      'storefront-permissions.storeUserEmail': '',
    })
    expect(after).toEqual({ ...before, 'public.impersonate': OTHER_ORG_BUYER })
    expect(
      fieldsHolding(after, ['b2b-austin', '0311', '78701', 'org-2', 'cc-3'])
    ).toEqual([])
  })

  it('nobody writes impersonate.* directly: only public is writable', async () => {
    const buyer = await signedIn(BUYER_WITHOUT_RIGHT)
    const answer = await buyer.patch('', {
      impersonate: { storeUserEmail: { value: OTHER_ORG_BUYER } },
    })

    expect(answer.status).toBe(400)
    expect((await buyer.fields())['impersonate.storeUserEmail']).toBe('')
  })

  it('an anonymous shopper who writes public.impersonate gets nothing', async () => {
    const buyerValues = await valuesOnlyIn(OTHER_ORG_BUYER)
    const anonymous = await newShopper()

    await anonymous.patch('', impersonating(OTHER_ORG_BUYER))
    const after = await anonymous.fields()

    expect(after).toMatchObject({
      'impersonate.storeUserEmail': '',
      'impersonate.storeUserId': '',
      'profile.isAuthenticated': 'false',
    })
    expect(after['profile.email']).toBeUndefined()
    expect(after['storefront-permissions.costcenter'] ?? '').toBe('')
    expect(after['pricing.priceTable'] ?? '').toBe('')
    expect(fieldsHolding(after, buyerValues)).toEqual([])
  })

  it('logs no email of the representative or the buyer, in the Session Manager or the worker', async () => {
    const representative = await signedIn(REPRESENTATIVE)

    await representative.patch('', impersonating(OTHER_ORG_BUYER))
    expect((await representative.fields())['pricing.priceTable']).toBe(
      'b2b-austin'
    )
    await representative.patch('', impersonating(''))

    // Something was logged to look through (the worker logs as it starts).
    expect(
      sessionManagerLogs.entries.length + stack.logs.length
    ).toBeGreaterThan(0)
    const everything = [
      JSON.stringify(sessionManagerLogs.entries),
      stack.logs.join('\n'),
    ].join('\n')

    expect(everything).not.toMatch(/@(acme|globex)\.test/)
  })
})
