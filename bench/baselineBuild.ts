import { execFileSync } from 'child_process'
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

const ROOT = join(__dirname, '..')

export interface BaselineBuild {
  /** The ref as given, and the commit it named. */
  ref: string
  commit: string
  /** `service/service.json` + `service/src/node`, for startAppWorker's appDir. */
  appDir: string
  remove(): void
}

/** Where this checkout's HEAD left `branch`: the "before" of a change. */
export function mergeBase(branch: string) {
  return execFileSync('git', ['merge-base', 'HEAD', branch], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim()
}

/**
 * `node/` of another commit, compiled as buildApp() compiles this one, in a
 * temporary directory. Its `node_modules` are this checkout's (linked): the
 * comparison is of the app's code, on the same dependencies.
 */
export function buildBaseline(ref: string): BaselineBuild {
  const commit = execFileSync('git', ['rev-parse', '--verify', ref], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim()

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
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  symlinkSync(
    join(ROOT, 'node', 'node_modules'),
    join(dir, 'node', 'node_modules'),
    'dir'
  )

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

  return {
    ref,
    commit,
    appDir: join(nodeDir, '.build'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
