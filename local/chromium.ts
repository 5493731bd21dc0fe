/**
 * The browser the playground's browser tests drive through `puppeteer-core`
 * (which downloads none): `CHROMIUM_PATH` when set, else the first of the
 * usual names on PATH and the usual install paths. When there is none and
 * this machine can (`apt-get` as root), Debian's `chromium` is installed once;
 * where it cannot, one line says what to install. Nothing is downloaded from
 * anywhere but the machine's own package manager.
 */
import { execFileSync } from 'child_process'
import { accessSync, constants } from 'fs'
import { delimiter, join } from 'path'

const NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
]

const INSTALL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

/** Debian packages the browser tests use: the browser, and curl for the curl lines. */
const PACKAGES = { chromium: 'chromium', curl: 'curl' }

function isExecutable(path: string) {
  try {
    accessSync(path, constants.X_OK)

    return true
  } catch {
    return false
  }
}

/** `name` on PATH, as a shell would find it. */
export function onPath(name: string, env = process.env) {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable)
}

export class NoBrowserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NoBrowserError'
    // One line, not a stack: the fix is an install, not a code change.
    this.stack = message
  }
}

/** The browser to drive, or undefined. `CHROMIUM_PATH` is taken as given. */
export function findChromium(
  env = process.env,
  installPaths = INSTALL_PATHS
): string | undefined {
  if (env.CHROMIUM_PATH) {
    return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  }

  for (const name of NAMES) {
    const found = onPath(name, env)

    if (found) return found
  }

  return installPaths.find(isExecutable)
}

export interface EnsureOptions {
  env?: NodeJS.ProcessEnv
  /** One line for each thing done (default: stderr). */
  say?: (line: string) => void
  /** Runs a command (default: execFileSync, output kept for an error). */
  run?: (command: string, args: string[]) => void
  isRoot?: boolean
  /** Where a browser is looked for past PATH (default: the usual places). */
  installPaths?: string[]
}

function runQuietly(command: string, args: string[]) {
  execFileSync(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 * 1024 * 1024,
  })
}

/**
 * The path of a browser, installing Debian's `chromium` (and `curl`) with
 * apt-get when none is found and this process may; else a NoBrowserError.
 */
export function ensureChromium(options: EnsureOptions = {}): string {
  const env = options.env ?? process.env
  const say = options.say ?? ((line) => process.stderr.write(`${line}\n`))
  const run = options.run ?? runQuietly
  const isRoot = options.isRoot ?? process.getuid?.() === 0
  const installPaths = options.installPaths ?? INSTALL_PATHS
  const found = findChromium(env, installPaths)

  if (found) return found
  if (env.CHROMIUM_PATH) {
    throw new NoBrowserError(
      `browser tests: CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable: point it at Chromium or Chrome, or unset it`
    )
  }

  const aptGet = onPath('apt-get', env)

  if (!aptGet || !isRoot) {
    throw new NoBrowserError(
      `browser tests: no Chromium or Chrome found (CHROMIUM_PATH, ${NAMES.join(
        ', '
      )}): install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH`
    )
  }

  const missing = [PACKAGES.chromium]

  if (!onPath('curl', env)) missing.push(PACKAGES.curl)
  say(
    `browser tests: no Chromium found; installing Debian's ${missing.join(
      ' and '
    )} with apt-get (once)`
  )
  try {
    run(aptGet, ['update', '-qq'])
    run(aptGet, ['install', '-y', '-qq', '--no-install-recommends', ...missing])
  } catch (error) {
    const output = String((error as { stderr?: Buffer }).stderr ?? error)

    throw new NoBrowserError(
      `browser tests: apt-get install ${missing.join(' ')} failed: ${
        output.trim().split('\n').pop() ?? ''
      }`
    )
  }

  const installed = findChromium(env, installPaths)

  if (!installed) {
    throw new NoBrowserError(
      'browser tests: apt-get installed chromium, yet no browser is found'
    )
  }

  return installed
}
