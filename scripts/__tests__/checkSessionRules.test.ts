import type { ConfigSource } from '../sessionCheck/check'
import { checkSessionConfigs } from '../sessionCheck/check'
import { shapeFinding } from '../sessionCheck/shapeRules'
import type { Finding } from '../sessionCheck/types'
import {
  GUIDE_CORRECT,
  GUIDE_WRONG_DUPLICATES,
  GUIDE_WRONG_FOREIGN_NAMESPACES,
} from './guideExamples'

const check = (...configs: unknown[]) =>
  checkSessionConfigs(
    configs.map(
      (json, index): ConfigSource => ({ file: `c${index}.json`, json })
    )
  )

/** `level field: message`, enough to assert on without the fix text. */
const summarize = (findings: Finding[]) =>
  findings.map(({ level, app, field }) => `${level} ${app} ${field}`)

const findingAt = (findings: Finding[], field: string) =>
  findings.find((finding) => finding.field === field)

describe('shape', () => {
  it('reports the loader issues as errors with a fix', () => {
    const { findings } = check({
      a: {
        input: { x: 'nope', 'b.c': ['n'] },
        output: { a: ['n', 'n', 3] },
        extra: true,
      },
    })

    expect(summarize(findings)).toEqual([
      'error a extra',
      'error a input.x',
      'error a input.b.c',
      'error a output.a.n',
      'error a output.a',
      'error a input',
    ])
    expect(findings.every((finding) => finding.fix.length > 0)).toBe(true)
    expect(findingAt(findings, 'output.a.n')?.fix).toBe(
      'remove the repeated entry'
    )
  })

  it('picks the fix by issue code, whatever the message says', () => {
    const issue = {
      file: 'c0.json',
      app: 'a',
      field: 'output.a.n',
      message: 'a reworded message',
    }

    expect(shapeFinding({ ...issue, code: 'field.duplicate' })).toEqual({
      ...issue,
      level: 'error',
      fix: 'remove the repeated entry',
    })
    expect(shapeFinding({ ...issue, code: 'app.never.runs' }).fix).toBe(
      'declare the inputs it computes from, or "RunOnCreate": true'
    )
  })

  it('rejects a configuration that is not an object of apps', () => {
    const { findings } = check(['pricing-session'])

    expect(findings).toMatchObject([{ level: 'error', file: 'c0.json' }])
  })

  it('reports an app declared in two files', () => {
    const { findings } = check(GUIDE_CORRECT, GUIDE_CORRECT)

    expect(findings).toMatchObject([
      { level: 'error', file: 'c1.json', message: 'also declared in c0.json' },
    ])
  })
})

describe('namespace ownership', () => {
  it("flags the guide's writes to checkout and search", () => {
    const { findings } = check(GUIDE_WRONG_FOREIGN_NAMESPACES)

    expect(findingAt(findings, 'output.checkout.postalCode')).toMatchObject({
      level: 'error',
      message: 'writes into namespace "checkout", owned by checkout-session',
      fix: expect.stringContaining('output public.postalCode instead'),
    })
    expect(findingAt(findings, 'output.checkout.country')?.level).toBe('error')
    expect(findingAt(findings, 'output.search.facets')).toMatchObject({
      level: 'error',
      message: 'writes into namespace "search", owned by search-session',
    })
    expect(findingAt(findings, 'output.myapp.storeNumber')).toBeUndefined()
  })

  it('flags a namespace owned by another checked app, not public', () => {
    const reader = { input: { public: ['x'] } }
    const { findings } = check(
      { first: { ...reader, output: { shared: ['a'], public: ['y'] } } },
      { second: { ...reader, output: { shared: ['b'], public: ['y'] } } }
    )

    expect(summarize(findings.filter((f) => f.level === 'error'))).toEqual([
      'error second output.shared.b',
    ])
  })

  it('lets a checked app replace the native one of the same name', () => {
    const { findings, apps } = check({
      'storefront-permissions': {
        input: { authentication: ['storeUserEmail'] },
        output: { 'storefront-permissions': ['costcenter'] },
      },
    })

    expect(
      apps.filter((app) => app.config.name === 'storefront-permissions')
    ).toHaveLength(1)
    expect(findings.filter((f) => f.level === 'error')).toEqual([])
  })
})

describe('duplicated native fields', () => {
  it("flags the guide's costcenter, organization and postalCode in myapp", () => {
    const { findings } = check(GUIDE_WRONG_DUPLICATES)

    expect(findingAt(findings, 'output.myapp.costcenter')).toMatchObject({
      level: 'error',
      fix: 'remove it from "myapp" and read storefront-permissions.costcenter as an input',
    })
    expect(findingAt(findings, 'output.myapp.organization')?.level).toBe(
      'error'
    )
    expect(findingAt(findings, 'output.myapp.postalCode')).toMatchObject({
      level: 'error',
      fix: expect.stringContaining('output public.postalCode'),
    })
    expect(findingAt(findings, 'output.myapp.priceTable')).toBeUndefined()
  })

  it('compares names case-insensitively and allows public propagation', () => {
    const { findings } = check({
      'my-session-app': {
        input: { 'storefront-permissions': ['costcenter'] },
        output: { myapp: ['costCenter'], public: ['postalCode'] },
      },
    })

    expect(findingAt(findings, 'output.myapp.costCenter')?.level).toBe('error')
    const propagation = findings.filter(
      (finding) => finding.field === 'output.public.postalCode'
    )

    // Two loops back through storefront-permissions (directly and via
    // checkout-session's orderFormId): warnings, not a duplicate.
    expect(propagation).toHaveLength(2)
    expect(propagation.every((finding) => finding.level === 'warning')).toBe(
      true
    )
  })
})

describe('dangling fields', () => {
  it('warns on a public output that no app reads', () => {
    const { findings } = check({
      a: {
        input: { public: ['x'] },
        output: { public: ['postalCode', 'nobodyReads'] },
      },
    })

    expect(summarize(findings)).toEqual(['warning a output.public.nobodyReads'])
  })

  it('warns on an input nobody outputs, suggesting a close name', () => {
    const { findings } = check({
      a: {
        input: {
          'storefront-permissions': ['costCenter'],
          ghost: ['field'],
          public: ['anything'],
          cookie: ['VtexIdclientAutCookie'],
        },
        output: { a: ['n'] },
      },
    })

    expect(summarize(findings)).toEqual([
      'warning a input.storefront-permissions.costCenter',
      'warning a input.ghost.field',
    ])
    expect(findings[0].fix).toBe(
      'did you mean storefront-permissions.costcenter?'
    )
  })
})

describe('cycles', () => {
  it('errors on a cycle through private namespaces', () => {
    const { findings, layers } = check({
      a: { input: { b: ['n'] }, output: { a: ['n'] } },
      b: { input: { a: ['n'] }, output: { b: ['n'] } },
    })

    expect(findings).toMatchObject([
      {
        level: 'error',
        app: 'a',
        field: 'output.a.n',
        message: expect.stringContaining('a → a.n → b → b.n → a'),
      },
    ])
    expect(layers[layers.length - 1]).toEqual(['a', 'b'])
  })

  it('keeps an app reading its own output out of cycles', () => {
    const { findings } = check({
      a: { input: { a: ['hash'], public: ['x'] }, output: { a: ['hash'] } },
    })

    expect(findings).toEqual([])
  })

  it('warns on the propagation loop with storefront-permissions, naming it', () => {
    const { findings } = check({
      'my-session-app': {
        input: { 'storefront-permissions': ['costcenter'] },
        output: { myapp: ['priceTable'], public: ['country'] },
      },
    })

    const loop = findings.find((finding) =>
      finding.message.endsWith(
        'my-session-app → public.country → storefront-permissions → storefront-permissions.costcenter → my-session-app'
      )
    )

    expect(loop).toMatchObject({
      level: 'warning',
      field: 'output.public.country',
      fix: expect.stringContaining('idempotent'),
    })
    expect(findings.every((finding) => finding.level === 'warning')).toBe(true)
  })
})

describe('the guide and this app', () => {
  it("passes the guide's correct example and places it after storefront-permissions", () => {
    const { findings, layers } = check(GUIDE_CORRECT)
    const layerOf = (app: string) => layers.findIndex((l) => l.includes(app))

    expect(findings).toEqual([])
    expect(layerOf('my-session-app')).toBeGreaterThan(
      layerOf('storefront-permissions')
    )
  })
})
