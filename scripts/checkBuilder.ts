/**
 * `npm run check:builder`: installs a copy of `node/` alone with yarn 1 on
 * Node 16 from `node/yarn.lock` (engines enforced) and compiles it with
 * TypeScript 5.5.3, as the VTEX builder hub does on `vtex link`. Exit 1 on
 * any failure.
 */
import { join } from 'path'

import { checkBuilder } from './builderCheck/check'
import {
  BUILDER_NODE_VERSION,
  BUILDER_TYPESCRIPT_VERSION,
  BUILDER_YARN_VERSION,
} from './builderCheck/tools'

const ROOT = join(__dirname, '..')

const result = checkBuilder({
  nodeDir: join(ROOT, 'node'),
  npmLockPath: join(ROOT, 'package-lock.json'),
  cacheDir: join(ROOT, 'node_modules', '.cache', 'builder-check'),
  verbose: process.argv.includes('--verbose'),
})

const toolchain = `Node ${BUILDER_NODE_VERSION}, yarn ${BUILDER_YARN_VERSION}, TypeScript ${BUILDER_TYPESCRIPT_VERSION}`

if (result.ok) {
  process.stdout.write(
    `check:builder: node/ installs alone from node/yarn.lock and compiles (${toolchain})\n`
  )
} else {
  process.stderr.write(
    `check:builder: FAILED at ${
      result.step
    } (${toolchain})\n  ${result.problems.join('\n  ')}\n`
  )
  process.exitCode = 1
}
