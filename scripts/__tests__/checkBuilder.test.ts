/**
 * check:builder must fail the way the builder hub fails. These tests break a
 * copy of node/ on purpose (real yarn 1 on Node 16, from the npm registry)
 * and expect the check to refuse it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { basename, join } from 'path'

import { checkBuilder, runOnBuilderNode } from '../builderCheck/check'
import { lockfileProblems } from '../builderCheck/lockfiles'
import { builderTools } from '../builderCheck/tools'

const ROOT = join(__dirname, '..', '..')
const NODE_DIR = join(ROOT, 'node')
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'builder-check')
const nodeManifest = () =>
  JSON.parse(readFileSync(join(NODE_DIR, 'package.json'), 'utf8'))

const yarnLock = () => readFileSync(join(NODE_DIR, 'yarn.lock'), 'utf8')
const npmLock = () =>
  JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'))

jest.setTimeout(180_000)

describe('lockfiles in step', () => {
  it('accepts the committed node/yarn.lock and package-lock.json', () => {
    expect(lockfileProblems(nodeManifest(), yarnLock(), npmLock())).toEqual([])
  })

  it('refuses a direct dependency resolved differently by npm and yarn', () => {
    const lock = npmLock()

    lock.packages['node/node_modules/lru-cache'] = { version: '10.0.0' }
    expect(lockfileProblems(nodeManifest(), yarnLock(), lock)).toEqual([
      'lru-cache: node/yarn.lock has 10.4.3, package-lock.json has 10.0.0',
    ])
  })

  it('refuses a dependency missing from node/yarn.lock', () => {
    const manifest = nodeManifest()

    manifest.dependencies['left-pad'] = '^1.3.0'
    expect(lockfileProblems(manifest, yarnLock(), npmLock())).toContain(
      'left-pad@^1.3.0 is not in node/yarn.lock'
    )
  })

  it('refuses an npm override without its yarn resolution', () => {
    const manifest = nodeManifest()

    delete manifest.resolutions
    expect(lockfileProblems(manifest, yarnLock(), npmLock())).toEqual([
      'overrides.stats-lite ("2.2.0") has no matching resolutions.stats-lite: yarn 1 ignores overrides',
    ])
  })
})

describe('node/ as the builder hub installs it', () => {
  let copy: string

  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'builder-test-'))
    cpSync(NODE_DIR, copy, {
      recursive: true,
      filter: (source) =>
        !['node_modules', '.build'].includes(basename(source)),
    })
  })

  afterEach(() => rmSync(copy, { recursive: true, force: true }))

  const setDependency = (name: string, range: string) => {
    const manifest = JSON.parse(
      readFileSync(join(copy, 'package.json'), 'utf8')
    )

    manifest.dependencies[name] = range
    writeFileSync(join(copy, 'package.json'), JSON.stringify(manifest))
  }

  it('installs alone on Node 16 and compiles with TypeScript 5.5.3', () => {
    const result = checkBuilder({ nodeDir: copy, cacheDir: CACHE_DIR })

    expect(result).toMatchObject({ ok: true, step: 'done' })
  })

  it('fails on a dependency whose engines exclude Node 16 (lru-cache 11)', () => {
    setDependency('lru-cache', '^11.2.0')
    // A lockfile that matches: only the engines can make it fail.
    const tools = builderTools(CACHE_DIR)
    const relock = runOnBuilderNode(tools, {
      script: tools.yarn,
      args: [
        'install',
        '--ignore-engines',
        '--non-interactive',
        '--ignore-scripts',
      ],
      cwd: copy,
    })

    expect(relock.ok).toBe(true)
    rmSync(join(copy, 'node_modules'), { recursive: true, force: true })

    const result = checkBuilder({ nodeDir: copy, cacheDir: CACHE_DIR })

    expect(result.ok).toBe(false)
    expect(result.step).toBe('yarn install')
    expect(result.output).toMatch(
      /lru-cache@11[^:]*: The engine "node" is incompatible with this module/
    )
  })

  it('fails when package.json and node/yarn.lock disagree', () => {
    setDependency('co-body', '^5.0.0')

    const result = checkBuilder({ nodeDir: copy, cacheDir: CACHE_DIR })

    expect(result).toMatchObject({ ok: false, step: 'yarn install' })
    expect(result.output).toMatch(/lockfile needs to be updated/)
  })
})
