/**
 * The address storefront-permissions 3.x selects, through the whole local
 * platform: the cost center's first address by default, the shopper's pick
 * only where the merchant enables address selection, and a fixtures file
 * whose users carry no costCenterAddressId (as real B2B users do not).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { LocalStack } from '../../localStack'
import { startLocalStack } from '../../localStack'
import { deriveRegionId } from '../../nativeApps/wire'
import { loadFixtures } from '../../platform/fixtures'
import { SessionClient } from '../../../testkit/sessionManagerTestKit'

const pick = (addressId: string) => ({
  public: { costCenterAddressId: { value: addressId } },
})

/** `npm start` with FIXTURES pointing at a file of its own. */
async function startWithFixtures(selection: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'fixtures-'))
  const file = join(dir, 'fixtures.json')
  const shipped = loadFixtures()
  const users = shipped.users.map(({ costCenterAddressId: _, ...user }) => user)

  writeFileSync(
    file,
    JSON.stringify({
      ...shipped,
      b2bSettings: { enableCostCenterAddressSelection: selection },
      users,
    })
  )
  const previous = process.env.FIXTURES

  process.env.FIXTURES = file
  try {
    const stack = await startLocalStack()

    return {
      stack,
      async stop() {
        await stack.stop()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } finally {
    if (previous === undefined) delete process.env.FIXTURES
    else process.env.FIXTURES = previous
  }
}

async function signedIn(stack: LocalStack, email: string) {
  const shopper = new SessionClient(stack.sessionManager.url)

  await shopper.create()
  await shopper.signIn(email)

  return shopper
}

describe('address selection enabled, users without costCenterAddressId', () => {
  let running: Awaited<ReturnType<typeof startWithFixtures>>

  beforeAll(async () => {
    running = await startWithFixtures(true)
  })

  afterAll(() => running.stop())

  it('starts, and a buyer gets the first address of the cost center', async () => {
    const shopper = await signedIn(running.stack, 'brooklyn@acme.test')

    expect(await shopper.fields()).toMatchObject({
      'storefront-permissions.costCenterAddressId': 'addr-1',
      'pricing.priceTable': 'b2b-nyc',
      'public.postalCode': '10001',
      'checkout.regionId': deriveRegionId('USA', '10001'),
    })
  })

  it("a pick of another address moves public.postalCode and checkout's region", async () => {
    const shopper = await signedIn(running.stack, 'buyer@acme.test')

    await shopper.patch('', pick('addr-2'))
    expect(await shopper.fields()).toMatchObject({
      'storefront-permissions.costCenterAddressId': 'addr-2',
      'pricing.priceTable': 'b2b-nyc',
      'public.postalCode': '11201',
      'checkout.regionId': deriveRegionId('USA', '11201'),
    })
  })

  it('a pick the cost center does not have falls back to the first address', async () => {
    const shopper = await signedIn(running.stack, 'buyer@acme.test')

    await shopper.patch('', pick('addr-4'))
    expect(await shopper.fields()).toMatchObject({
      'storefront-permissions.costCenterAddressId': 'addr-1',
      'public.postalCode': '10001',
    })
  })
})

describe('address selection disabled (the B2B default)', () => {
  let running: Awaited<ReturnType<typeof startWithFixtures>>

  beforeAll(async () => {
    running = await startWithFixtures(false)
  })

  afterAll(() => running.stop())

  it("ignores the shopper's pick", async () => {
    const shopper = await signedIn(running.stack, 'buyer@acme.test')

    await shopper.patch('', pick('addr-2'))
    expect(await shopper.fields()).toMatchObject({
      'storefront-permissions.costCenterAddressId': 'addr-1',
      'public.postalCode': '10001',
    })
  })
})
