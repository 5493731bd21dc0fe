import { parseTransformInputs } from '../../middlewares/readTransformInputs'

const sfp = (fields: Record<string, unknown>) => ({
  'storefront-permissions': fields,
})

/** The inputs the app reads from `body`. */
const read = (body: unknown) => parseTransformInputs(body)

describe('parseTransformInputs', () => {
  it('reads the three declared inputs', () => {
    expect(
      read(
        sfp({
          costcenter: { value: 'cc-1' },
          organization: { value: 'org-1' },
          costCenterAddressId: { value: 'addr-1' },
        })
      )
    ).toEqual({
      costcenter: 'cc-1',
      organization: 'org-1',
      costCenterAddressId: 'addr-1',
    })
  })

  it('treats missing and null values as absent, and keeps "" as sent', () => {
    expect(read({})).toEqual({})
    expect(
      read(
        sfp({
          costcenter: { value: null },
          organization: {},
        })
      )
      // Only what was sent: no field present as `undefined`.
    ).toStrictEqual({})
    // storefront-permissions 3.x answers "" for "no address selected".
    expect(
      read(
        sfp({
          costcenter: { value: 'cc-1' },
          organization: { value: 'org-1' },
          costCenterAddressId: { value: '' },
        })
      )
    ).toEqual({
      costcenter: 'cc-1',
      organization: 'org-1',
      costCenterAddressId: '',
    })
  })

  it.each([
    ['an array body', []],
    ['a string body', 'cc-1'],
    ['null', null],
    ['a non-object namespace', { 'storefront-permissions': 'cc-1' }],
    ['a bare string field', sfp({ costcenter: 'cc-1' })],
    ['an object value', sfp({ costcenter: { value: { id: 'cc-1' } } })],
    ['an array value', sfp({ costcenter: { value: ['cc-1'] } })],
    ['a number value', sfp({ costcenter: { value: 42 } })],
    ['a path in the id', sfp({ costcenter: { value: '../../etc/passwd' } })],
    ['GraphQL in the id', sfp({ costcenter: { value: 'x") { id } #' } })],
    ['a huge id', sfp({ costcenter: { value: 'a'.repeat(129) } })],
  ])('refuses %s with a 400', (_, body) => {
    expect(() => parseTransformInputs(body)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        status: 400,
        code: 'invalid.input',
      })
    )
  })

  it('accepts ids of 1 to 128 characters starting with a letter or digit', () => {
    const longest = `A${'a1_.-'.repeat(25)}bc`

    expect(longest).toHaveLength(128)
    expect(
      read(
        sfp({ costcenter: { value: longest }, organization: { value: '7' } })
      )
    ).toEqual({ costcenter: longest, organization: '7' })
  })

  it('ignores and never echoes what it does not read', () => {
    const inputs = parseTransformInputs({
      'storefront-permissions': {
        costcenter: { value: 'cc-1' },
        organization: { value: 'org-1' },
        // storefront-permissions 3.x's other outputs, sent whole.
        priceTables: { value: 'gold' },
        hash: { value: 'b9a3' },
        constructor: { value: 'x' },
        [`f-${'y'.repeat(100)}`]: { value: { any: 'shape' } },
      },
      profile: { email: { value: 'buyer@acme.test' } },
      ...JSON.parse('{"__proto__": {"polluted": true}}'),
      checkout: 'not even an object',
    })

    expect(inputs).toStrictEqual({ costcenter: 'cc-1', organization: 'org-1' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    ['a non-object body', [], 'Body must be a JSON object'],
    [
      'a non-object namespace',
      { 'storefront-permissions': 'x' },
      'storefront-permissions must be an object',
    ],
    [
      'a bare field',
      sfp({ organization: 'org-1' }),
      'storefront-permissions.organization must be an object { "value": … }',
    ],
    [
      'a number value',
      sfp({ organization: { value: 1 } }),
      'storefront-permissions.organization.value must be a string',
    ],
    [
      'a bad id',
      sfp({ organization: { value: '../x' } }),
      'storefront-permissions.organization.value is not a valid id',
    ],
  ])('says what is wrong with %s', (_, body, message) => {
    expect(() => parseTransformInputs(body)).toThrow(
      expect.objectContaining({ message, status: 400, code: 'invalid.input' })
    )
  })

  it('reads public.* as the shopper has it and its own pricing.appliedAddress, as any text', () => {
    expect(
      read({
        public: {
          postalCode: { value: '10001' },
          country: { value: 'USA' },
          state: { value: '' },
          // Typed by a shopper: anything goes, it is only compared.
          city: { value: '../x' },
        },
        pricing: { appliedAddress: { value: '{"from":"x"}' } },
      })
    ).toStrictEqual({
      postalCode: '10001',
      country: 'USA',
      state: '',
      appliedAddress: '{"from":"x"}',
    })
    expect(() => read({ public: { postalCode: { value: 10001 } } })).toThrow(
      'public.postalCode.value must be a string'
    )
    expect(() => read({ pricing: 'x' })).toThrow('pricing must be an object')
  })

  it('does not pollute Object.prototype', () => {
    const body = JSON.parse(
      '{"storefront-permissions": {"costcenter": {"value": "cc-1", "__proto__": {"polluted": true}}}}'
    )

    expect(read(body)).toEqual({ costcenter: 'cc-1' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
