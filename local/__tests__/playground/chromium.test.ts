/**
 * How the browser tests find their browser, on a PATH this test builds: a
 * browser found by name or CHROMIUM_PATH, Debian's chromium installed once
 * where apt-get runs as root, and one clear line where nothing can be done.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { ensureChromium, findChromium, NoBrowserError } from '../../chromium'

let bin: string

function executable(name: string) {
  const path = join(bin, name)

  writeFileSync(path, '#!/bin/sh\n')
  chmodSync(path, 0o755)

  return path
}

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'chromium-test-'))
})

afterEach(() => rmSync(bin, { recursive: true, force: true }))

// Only the test's folder on PATH and no install paths: no browser or apt-get
// of this machine is seen.
const envWith = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: bin, ...extra })
const find = (env: NodeJS.ProcessEnv) => findChromium(env, [])

describe('finding a browser', () => {
  it.each(['chromium', 'chromium-browser', 'google-chrome'])(
    'finds %s on PATH',
    (name) => {
      const path = executable(name)

      expect(find(envWith())).toBe(path)
    }
  )

  it('takes CHROMIUM_PATH as given, even with chromium on PATH', () => {
    executable('chromium')
    const chosen = executable('my-chrome')

    expect(find(envWith({ CHROMIUM_PATH: chosen }))).toBe(chosen)
    expect(
      find(envWith({ CHROMIUM_PATH: join(bin, 'nowhere') }))
    ).toBeUndefined()
  })

  it('ignores a file that is not executable', () => {
    writeFileSync(join(bin, 'chromium'), '')

    expect(
      find(envWith({ CHROMIUM_PATH: join(bin, 'chromium') }))
    ).toBeUndefined()
    expect(find(envWith())).toBeUndefined()
  })

  it('looks at the usual install paths past PATH', () => {
    const path = executable('Google Chrome')

    expect(findChromium(envWith(), [join(bin, 'absent'), path])).toBe(path)
  })
})

describe('ensuring a browser', () => {
  const run = jest.fn()
  const say = jest.fn()

  beforeEach(() => {
    run.mockReset()
    say.mockReset()
  })

  it('answers the browser it finds and installs nothing', () => {
    const path = executable('chromium')

    expect(
      ensureChromium({
        env: envWith(),
        run,
        say,
        isRoot: true,
        installPaths: [],
      })
    ).toBe(path)
    expect(run).not.toHaveBeenCalled()
    expect(say).not.toHaveBeenCalled()
  })

  it('fails at once, in one line, on a CHROMIUM_PATH pointing nowhere', () => {
    executable('apt-get')
    const ensure = () =>
      ensureChromium({
        env: envWith({ CHROMIUM_PATH: '/nowhere/chrome' }),
        run,
        say,
        isRoot: true,
        installPaths: [],
      })

    expect(ensure).toThrow(NoBrowserError)
    expect(ensure).toThrow(
      'browser tests: CHROMIUM_PATH=/nowhere/chrome is not an executable'
    )
    expect(run).not.toHaveBeenCalled()
  })

  it.each([
    ['without apt-get', false, true],
    ['when not root', true, false],
  ])('says what to install %s', (_case, withApt, isRoot) => {
    if (withApt) executable('apt-get')
    let error: Error | undefined

    try {
      ensureChromium({ env: envWith(), run, say, isRoot, installPaths: [] })
    } catch (thrown) {
      error = thrown as Error
    }

    expect(error).toBeInstanceOf(NoBrowserError)
    expect(error?.message).toMatch(
      /install one \(Debian\/Ubuntu: sudo apt-get install -y chromium\) or set CHROMIUM_PATH$/
    )
    expect(error?.stack).toBe(error?.message)
    expect(error?.message).not.toContain('\n')
    expect(run).not.toHaveBeenCalled()
  })

  it("installs Debian's chromium (and curl) once with apt-get as root, saying so", () => {
    const aptGet = executable('apt-get')

    run.mockImplementation((_command: string, args: string[]) => {
      if (args[0] === 'install') executable('chromium')
    })

    const path = ensureChromium({
      env: envWith(),
      run,
      say,
      isRoot: true,
      installPaths: [],
    })

    expect(path).toBe(join(bin, 'chromium'))
    expect(run.mock.calls).toEqual([
      [aptGet, ['update', '-qq']],
      [
        aptGet,
        ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'curl'],
      ],
    ])
    expect(say).toHaveBeenCalledTimes(1)
    expect(say.mock.calls[0][0]).toBe(
      "browser tests: no Chromium found; installing Debian's chromium and curl with apt-get (once)"
    )
  })

  it('reports a failed install in one line', () => {
    executable('apt-get')
    run.mockImplementation((_command: string, args: string[]) => {
      if (args[0] === 'install') {
        throw Object.assign(new Error('exit 100'), {
          stderr: Buffer.from('E: Unable to locate package chromium\n'),
        })
      }
    })

    let error: Error | undefined

    try {
      ensureChromium({
        env: envWith(),
        run,
        say,
        isRoot: true,
        installPaths: [],
      })
    } catch (thrown) {
      error = thrown as Error
    }

    expect(error?.message).toBe(
      'browser tests: apt-get install chromium curl failed: E: Unable to locate package chromium'
    )
  })
})
