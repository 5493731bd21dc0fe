import { readFileSync } from 'fs'
import { resolve } from 'path'

export interface FixtureUser {
  email: string
  organization: string
  costcenter: string
  /** The address this shopper picked, if any (else the first one applies). */
  costCenterAddressId?: string
  /**
   * May act as another fixture user (impersonate-session stand-in): a sales
   * representative or call center operator. Absent means false.
   */
  canImpersonate?: boolean
}

export interface FixtureAddress {
  /** Absent: B2B Organizations derives one (b2b/addressIds.ts). */
  addressId?: string
  postalCode: string
  country: string
  state: string
  city: string
  street: string
}

export interface FixtureCostCenter {
  id: string
  organization: string
  name: string
  addresses: FixtureAddress[]
}

export interface FixturePricing {
  organization: string
  costcenter: string
  priceTable: string
  storeNumber: string
}

/** The merchant's B2B settings storefront-permissions reads. */
export interface FixtureB2BSettings {
  /** Honour the shopper's `public.costCenterAddressId` (default false). */
  enableCostCenterAddressSelection?: boolean
}

export interface Fixtures {
  b2bSettings?: FixtureB2BSettings
  users: FixtureUser[]
  costCenters: FixtureCostCenter[]
  pricing: FixturePricing[]
}

export const DEFAULT_FIXTURES_PATH = resolve(__dirname, '..', 'fixtures.json')

const USER_FIELDS = ['email', 'organization', 'costcenter'] as const
const OPTIONAL_USER_FIELDS = ['costCenterAddressId'] as const
const OPTIONAL_USER_FLAGS = ['canImpersonate'] as const

const ADDRESS_FIELDS = [
  'postalCode',
  'country',
  'state',
  'city',
  'street',
] as const

const COST_CENTER_FIELDS = ['id', 'organization', 'name'] as const
const PRICING_FIELDS = [
  'organization',
  'costcenter',
  'priceTable',
  'storeNumber',
] as const

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Collects every problem at once so a broken fixture file is fixed in one go. */
class ShapeChecker {
  public readonly problems: string[] = []

  public list(value: unknown, where: string): unknown[] {
    if (Array.isArray(value)) return value
    this.problems.push(`${where} must be an array`)

    return []
  }

  public record(
    value: unknown,
    where: string,
    fields: readonly string[]
  ): Record<string, unknown> | null {
    if (!isRecord(value)) {
      this.problems.push(`${where} must be an object`)

      return null
    }

    for (const field of fields) {
      const fieldValue = value[field]

      if (typeof fieldValue !== 'string' || fieldValue === '') {
        this.problems.push(`${where}.${field} must be a non-empty string`)
      }
    }

    return value
  }

  /** Absent is fine; present must be true or false. */
  public flags(
    value: Record<string, unknown> | null,
    where: string,
    fields: readonly string[]
  ) {
    for (const field of fields) {
      const flag = value?.[field]

      if (flag !== undefined && typeof flag !== 'boolean') {
        this.problems.push(`${where}.${field} must be true or false`)
      }
    }
  }

  /** Absent is fine; present must be a non-empty string. */
  public optional(
    value: Record<string, unknown> | null,
    where: string,
    fields: readonly string[]
  ) {
    const present = fields.filter((field) => value?.[field] !== undefined)

    if (value && present.length > 0) this.record(value, where, present)
  }

  public unique(keys: string[], where: string) {
    const seen = new Set<string>()

    for (const key of keys) {
      if (seen.has(key)) this.problems.push(`${where}: duplicate ${key}`)
      seen.add(key)
    }
  }
}

/** Throws an Error listing every shape problem; returns the typed fixtures. */
export function validateFixtures(data: unknown, source = 'fixtures'): Fixtures {
  const check = new ShapeChecker()
  const root = isRecord(data) ? data : {}

  if (!isRecord(data)) check.problems.push('top level must be an object')

  check.list(root.users, 'users').forEach((user, i) => {
    const record = check.record(user, `users[${i}]`, USER_FIELDS)

    check.optional(record, `users[${i}]`, OPTIONAL_USER_FIELDS)
    check.flags(record, `users[${i}]`, OPTIONAL_USER_FLAGS)
  })

  const costCenters = check.list(root.costCenters, 'costCenters')

  costCenters.forEach((costCenter, i) => {
    const where = `costCenters[${i}]`
    const record = check.record(costCenter, where, COST_CENTER_FIELDS)

    if (!record) return
    check.list(record.addresses, `${where}.addresses`).forEach((address, j) => {
      const at = `${where}.addresses[${j}]`

      check.optional(check.record(address, at, ADDRESS_FIELDS), at, [
        'addressId',
      ])
    })
  })

  const settings = root.b2bSettings

  if (
    settings !== undefined &&
    (!isRecord(settings) ||
      !['undefined', 'boolean'].includes(
        typeof settings.enableCostCenterAddressSelection
      ))
  ) {
    check.problems.push(
      'b2bSettings must be {"enableCostCenterAddressSelection": true|false}'
    )
  }

  const pricing = check.list(root.pricing, 'pricing')

  pricing.forEach((row, i) =>
    check.record(row, `pricing[${i}]`, PRICING_FIELDS)
  )

  if (check.problems.length === 0) {
    const typed = root as unknown as Fixtures

    check.unique(
      typed.costCenters.map((costCenter) => costCenter.id),
      'costCenters id'
    )
    check.unique(
      typed.pricing.map((row) => `${row.organization}/${row.costcenter}`),
      'pricing organization/costcenter'
    )
  }

  if (check.problems.length > 0) {
    throw new Error(
      `Invalid fixtures in ${source}:\n  - ${check.problems.join('\n  - ')}`
    )
  }

  return root as unknown as Fixtures
}

/** Reads fixtures from `path`, else $FIXTURES, else local/fixtures.json. */
export function loadFixtures(path?: string): Fixtures {
  const file = resolve(path ?? process.env.FIXTURES ?? DEFAULT_FIXTURES_PATH)
  let text: string

  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(
      `Cannot read fixtures file ${file}: ${(error as Error).message}`
    )
  }

  let data: unknown

  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new Error(
      `Fixtures file ${file} is not valid JSON: ${(error as Error).message}`
    )
  }

  return validateFixtures(data, file)
}
