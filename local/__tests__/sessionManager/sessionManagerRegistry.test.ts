import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { NATIVE_APP_NAMES, nativeConfigPath } from '../../../session-config'
import { loadAppRegistry } from '../../sessionManager/registry'

const PRICING_CONFIG = join(
  __dirname,
  '..',
  '..',
  '..',
  'vtex.session',
  'configuration.json'
)

const dir = mkdtempSync(join(tmpdir(), 'session-registry-'))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('app registry', () => {
  it('resolves native apps, config paths and URL placeholders', () => {
    const pricing = join(dir, 'pricing-config.json')
    const registry = join(dir, 'apps.json')

    copyFileSync(PRICING_CONFIG, pricing)
    writeFileSync(
      registry,
      JSON.stringify({
        'store-session': {
          config: nativeConfigPath('store-session'),
          url: 'native',
        },
        // Relative to the registry file.
        'pricing-session': {
          config: 'pricing-config.json',
          url: '{appWorker}',
        },
      })
    )

    const apps = loadAppRegistry(registry, {
      urls: { appWorker: 'http://127.0.0.1:9' },
    })

    expect(apps[0].transform).toEqual(expect.any(Function))
    expect(apps[1]).toMatchObject({ url: 'http://127.0.0.1:9' })
    expect(apps[1].config.name).toBe('pricing-session')
    expect(pricing).toContain(dir)
    expect(() => loadAppRegistry(registry)).toThrow(/options\.urls\.appWorker/)
  })

  it('loads the project registry local/apps.json', () => {
    const apps = loadAppRegistry(undefined, {
      urls: { appWorker: 'http://127.0.0.1:9' },
    })

    expect(apps.map((app) => app.config.name)).toEqual([
      ...NATIVE_APP_NAMES,
      'pricing-session',
    ])
  })
})
