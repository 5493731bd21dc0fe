/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
/**
 * Bodies anyone on the internet can POST to the public transform route: each
 * gets a clear 4xx JSON error, reaches no upstream (so nothing is cached), and
 * leaves the worker up and answering.
 */
import type { AppStack } from '../../../local/appStack'
import { sfpInputs, startAppStack } from '../../../local/appStack'
import {
  expectedAnswer,
  expectRefused,
  expectWorkerServes,
  freshTenant,
  HEALTH_TENANT,
  NO_PRICING,
  NYC,
  nycInputs,
  quiesce,
} from './reliabilityKit'

let stack: AppStack

beforeAll(async () => {
  stack = await startAppStack()
  await expectWorkerServes(stack, HEALTH_TENANT)
  await quiesce(stack)
})

afterAll(() => stack.stop())

const sfp = (namespace: unknown) =>
  JSON.stringify({ 'storefront-permissions': namespace })

const costCenterEntry = (entry: unknown) => sfp({ costcenter: entry })
const nested = (open: string, close: string, depth: number) =>
  `${open.repeat(depth)}${close.repeat(depth)}`

describe('malformed JSON and bodies that are not an object', () => {
  it.each([
    ['truncated JSON', '{"storefront-permissions":'],
    ['trailing garbage', '{} {}'],
    ['single quotes', "{'storefront-permissions': {}}"],
    ['NaN', '{"storefront-permissions": NaN}'],
    ['an array', '[]'],
    ['an array of inputs', `[${JSON.stringify(nycInputs())}]`],
    ['a string', '"storefront-permissions"'],
    ['a number', '42'],
    ['null', 'null'],
    ['true', 'true'],
    [
      'invalid UTF-8',
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    ],
    ['8000 nested arrays', nested('[', ']', 8000)],
    ['2000 nested objects', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`],
  ])('answers %s with 400', async (_, body) => {
    await expectRefused(stack, { body }, 400)
  })
})

describe('wrong value types and shapes', () => {
  it.each([
    ['an object value', costCenterEntry({ value: { id: 'cc-1' } })],
    ['an array value', costCenterEntry({ value: ['cc-1'] })],
    ['a number value', costCenterEntry({ value: 1 })],
    ['a boolean value', costCenterEntry({ value: true })],
    ['a bare string field', costCenterEntry('cc-1')],
    ['an array field', costCenterEntry([{ value: 'cc-1' }])],
    ['a string namespace', sfp('cc-1')],
    ['a null namespace', sfp(null)],
    ['an array namespace', sfp([])],
  ])('answers %s with 400', async (_, body) => {
    await expectRefused(stack, { body }, 400)
  })
})

describe('unknown namespaces and fields', () => {
  const manyFields = Object.fromEntries(
    Array.from({ length: 1000 }, (__, i) => [`f${i}`, {}])
  )

  it.each([
    ['an unknown namespace', JSON.stringify({ profile: { email: {} } })],
    [
      'an extra namespace beside the known one',
      JSON.stringify({ ...nycInputs(), checkout: { orderFormId: {} } }),
    ],
    ['an unknown field', sfp({ role: { value: 'admin' } })],
    ['1000 unknown fields', sfp(manyFields)],
  ])('answers %s with 400', async (_, body) => {
    await expectRefused(stack, { body }, 400)
  })
})

describe('huge strings inside the body limit', () => {
  const huge = 'a'.repeat(15_000)

  it.each([
    ['a 15 kB cost center id', costCenterEntry({ value: huge })],
    ['a 129-character id', costCenterEntry({ value: 'c'.repeat(129) })],
    ['a 15 kB namespace name', JSON.stringify({ [huge]: {} })],
    ['a 15 kB field name', sfp({ [huge]: { value: 'x' } })],
  ])('answers %s with a short 400', async (_, body) => {
    const answer = await expectRefused(stack, { body }, 400)

    // The message may quote a name, never echo the whole input back.
    expect(JSON.stringify(answer.body).length).toBeLessThan(300)
  })
})

describe('prototype keys', () => {
  const polluter = { polluted: 'yes', value: 'cc-1' }

  it.each([
    ['a top-level __proto__', `{"__proto__": ${JSON.stringify(polluter)}}`],
    ['__proto__ as a field', sfp(JSON.parse(`{"__proto__": {"value": "x"}}`))],
    [
      '__proto__ in an entry',
      `{"storefront-permissions": {"costcenter": {"__proto__": ${JSON.stringify(
        polluter
      )}}}}`,
    ],
    [
      'a constructor.prototype namespace',
      JSON.stringify({ constructor: { prototype: polluter } }),
    ],
    ['constructor as a field', sfp({ constructor: { value: 'cc-1' } })],
    ['prototype as a field', sfp({ prototype: { value: 'cc-1' } })],
  ])('answers %s with 400', async (_, body) => {
    await expectRefused(stack, { body }, 400)
  })

  it('ignores extra keys of an entry and answers what the value implies', async () => {
    const body = sfp({
      costcenter: { value: 'cc-1', constructor: { prototype: polluter } },
      organization: { value: 'org-1', prototype: polluter },
    })

    const answer = await stack.transform(body, freshTenant('proto-entry'))

    expect(answer.status).toBe(200)
    expect(answer.body).toEqual(expectedAnswer(NYC))
  })

  it('leaves no injected property behind: later requests answer as before', async () => {
    // Were Object.prototype.value polluted, an entry without a value would
    // read as "cc-1"; were anything injected, it would show in the bytes.
    const noValue = await stack.transform(
      sfp({ costcenter: {}, organization: {} }),
      freshTenant('proto-after')
    )

    expect(noValue.body).toEqual({ pricing: NO_PRICING })

    const answer = await stack.transform(
      sfpInputs({ ...NYC, costCenterAddressId: 'addr-2' }),
      freshTenant('proto-after')
    )

    expect(answer.body).toEqual(
      expectedAnswer({ ...NYC, costCenterAddressId: 'addr-2' })
    )
    expect(JSON.stringify(answer.body)).not.toMatch(/polluted|__proto__/)
    await expectWorkerServes(stack)
  })
})
