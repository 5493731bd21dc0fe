import { writeFileSync } from 'fs'
import { join } from 'path'

import { loadFixtures, validateFixtures } from '../../platform'
import { removeDir, tempDataDir } from '../../../testkit/platformTestKit'

describe('fixtures', () => {
  let dir: string

  beforeAll(() => {
    dir = tempDataDir()
  })

  afterAll(() => removeDir(dir))

  const writeFile = (name: string, text: string) => {
    const path = join(dir, name)

    writeFileSync(path, text)

    return path
  }

  it('ships defaults that cover the scenarios the app must handle', () => {
    const { users, costCenters, pricing } = loadFixtures()
    const organizations = new Set(costCenters.map((cc) => cc.organization))
    const priced = new Set(pricing.map((row) => row.costcenter))

    expect(organizations.size).toBeGreaterThanOrEqual(2)
    expect(costCenters.length).toBeGreaterThanOrEqual(3)
    expect(users.length).toBeGreaterThanOrEqual(3)
    expect(costCenters.some((cc) => cc.addresses.length >= 2)).toBe(true)
    expect(costCenters.some((cc) => !priced.has(cc.id))).toBe(true)
    expect(new Set(pricing.map((row) => row.priceTable)).size).toBe(
      pricing.length
    )

    for (const user of users) {
      const costCenter = costCenters.find((cc) => cc.id === user.costcenter)

      expect(costCenter?.organization).toBe(user.organization)
    }

    // A shopper's pick, when there is one, is an address of the cost center.
    const picks = users.filter((user) => user.costCenterAddressId !== undefined)

    expect(picks.length).toBeGreaterThan(0)
    for (const user of picks) {
      const costCenter = costCenters.find((cc) => cc.id === user.costcenter)

      expect(costCenter?.addresses.map((a) => a.addressId)).toContain(
        user.costCenterAddressId
      )
    }

    // storefront-permissions computes the address: most users carry none.
    expect(users.some((user) => user.costCenterAddressId === undefined)).toBe(
      true
    )

    // A representative who may impersonate has pricing of their own (what
    // comes back when an impersonation ends), and buyers of another
    // organization to act as.
    const representatives = users.filter((user) => user.canImpersonate)

    expect(representatives.length).toBeGreaterThan(0)
    for (const rep of representatives) {
      expect(priced.has(rep.costcenter)).toBe(true)
      expect(
        users.some(
          (user) =>
            !user.canImpersonate && user.organization !== rep.organization
        )
      ).toBe(true)
    }

    expect(users.some((user) => !user.canImpersonate)).toBe(true)
  })

  it('reads $FIXTURES when no path is given', () => {
    const path = writeFile(
      'env.json',
      JSON.stringify({ users: [], costCenters: [], pricing: [] })
    )

    process.env.FIXTURES = path
    try {
      expect(loadFixtures()).toEqual({
        users: [],
        costCenters: [],
        pricing: [],
      })
    } finally {
      delete process.env.FIXTURES
    }
  })

  it('lists every shape problem in one clear error', () => {
    const path = writeFile(
      'bad.json',
      JSON.stringify({
        users: [{ email: 'a@b.test', organization: 'org-1' }],
        costCenters: [
          { id: 'cc-1', organization: 'org-1', name: 'x', addresses: [{}] },
        ],
      })
    )

    expect(() => loadFixtures(path)).toThrow(
      /Invalid fixtures in .*bad\.json:[\s\S]*users\[0\]\.costcenter must be a non-empty string[\s\S]*costCenters\[0\]\.addresses\[0\]\.postalCode[\s\S]*pricing must be an array/
    )
  })

  it('takes users without costCenterAddressId and addresses without addressId', () => {
    const fixtures = {
      users: [{ email: 'a@b.test', organization: 'org-1', costcenter: 'cc-1' }],
      costCenters: [
        {
          id: 'cc-1',
          organization: 'org-1',
          name: 'x',
          addresses: [
            {
              postalCode: '1',
              country: 'USA',
              state: 'NY',
              city: 'c',
              street: 's',
            },
          ],
        },
      ],
      pricing: [],
    }

    expect(validateFixtures(fixtures)).toEqual(fixtures)
  })

  it('refuses an empty optional field, a canImpersonate that is no boolean and malformed b2bSettings', () => {
    const user = { email: 'a@b.test', organization: 'o', costcenter: 'c' }

    expect(() =>
      validateFixtures({
        b2bSettings: { enableCostCenterAddressSelection: 'yes' },
        users: [
          { ...user, costCenterAddressId: '' },
          { ...user, email: 'b@b.test', canImpersonate: 'yes' },
        ],
        costCenters: [],
        pricing: [],
      })
    ).toThrow(
      /users\[0\]\.costCenterAddressId must be a non-empty string[\s\S]*users\[1\]\.canImpersonate must be true or false[\s\S]*b2bSettings must be/
    )
    expect(
      validateFixtures({
        users: [{ ...user, canImpersonate: true }],
        costCenters: [],
        pricing: [],
      }).users[0].canImpersonate
    ).toBe(true)
  })

  it('refuses duplicates, non-JSON and missing files', () => {
    const row = {
      organization: 'o',
      costcenter: 'c',
      priceTable: 't',
      storeNumber: '1',
    }

    expect(() =>
      validateFixtures({ users: [], costCenters: [], pricing: [row, row] })
    ).toThrow(/duplicate o\/c/)
    expect(() => loadFixtures(writeFile('text.json', 'nope'))).toThrow(
      /is not valid JSON/
    )
    expect(() => loadFixtures(join(dir, 'absent.json'))).toThrow(
      /Cannot read fixtures file/
    )
  })
})
