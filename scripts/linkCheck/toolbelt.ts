/**
 * The real VTEX toolbelt (npm `vtex` 3.0.0, the newest the registry serves),
 * installed on demand under node_modules/.cache: its own file listing, its
 * manifest validator and its bundled yarn 1 are what `vtex link` runs. It
 * needs `stats-lite` pinned (its git URL is not reachable) and no install
 * scripts; about a minute the first time, then cached.
 */
import { execFileSync } from 'child_process'
import { existsSync, mkdirSync, writeFileSync } from 'fs'
import { join } from 'path'

export const TOOLBELT_VERSION = '3.0.0'

export interface Toolbelt {
  /** `lib/api/modules/apps/file.js`: what `vtex link` uploads. */
  listLocalFiles(root: string): Promise<string[]>
  /** `lib/api/manifest/ManifestValidator.js`: throws on a manifest link refuses. */
  validateManifest(manifest: unknown): void
  /** The yarn 1 the toolbelt runs in `node/` (`lib/modules/utils.js`). */
  yarn: string
}

export function installToolbelt(cacheDir: string): Toolbelt {
  const lib = join(cacheDir, 'node_modules', 'vtex', 'lib')

  if (!existsSync(join(lib, 'api', 'modules', 'apps', 'file.js'))) {
    mkdirSync(cacheDir, { recursive: true })
    writeFileSync(
      join(cacheDir, 'package.json'),
      JSON.stringify({
        name: 'toolbelt-check',
        private: true,
        overrides: { 'stats-lite': '2.2.0' },
      })
    )
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--no-package-lock',
        `vtex@${TOOLBELT_VERSION}`,
      ],
      { cwd: cacheDir, stdio: ['ignore', 'ignore', 'inherit'] }
    )
  }

  // eslint-disable-next-line node/global-require, @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
  const files = require(join(lib, 'api', 'modules', 'apps', 'file.js'))
  // eslint-disable-next-line node/global-require, @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
  const { ManifestValidator } = require(join(
    lib,
    'api',
    'manifest',
    'ManifestValidator.js'
  ))

  return {
    listLocalFiles: (root) => files.listLocalFiles(root),
    validateManifest: (manifest) => ManifestValidator.validate(manifest),
    yarn: require.resolve('yarn/bin/yarn', {
      paths: [join(cacheDir, 'node_modules', 'vtex')],
    }),
  }
}
