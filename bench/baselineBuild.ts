import { execFileSync } from 'child_process'
import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'fs'
import { tmpdir } from 'os'
import { basename, join } from 'path'

const ROOT = join(__dirname, '..')

export interface BaselineBuild {
  /** The ref as given, and the commit it named. */
  ref: string
  commit: string
  /** `service/service.json` + `service/src/node`, for startAppWorker's appDir. */
  appDir: string
  remove(): void
}

/** The commit `ref` names in this checkout. */
const commitOf = (ref: string) =>
  execFileSync('git', ['rev-parse', '--verify', ref], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim()

/** A copy of `node/` in `dir`, on this checkout's dependencies (linked). */
function linkDependencies(dir: string) {
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  symlinkSync(
    join(ROOT, 'node', 'node_modules'),
    join(dir, 'node', 'node_modules'),
    'dir'
  )
}

/** Compiles `dir/node` as buildApp() compiles this one. */
function compile(dir: string) {
  const nodeDir = join(dir, 'node')

  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', nodeDir],
    { stdio: 'inherit' }
  )
  copyFileSync(
    join(nodeDir, 'service.json'),
    join(nodeDir, '.build', 'service', 'service.json')
  )

  return join(nodeDir, '.build')
}

/**
 * `node/` of another commit, compiled as buildApp() compiles this one, in a
 * temporary directory. Its `node_modules` are this checkout's (linked): the
 * comparison is of the app's code, on the same dependencies.
 */
export function buildBaseline(ref: string): BaselineBuild {
  const commit = commitOf(ref)

  const dir = mkdtempSync(join(tmpdir(), 'pricing-session-baseline-'))
  const archive = execFileSync(
    'git',
    ['archive', '--format=tar', commit, 'node'],
    {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    }
  )

  execFileSync('tar', ['-x', '-C', dir, '-f', '-'], { input: archive })
  linkDependencies(dir)

  return {
    ref,
    commit,
    appDir: compile(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** The `--ab` baseline's name: this tree, its observability stubbed out. */
export const WITHOUT_OBSERVABILITY = 'without-observability'

const STUBS = join(ROOT, 'bench', 'noObservability')
const SKIPPED = new Set(['node_modules', '.build'])

/**
 * This tree's `node/` with `node/observability/` files replaced by the
 * no-op stubs of `bench/noObservability/` (each real file kept beside its
 * stub as `<name>.observed.ts`): the "before" that isolates what observing
 * a transform costs.
 */
export function buildWithoutObservability(): BaselineBuild {
  const dir = mkdtempSync(join(tmpdir(), 'pricing-session-baseline-'))

  cpSync(join(ROOT, 'node'), join(dir, 'node'), {
    recursive: true,
    filter: (source) => !SKIPPED.has(basename(source)),
  })
  const observability = join(dir, 'node', 'observability')

  // BENCH_AB_STUBS=lookupStats,stepTimings: only those (to attribute a cost).
  const only = process.env.BENCH_AB_STUBS?.split(',')
  const stubs = readdirSync(STUBS).filter(
    (file) =>
      file.endsWith('.ts') &&
      (!only || only.includes(file.replace(/\.ts$/, '')))
  )

  for (const stub of stubs) {
    const name = stub.replace(/\.ts$/, '')

    renameSync(
      join(observability, stub),
      join(observability, `${name}.observed.ts`)
    )
    copyFileSync(join(STUBS, stub), join(observability, stub))
  }

  linkDependencies(dir)

  return {
    ref: WITHOUT_OBSERVABILITY,
    commit: commitOf('HEAD'),
    appDir: compile(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
