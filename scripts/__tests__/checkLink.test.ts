/**
 * What check:link counts as the app. The toolbelt's own listing runs in CI
 * (`npm run check:link`); this pins the rule it is held against.
 */
import { isAppFile } from '../linkCheck/check'

describe('what vtex link may upload', () => {
  it.each([
    'manifest.json',
    'CHANGELOG.md',
    'vtex.session/configuration.json',
    'docs/README.md',
    'node/index.ts',
    'node/package.json',
    'node/yarn.lock',
    'node/clients/pricingClient.ts',
  ])('%s is the app', (file) => {
    expect(isAppFile(file)).toBe(true)
  })

  it.each([
    'package-lock.json',
    'stryker.config.json',
    'mutation/score.json',
    'local/start.ts',
    'bench/run.ts',
    'scripts/checkLink.ts',
    '.ci/run',
    'node/__tests__/transform.test.ts',
    'node/clients/__tests__/pricing.test.ts',
    'node/.build/service/src/node/index.js',
    'jest.config.js',
    'README.md',
  ])('%s is not', (file) => {
    expect(isAppFile(file)).toBe(false)
  })
})
