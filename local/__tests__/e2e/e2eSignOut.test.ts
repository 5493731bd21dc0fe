/**
 * What a session keeps of a B2B cost center, through the whole local platform
 * (Session Manager's rounds, storefront-permissions, checkout, the real app):
 * the cost center's address is applied at sign-in and taken back at sign-out,
 * and a postal code the shopper typed is never cleared nor overwritten except
 * when a cost center's address is being applied.
 */
import type { LocalStack } from '../../localStack'
import { startLocalStack } from '../../localStack'
import { SessionClient } from '../../../testkit/sessionManagerTestKit'

const BUYER = 'buyer@acme.test'
const CC1 = { postalCode: '10001', country: 'USA', state: 'NY' }

let stack: LocalStack

beforeAll(async () => {
  stack = await startLocalStack({ sessionManagerLog: () => undefined })
})

afterAll(() => stack.stop())

const typed = (fields: Record<string, string>) => ({
  public: Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [field, { value }])
  ),
})

/** The three fields the app propagates, as the session has them now. */
async function region(shopper: SessionClient) {
  const fields = await shopper.fields()

  return {
    postalCode: fields['public.postalCode'] ?? '',
    country: fields['public.country'] ?? '',
    state: fields['public.state'] ?? '',
  }
}

async function newShopper() {
  const shopper = new SessionClient(stack.sessionManager.url)

  await shopper.create()

  return shopper
}

describe('what a session keeps of a cost center', () => {
  it('leaves an anonymous shopper’s typed postal code alone', async () => {
    const shopper = await newShopper()

    await shopper.patch('', typed({ postalCode: '90210', country: 'USA' }))
    await shopper.patch('', typed({ state: 'CA' }))

    expect(await region(shopper)).toEqual({
      postalCode: '90210',
      country: 'USA',
      state: 'CA',
    })
    expect((await shopper.fields())['pricing.appliedAddress'] ?? '').toBe('')
  })

  it('applies the cost center’s address at sign-in, over what was typed, and takes it back at sign-out', async () => {
    const shopper = await newShopper()

    await shopper.patch('', typed({ postalCode: '90210', country: 'USA' }))
    await shopper.signIn(BUYER)
    expect(await region(shopper)).toEqual(CC1)
    expect((await shopper.fields())['pricing.priceTable']).toBe('b2b-nyc')

    await shopper.signOut()
    const after = await shopper.fields()

    expect(await region(shopper)).toEqual({
      postalCode: '',
      country: '',
      state: '',
    })
    expect(after['pricing.priceTable']).toBe('')
    expect(after['pricing.appliedAddress']).toBe('')
    // Nothing of the B2B buyer's region is left for checkout either.
    expect(Object.values(after)).not.toContain('10001')
  })

  it('keeps a postal code typed while signed in, across unrelated changes and after sign-out, until the next sign-in', async () => {
    const shopper = await newShopper()

    await shopper.signIn(BUYER)
    await shopper.patch('', typed({ postalCode: '10003' }))
    expect(await region(shopper)).toEqual({ ...CC1, postalCode: '10003' })

    // An unrelated change: every app that reads public.* runs again.
    await shopper.patch('', typed({ country: 'USA', state: 'NY' }))
    await shopper.patch()
    expect(await region(shopper)).toEqual({ ...CC1, postalCode: '10003' })

    await shopper.signOut()
    expect(await region(shopper)).toEqual({
      postalCode: '10003',
      country: '',
      state: '',
    })

    await shopper.signIn(BUYER)
    expect(await region(shopper)).toEqual(CC1)
  })

  it('converges: every cycle above ended its rounds below the loop cap', () => {
    const traces = stack.sessionManager.traces.list()

    expect(traces.length).toBeGreaterThan(10)
    expect(traces.filter((trace) => trace.loopCapHit)).toEqual([])
    // A sign-in: authentication → … → storefront-permissions → this app →
    // the rounds its public.* writes start, then one that changes nothing.
    expect(
      Math.max(...traces.map((trace) => trace.rounds.length))
    ).toBeLessThan(8)
  })
})
