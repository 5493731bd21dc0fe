/**
 * Installs and compiles a copy of `node/` the way the VTEX builder hub does:
 * alone, with yarn 1 from the committed lockfile, engines enforced on
 * Node 16, then TypeScript 5.5.3. Any failure is reported with the tool's
 * own output.
 */
import { spawnSync } from 'child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { basename, join } from 'path'

import type { NodeManifest } from './lockfiles'
import { lockfileProblems } from './lockfiles'
import type { BuilderTools } from './tools'
import { builderTools } from './tools'

export interface BuilderCheckOptions {
  /** The app's `node/` folder. */
  nodeDir: string
  /** The npm lockfile that must agree with `node/yarn.lock`; skipped if absent. */
  npmLockPath?: string
  cacheDir: string
  /** Also print the tools' output as they run. */
  verbose?: boolean
}

export interface BuilderCheckResult {
  ok: boolean
  /** The step that failed, or 'done'. */
  step: 'lockfiles' | 'yarn install' | 'tsc' | 'done'
  problems: string[]
  /** What yarn or tsc printed, when one of them failed. */
  output: string
}

const SKIPPED = new Set(['node_modules', '.build'])
// Engines are enforced: no --ignore-engines, as on the builder hub.
const YARN_ARGS = ['install', '--frozen-lockfile', '--non-interactive']

// Nothing of the developer's npm setup may leak into the builder's yarn.
function builderEnv(nodeBinDir: string) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_|^yarn_/i.test(key) && key !== 'NODE_OPTIONS'
    )
  )

  return { ...env, PATH: `${nodeBinDir}:${env.PATH ?? ''}` }
}

/** Runs a tool's script on the builder's Node 16, in `cwd`. */
export function runOnBuilderNode(
  tools: BuilderTools,
  command: { script: string; args: string[]; cwd: string }
) {
  const { script, args, cwd } = command
  const result = spawnSync(tools.node, [script, ...args], {
    cwd,
    env: builderEnv(tools.nodeBinDir),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })

  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${
      result.error ? String(result.error) : ''
    }`,
  }
}

export function checkBuilder(options: BuilderCheckOptions): BuilderCheckResult {
  const manifest = JSON.parse(
    readFileSync(join(options.nodeDir, 'package.json'), 'utf8')
  ) as NodeManifest

  const yarnLock = readFileSync(join(options.nodeDir, 'yarn.lock'), 'utf8')
  const npmLock = options.npmLockPath
    ? JSON.parse(readFileSync(options.npmLockPath, 'utf8'))
    : { packages: {} }

  const problems = options.npmLockPath
    ? lockfileProblems(manifest, yarnLock, npmLock)
    : []

  if (problems.length > 0) {
    return { ok: false, step: 'lockfiles', problems, output: '' }
  }

  const tools = builderTools(options.cacheDir)
  const copy = mkdtempSync(join(tmpdir(), 'builder-node-'))

  try {
    cpSync(options.nodeDir, copy, {
      recursive: true,
      filter: (source) => !SKIPPED.has(basename(source)),
    })

    // The builder's two steps, in order; the first failure ends the check.
    const steps = [
      { step: 'yarn install', script: tools.yarn, args: YARN_ARGS },
      { step: 'tsc', script: tools.tsc, args: ['-p', '.'] },
    ] as const

    for (const { step, script, args } of steps) {
      const run = runOnBuilderNode(tools, {
        script,
        args: [...args],
        cwd: copy,
      })

      if (options.verbose) process.stdout.write(run.output)
      if (!run.ok) {
        return {
          ok: false,
          step,
          problems: errorLines(run.output),
          output: run.output,
        }
      }
    }

    return { ok: true, step: 'done', problems: [], output: '' }
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}

function errorLines(output: string) {
  const lines = output.split('\n').filter((line) => /error/i.test(line))

  return lines.length > 0 ? lines : [output.trim().split('\n').pop() ?? '']
}
