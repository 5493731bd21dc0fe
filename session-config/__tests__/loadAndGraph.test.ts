import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { SessionAppConfig } from '..'
import {
  buildGraph,
  findCycles,
  layers,
  loadSessionConfig,
  NATIVE_APP_NAMES,
  nativeConfigPath,
  SessionConfigError,
  validateSessionConfig,
} from '..'

const PRICING_CONFIG = {
  'pricing-session': {
    input: {
      'storefront-permissions': [
        'costcenter',
        'organization',
        'costCenterAddressId',
      ],
    },
    output: {
      pricing: ['priceTable', 'storeNumber'],
      public: ['postalCode', 'country', 'state'],
    },
  },
}

const byName = (a: string, b: string) => a.localeCompare(b)
const dir = mkdtempSync(join(tmpdir(), 'session-config-'))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function writeJson(name: string, content: unknown): string {
  const path = join(dir, name)

  writeFileSync(path, JSON.stringify(content))

  return path
}

function allApps(): SessionAppConfig[] {
  const native = NATIVE_APP_NAMES.flatMap((name) =>
    loadSessionConfig(nativeConfigPath(name))
  )

  return [...native, ...validateSessionConfig(PRICING_CONFIG, 'inline').apps]
}

describe('loadSessionConfig', () => {
  it('reads inputs, outputs and RunOnCreate', () => {
    const [app] = loadSessionConfig(writeJson('pricing.json', PRICING_CONFIG))

    expect(app.name).toBe('pricing-session')
    expect(app.runOnCreate).toBe(false)
    expect(app.inputs).toContainEqual({
      namespace: 'storefront-permissions',
      field: 'costcenter',
    })
    expect(app.outputs).toHaveLength(5)
    expect(
      loadSessionConfig(nativeConfigPath('store-session'))[0]
    ).toMatchObject({ runOnCreate: true })
  })

  it('reports every shape problem with file, app and field', () => {
    const file = writeJson('bad.json', {
      good: { input: { public: ['a'] } },
      broken: {
        input: { public: 'postalCode', 'bad.ns': ['x'] },
        output: { pricing: ['ok', 42, 'ok'] },
        RunOnCreate: 'yes',
        extra: true,
      },
    })

    let error: SessionConfigError | undefined

    try {
      loadSessionConfig(file)
    } catch (thrown) {
      error = thrown as SessionConfigError
    }

    expect(error).toBeInstanceOf(SessionConfigError)
    const messages = error?.issues.map((issue) => issue.field)

    expect(messages).toEqual(
      expect.arrayContaining([
        'extra',
        'RunOnCreate',
        'input.public',
        'input.bad.ns',
        'output.pricing',
        'output.pricing.ok',
      ])
    )
    expect(error?.message).toContain(
      `${file}, app "broken", field "input.public"`
    )
    expect(error?.issues.every((issue) => issue.app === 'broken')).toBe(true)
  })

  it('fails clearly on unreadable or non-JSON files', () => {
    expect(() => loadSessionConfig(join(dir, 'missing.json'))).toThrow(
      /cannot read file/
    )
    const file = join(dir, 'invalid.json')

    writeFileSync(file, '{ nope')
    expect(() => loadSessionConfig(file)).toThrow(/invalid JSON/)
    expect(validateSessionConfig([], 'x').issues[0].message).toMatch(
      /must be an object/
    )
  })
})

describe('dependency graph', () => {
  const graph = buildGraph(allApps())

  it('links producers to consumers through fields', () => {
    expect(graph.edges).toContainEqual({
      from: 'storefront-permissions',
      field: { namespace: 'storefront-permissions', field: 'costcenter' },
      to: 'pricing-session',
    })
    expect(graph.edges).toContainEqual({
      from: 'pricing-session',
      field: { namespace: 'public', field: 'postalCode' },
      to: 'checkout-session',
    })
  })

  it('treats an app reading its own output as kept state', () => {
    expect(graph.selfReads).toEqual([
      {
        app: 'storefront-permissions',
        field: { namespace: 'storefront-permissions', field: 'hash' },
      },
    ])
    expect(graph.edges.some((edge) => edge.from === edge.to)).toBe(false)
  })

  it('finds the loop between storefront-permissions and pricing-session through public', () => {
    const cycles = findCycles(graph)
    const pricingLoop = cycles.find(
      (cycle) =>
        cycle.apps.length === 2 &&
        cycle.apps.includes('pricing-session') &&
        cycle.apps.includes('storefront-permissions')
    )

    expect(pricingLoop?.throughPublic).toBe(true)
    expect(cycles.every((cycle) => cycle.throughPublic)).toBe(true)
  })

  it('orders apps in layers, ignoring cycles through public', () => {
    const order = layers(graph)
    const layerOf = (app: string) =>
      order.findIndex((layer) => layer.includes(app))

    expect(order.flat().sort(byName)).toEqual(
      allApps()
        .map((a) => a.name)
        .sort(byName)
    )
    expect(layerOf('authentication-session')).toBe(0)
    expect(layerOf('profile-session')).toBeGreaterThan(
      layerOf('authentication-session')
    )
    expect(layerOf('storefront-permissions')).toBeGreaterThan(
      layerOf('checkout-session')
    )
    expect(layerOf('pricing-session')).toBeGreaterThan(
      layerOf('storefront-permissions')
    )
  })

  it('reports a cycle outside public and puts it in a last layer', () => {
    const { apps } = validateSessionConfig(
      {
        a: { input: { b: ['n'] }, output: { a: ['n'] } },
        b: { input: { a: ['n'] }, output: { b: ['n'] } },
        c: { input: { public: ['x'] }, output: { c: ['n'] } },
      },
      'inline'
    )

    const cyclic = buildGraph(apps)

    expect(findCycles(cyclic)).toEqual([
      {
        apps: ['a', 'b'],
        hops: [
          { from: 'a', to: 'b', fields: [{ namespace: 'a', field: 'n' }] },
          { from: 'b', to: 'a', fields: [{ namespace: 'b', field: 'n' }] },
        ],
        throughPublic: false,
      },
    ])
    expect(layers(cyclic)).toEqual([['c'], ['a', 'b']])
  })
})
