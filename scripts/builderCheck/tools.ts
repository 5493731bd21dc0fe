/**
 * The builder hub's toolchain, fetched from the npm registry: Node 16.20.2
 * (the `node-{platform}-{arch}` package that the `node` package installs, so
 * no install script has to run), yarn 1.22.22 and TypeScript 5.5.3. Kept
 * under node_modules/.cache so a second run starts at once.
 */
import { execFileSync } from 'child_process'
import { existsSync, mkdirSync } from 'fs'
import { join } from 'path'

export const BUILDER_NODE_VERSION = '16.20.2'
export const BUILDER_YARN_VERSION = '1.22.22'
export const BUILDER_TYPESCRIPT_VERSION = '5.5.3'

export interface BuilderTools {
  /** The Node 16 binary. */
  node: string
  /** Its directory, to put first on PATH. */
  nodeBinDir: string
  yarn: string
  tsc: string
}

const nodePackage = () => `node-${process.platform}-${process.arch}`

export function builderTools(cacheDir: string): BuilderTools {
  const modules = join(cacheDir, 'node_modules')
  const nodeBinDir = join(modules, nodePackage(), 'bin')
  const tools = {
    node: join(nodeBinDir, 'node'),
    nodeBinDir,
    yarn: join(modules, 'yarn', 'bin', 'yarn.js'),
    tsc: join(modules, 'typescript', 'bin', 'tsc'),
  }

  const installed = [tools.node, tools.yarn, tools.tsc].every((path) =>
    existsSync(path)
  )

  if (installed) return tools

  mkdirSync(cacheDir, { recursive: true })
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      cacheDir,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `${nodePackage()}@${BUILDER_NODE_VERSION}`,
      `yarn@${BUILDER_YARN_VERSION}`,
      `typescript@${BUILDER_TYPESCRIPT_VERSION}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  )

  return tools
}
