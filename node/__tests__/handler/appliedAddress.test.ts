import { transform } from '../../middlewares/transform'
import type { TransformInputs } from '../../middlewares/readTransformInputs'
import type { CostCenterAddress } from '../../clients/costCenterClient'
import {
  addressToApply,
  answerAddress,
  parseAppliedAddress,
} from '../../session/appliedAddress'
import { FakeVBase } from '../cache/fakeVBase'
import {
  appliedAddressOf,
  buildContext,
  forgetWorkerState,
  NYC,
  upstreams,
} from './handlerContext'

beforeEach(forgetWorkerState)

const NYC_ADDRESS = {
  from: 'org-1/cc-1/addr-1',
  postalCode: '10001',
  country: 'USA',
  state: 'NY',
}

const APPLIED_NYC = JSON.stringify(NYC_ADDRESS)

const SESSION_NYC = { postalCode: '10001', country: 'USA', state: 'NY' }

describe('answerAddress', () => {
  it('writes all three fields when an address is applied for the first time', () => {
    expect(answerAddress(NYC_ADDRESS, {})).toEqual({
      public: {
        postalCode: { value: '10001' },
        country: { value: 'USA' },
        state: { value: 'NY' },
      },
      appliedAddress: JSON.stringify(NYC_ADDRESS),
    })
  })

  it('leaves public.* alone when the same address is applied, whatever the shopper typed since', () => {
    expect(
      answerAddress(NYC_ADDRESS, {
        ...SESSION_NYC,
        postalCode: '10003',
        appliedAddress: APPLIED_NYC,
      })
    ).toEqual({ appliedAddress: JSON.stringify(NYC_ADDRESS) })
  })

  it.each([
    ['another cost center', { ...NYC_ADDRESS, from: 'org-1/cc-3/addr-4' }],
    ['another address', { ...NYC_ADDRESS, from: 'org-1/cc-1/addr-2' }],
    [
      'the same address, edited by the merchant',
      { ...NYC_ADDRESS, state: 'NJ' },
    ],
  ])('writes all three fields again for %s', (_, target) => {
    const answer = answerAddress(target, {
      ...SESSION_NYC,
      postalCode: '10003',
      appliedAddress: APPLIED_NYC,
    })

    expect(answer.public).toEqual({
      postalCode: { value: target.postalCode },
      country: { value: target.country },
      state: { value: target.state },
    })
    expect(parseAppliedAddress(answer.appliedAddress)).toEqual(target)
  })

  it('takes back, on losing the address, only the fields that still hold what it applied', () => {
    expect(
      answerAddress(null, {
        ...SESSION_NYC,
        postalCode: '10003',
        appliedAddress: APPLIED_NYC,
      })
    ).toEqual({
      public: { country: { value: '' }, state: { value: '' } },
      appliedAddress: '',
    })
    expect(
      answerAddress(null, { ...SESSION_NYC, appliedAddress: APPLIED_NYC })
        .public
    ).toEqual({
      postalCode: { value: '' },
      country: { value: '' },
      state: { value: '' },
    })
  })

  it('writes nothing for a field it applied empty', () => {
    const noState = { ...NYC_ADDRESS, state: '' }

    expect(
      answerAddress(null, {
        ...SESSION_NYC,
        state: '',
        appliedAddress: JSON.stringify(noState),
      }).public
    ).toEqual({ postalCode: { value: '' }, country: { value: '' } })
  })

  it('touches nothing when it applied nothing, or nothing is left of it', () => {
    expect(answerAddress(null, SESSION_NYC)).toEqual({
      appliedAddress: '',
    })
    expect(
      answerAddress(null, {
        postalCode: '1',
        country: 'BR',
        state: 'SP',
        appliedAddress: APPLIED_NYC,
      })
    ).toEqual({ appliedAddress: '' })
  })
})

describe('addressToApply', () => {
  it('answers "" for a field B2B has as null', () => {
    const address = {
      addressId: 'addr-9',
      postalCode: null,
      country: null,
      state: null,
    } as unknown as CostCenterAddress

    expect(addressToApply('org-1', 'cc-1', address)).toEqual({
      from: 'org-1/cc-1/addr-9',
      postalCode: '',
      country: '',
      state: '',
    })
  })
})

describe('parseAppliedAddress', () => {
  it.each([
    ['nothing', undefined],
    ['""', ''],
    ['not JSON', '{from'],
    ['JSON null', 'null'],
    ['a field missing', '{"from":"a","postalCode":"1","country":"BR"}'],
    [
      'a number field',
      '{"from":"a","postalCode":1,"country":"BR","state":"SP"}',
    ],
  ])('reads %s as nothing applied', (_, raw) => {
    expect(parseAppliedAddress(raw)).toBeNull()
  })
})

describe('transform, what a session keeps of a cost center', () => {
  const vbase = new FakeVBase()
  const upstream = upstreams()
  const run = async (inputs: TransformInputs) => {
    const { ctx } = buildContext({ inputs, upstream, vbase })

    await transform(ctx)

    return ctx.body as {
      pricing: Record<string, { value: string }>
      public?: Record<string, { value: string }>
    }
  }

  const applied = appliedAddressOf('cc-1')

  it('answers the same bytes on the round after it applied the address: the rounds stop', async () => {
    const first = await run(NYC)
    const second = await run({
      ...NYC,
      ...SESSION_NYC,
      appliedAddress: applied,
    })

    expect(first.pricing.appliedAddress.value).toBe(applied)
    expect(second).toEqual({ pricing: first.pricing })
  })

  it('keeps a postal code the signed-in shopper typed across an unrelated change', async () => {
    const answer = await run({
      ...NYC,
      ...SESSION_NYC,
      postalCode: '10003',
      appliedAddress: applied,
    })

    expect(answer.public).toBeUndefined()
    expect(answer.pricing.appliedAddress.value).toBe(applied)
  })

  it.each([
    ['signed out (no cost center)', {}],
    [
      'a cost center B2B does not know',
      { costcenter: 'cc-404', organization: 'org-1' },
    ],
    [
      'a cost center of another organization',
      { costcenter: 'cc-2', organization: 'org-1' },
    ],
    [
      'a cost center without a selected address',
      { ...NYC, costCenterAddressId: '' },
    ],
  ])('takes its values back when %s', async (_, inputs) => {
    const answer = await run({
      ...inputs,
      ...SESSION_NYC,
      postalCode: '10003',
      appliedAddress: applied,
    })

    expect(answer.public).toEqual({
      country: { value: '' },
      state: { value: '' },
    })
    expect(answer.pricing.appliedAddress.value).toBe('')
  })

  it('leaves public.* and its record as they are when B2B does not answer in time', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] })
    try {
      const hanging = upstreams()

      hanging.getCostCenterById.mockImplementation(
        () => new Promise<never>(() => {})
      )
      const { ctx, headers } = buildContext({
        inputs: { ...NYC, ...SESSION_NYC, appliedAddress: applied },
        upstream: hanging,
      })

      const done = transform(ctx)

      await jest.advanceTimersByTimeAsync(1500)
      await done
      expect(headers['x-pricing-session-cache']).toBe(
        'costCenter=timeout, pricing=timeout'
      )
      expect(ctx.body).toEqual({
        pricing: {
          priceTable: { value: '' },
          storeNumber: { value: '' },
          appliedAddress: { value: applied },
        },
      })
    } finally {
      jest.useRealTimers()
    }
  })

  it('leaves public.* and its record as they are while B2B cannot be asked', async () => {
    const failing = upstreams()

    failing.getCostCenterById.mockRejectedValue(new Error('503'))
    const { ctx } = buildContext({
      inputs: { ...NYC, ...SESSION_NYC, appliedAddress: applied },
      upstream: failing,
    })

    await transform(ctx)

    expect(ctx.body).toEqual({
      pricing: {
        priceTable: { value: '' },
        storeNumber: { value: '' },
        appliedAddress: { value: applied },
      },
    })
  })
})
