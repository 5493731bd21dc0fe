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
      'invalid UTF-8 in a value it reads',
      Buffer.concat([
        Buffer.from('{"storefront-permissions":{"costcenter":{"value":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}}}'),
      ]),
    ],
    ['8000 nested arrays', nested('[', ']', 8000)],
    [
      '8000 nested arrays as the namespace',
      `{"storefront-permissions": ${nested('[', ']', 8000)}}`,
    ],
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

describe('what the app does not read: ignored, never echoed', () => {
  const huge = 'a'.repeat(15_000)
  const manyFields = Object.fromEntries(
    Array.from({ length: 1000 }, (__, i) => [`f${i}`, {}])
  )

  it.each([
    ['an unknown namespace', { profile: { email: {} } }, {}],
    [
      'an extra namespace beside the known one',
      { ...nycInputs(), checkout: { orderFormId: {} } },
      NYC,
    ],
    [
      'an unknown field',
      { 'storefront-permissions': { role: { value: 'admin' } } },
      {},
    ],
    ['1000 unknown fields', { 'storefront-permissions': manyFields }, {}],
    ['a 15 kB namespace name', { [huge]: {} }, {}],
    [
      'a 15 kB field name beside the inputs',
      {
        'storefront-permissions': {
          ...nycInputs()['storefront-permissions'],
          [huge]: { value: 'x' },
        },
      },
      NYC,
    ],
    [
      '2000 nested objects',
      JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`),
      {},
    ],
    [
      'a constructor.prototype namespace',
      { constructor: { prototype: { polluted: 'yes' } } },
      {},
    ],
    [
      'constructor as a field',
      { 'storefront-permissions': { constructor: { value: 'cc-1' } } },
      {},
    ],
    [
      'prototype as a field',
      { 'storefront-permissions': { prototype: { value: 'cc-1' } } },
      {},
    ],
  ])('%s: 200 with the answer for what it reads', async (_, body, inputs) => {
    const answer = await stack.transform(
      JSON.stringify(body),
      freshTenant('ignored')
    )

    expect(answer.status).toBe(200)
    expect(answer.body).toEqual(expectedAnswer(inputs))
    expect(JSON.stringify(answer.body)).not.toMatch(
      /profile|checkout|role|aaaa|"a"|polluted|constructor|prototype/
    )
  })
})

describe('huge strings inside the body limit', () => {
  const huge = 'a'.repeat(15_000)

  it.each([
    ['a 15 kB cost center id', costCenterEntry({ value: huge })],
    ['a 129-character id', costCenterEntry({ value: 'c'.repeat(129) })],
  ])('answers %s with a short 400', async (_, body) => {
    const answer = await expectRefused(stack, { body }, 400)

    // The message never echoes the input back.
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
