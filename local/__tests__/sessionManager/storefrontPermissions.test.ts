/**
 * The storefront-permissions stand-in follows 3.x (vtex-platform-facts.md):
 * every output on every call, a computed costCenterAddressId, a hash of
 * organization|costcenter, store user fields only while impersonating.
 */
import { readFileSync } from 'fs'

import { nativeConfigPath } from '../../../session-config'
import { createStorefrontPermissions } from '../../nativeApps/storefrontPermissions'
import type { NativeFixtures } from '../../nativeApps/fixtureUsers'
import type { WireNamespaces } from '../../sessionManager/types'

const CONFIG = JSON.parse(
  readFileSync(nativeConfigPath('storefront-permissions'), 'utf8')
)['storefront-permissions'].output as Record<string, string[]>

const byName = (a: string, b: string) => a.localeCompare(b)

const NYC = [
  { addressId: 'addr-1', postalCode: '10001', country: 'USA' },
  { addressId: 'addr-2', postalCode: '11201', country: 'USA' },
]

function fixtures(selection: boolean): NativeFixtures {
  return {
    b2bSettings: { enableCostCenterAddressSelection: selection },
    users: [
      { email: 'buyer@acme.test', organization: 'org-1', costcenter: 'cc-1' },
      {
        email: 'picker@acme.test',
        organization: 'org-1',
        costcenter: 'cc-1',
        costCenterAddressId: 'addr-2',
      },
      { email: 'bare@acme.test', organization: 'org-1', costcenter: 'cc-bare' },
      { email: 'boston@acme.test', organization: 'org-1', costcenter: 'cc-2' },
    ],
    costCenters: [
      { id: 'cc-1', addresses: NYC },
      { id: 'cc-bare', addresses: [] },
      {
        id: 'cc-2',
        addresses: [
          { addressId: 'addr-3', postalCode: '02108', country: 'USA' },
        ],
      },
    ],
  }
}

function signedIn(email: string, publicFields: Record<string, string> = {}) {
  const input: WireNamespaces = {
    authentication: { storeUserEmail: { value: email } },
  }

  if (Object.keys(publicFields).length > 0) {
    input.public = Object.fromEntries(
      Object.entries(publicFields).map(([field, value]) => [field, { value }])
    )
  }

  return input
}

const run = (selection: boolean, input: WireNamespaces) =>
  createStorefrontPermissions(() => fixtures(selection))(input) as Record<
    string,
    Record<string, { value: string }>
  >

const field = (output: ReturnType<typeof run>, name: string) =>
  output['storefront-permissions'][name].value

describe('storefront-permissions 3.x stand-in', () => {
  it('answers every declared output on every call, "" for a signed-out shopper', () => {
    const output = run(true, {})

    for (const [namespace, fields] of Object.entries(CONFIG)) {
      expect(Object.keys(output[namespace]).sort(byName)).toEqual(
        [...fields].sort(byName)
      )
      for (const name of fields)
        expect(output[namespace][name]).toEqual({ value: '' })
    }
  })

  it('answers every declared output for a B2B shopper too', () => {
    const output = run(true, signedIn('buyer@acme.test'))

    for (const [namespace, fields] of Object.entries(CONFIG)) {
      expect(Object.keys(output[namespace]).sort(byName)).toEqual(
        [...fields].sort(byName)
      )
    }

    expect(field(output, 'organization')).toBe('org-1')
    expect(field(output, 'costcenter')).toBe('cc-1')
    expect(field(output, 'storeUserEmail')).toBe('')
    expect(field(output, 'storeUserId')).toBe('')
  })

  it('costCenterAddressId: the first address by default', () => {
    expect(
      field(run(true, signedIn('buyer@acme.test')), 'costCenterAddressId')
    ).toBe('addr-1')
  })

  it("honours the shopper's pick only when the merchant enables address selection", () => {
    const pick = signedIn('buyer@acme.test', { costCenterAddressId: 'addr-2' })

    expect(field(run(true, pick), 'costCenterAddressId')).toBe('addr-2')
    expect(field(run(false, pick), 'costCenterAddressId')).toBe('addr-1')
    expect(
      field(run(false, signedIn('picker@acme.test')), 'costCenterAddressId')
    ).toBe('addr-1')
    expect(
      field(run(true, signedIn('picker@acme.test')), 'costCenterAddressId')
    ).toBe('addr-2')
  })

  it('an unknown pick falls back to the first address; a cleared pick gives ""', () => {
    const unknown = signedIn('buyer@acme.test', {
      costCenterAddressId: 'addr-3',
    })

    const cleared = signedIn('buyer@acme.test', { costCenterAddressId: '' })

    expect(field(run(true, unknown), 'costCenterAddressId')).toBe('addr-1')
    expect(field(run(true, cleared), 'costCenterAddressId')).toBe('')
  })

  it('"" when the cost center has no address', () => {
    const output = run(true, signedIn('bare@acme.test'))

    expect(field(output, 'costCenterAddressId')).toBe('')
    expect(output.public.regionId.value).toBe('')
  })

  it('hash: of organization|costcenter, stable, different per cost center', () => {
    const nyc = field(run(true, signedIn('buyer@acme.test')), 'hash')
    const picked = field(
      run(true, signedIn('buyer@acme.test', { costCenterAddressId: 'addr-2' })),
      'hash'
    )

    const boston = field(run(true, signedIn('boston@acme.test')), 'hash')

    expect(nyc).toMatch(/^[0-9a-f]{16}$/)
    expect(picked).toBe(nyc)
    expect(boston).not.toBe(nyc)
  })

  it('store user fields only while impersonating', () => {
    const output = run(true, {
      ...signedIn('sales@acme.test'),
      impersonate: {
        storeUserId: { value: 'u-42' },
        storeUserEmail: { value: 'boston@acme.test' },
      },
    })

    expect(field(output, 'storeUserId')).toBe('u-42')
    expect(field(output, 'storeUserEmail')).toBe('boston@acme.test')
    expect(field(output, 'costcenter')).toBe('cc-2')
  })

  it('follows impersonate.storeUserId alone, as 3.x: no impersonated email, no B2B user', () => {
    const output = run(true, {
      ...signedIn('buyer@acme.test'),
      impersonate: {
        storeUserId: { value: 'u-42' },
        storeUserEmail: { value: '' },
      },
    })

    expect(field(output, 'storeUserId')).toBe('u-42')
    expect(field(output, 'storeUserEmail')).toBe('')
    expect(field(output, 'organization')).toBe('')
    expect(field(output, 'costcenter')).toBe('')
  })

  it('names an impersonated shopper B2B does not know, with every B2B field ""', () => {
    const output = run(true, {
      ...signedIn('buyer@acme.test'),
      impersonate: {
        storeUserId: { value: 'u-7' },
        storeUserEmail: { value: 'someone@b2c.test' },
      },
    })

    expect(field(output, 'storeUserId')).toBe('u-7')
    expect(field(output, 'storeUserEmail')).toBe('someone@b2c.test')
    expect(field(output, 'costcenter')).toBe('')
    expect(field(output, 'hash')).toBe('')
    // The answer above is not shared with a signed-out shopper's.
    expect(field(run(true, {}), 'storeUserEmail')).toBe('')
  })

  it('an ended impersonation (impersonate.* "") gives the signed-in user\'s own fields back', () => {
    const output = run(true, {
      ...signedIn('boston@acme.test'),
      impersonate: {
        storeUserId: { value: '' },
        storeUserEmail: { value: '' },
      },
    })

    expect(field(output, 'costcenter')).toBe('cc-2')
    expect(field(output, 'storeUserId')).toBe('')
    expect(field(output, 'storeUserEmail')).toBe('')
  })

  it('removeB2B: every output ""', () => {
    const output = run(true, signedIn('buyer@acme.test', { removeB2B: 'true' }))

    expect(field(output, 'costcenter')).toBe('')
    expect(field(output, 'hash')).toBe('')
  })
})
