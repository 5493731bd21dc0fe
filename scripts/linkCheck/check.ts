/**
 * What `vtex link` does on the developer's machine, with the toolbelt's own
 * code: validate manifest.json, list the files to upload (must be the app and
 * nothing else), run yarn 1 in `node/` (must touch nothing outside `node/`).
 */
import { execFileSync, spawnSync } from 'child_process'
import { createHash } from 'crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'fs'
import { tmpdir } from 'os'
import { dirname, join } from 'path'

import type { Toolbelt } from './toolbelt'

/** What the app is: everything else in the upload is a mistake. */
export function isAppFile(file: string) {
  if (['manifest.json', 'CHANGELOG.md'].includes(file)) return true
  if (file.startsWith('vtex.session/') || file.startsWith('docs/')) return true

  return (
    file.startsWith('node/') &&
    !file.startsWith('node/.build/') &&
    !file.includes('/__tests__/')
  )
}

/** The files the toolbelt would upload that are not the app. */
export async function strayUploads(toolbelt: Toolbelt, root: string) {
  const files = await toolbelt.listLocalFiles(root)

  return { files, stray: files.filter((file) => !isAppFile(file)) }
}

export function manifestProblems(toolbelt: Toolbelt, root: string) {
  try {
    toolbelt.validateManifest(
      JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'))
    )

    return []
  } catch (error) {
    return [`manifest.json: ${(error as Error).message}`]
  }
}

/** Tracked and untracked, not ignored: what a clean clone plus your edits holds. */
function checkoutFiles(root: string) {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: root, encoding: 'utf8' }
  )
    .split('\0')
    .filter((file) => file && existsSync(join(root, file)))
}

function fingerprint(dir: string) {
  const files = execFileSync('find', ['.', '-type', 'f'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\n')
    .filter(Boolean)
    .map((file) => file.slice(2))
    .filter((file) => !file.startsWith('node/') && !file.startsWith('.git/'))

  return new Map(
    files.map((file) => [
      file,
      createHash('sha1')
        .update(readFileSync(join(dir, file)))
        .digest('hex'),
    ])
  )
}

/**
 * Runs the toolbelt's yarn step (`yarn --non-interactive --ignore-engines` in
 * `node/`) on a copy of the checkout; answers what changed outside `node/`,
 * and whether `node/yarn.lock` changed (the builder would then install
 * something else than what was tested).
 */
export function yarnStepChanges(toolbelt: Toolbelt, root: string) {
  const copy = mkdtempSync(join(tmpdir(), 'link-check-'))

  try {
    for (const file of checkoutFiles(root)) {
      mkdirSync(dirname(join(copy, file)), { recursive: true })
      cpSync(join(root, file), join(copy, file))
    }

    const before = fingerprint(copy)
    const lockBefore = readFileSync(join(copy, 'node', 'yarn.lock'), 'utf8')
    // The toolbelt runs `"{yarn}" --non-interactive --ignore-engines` through
    // a shell: bin/yarn is a shell script that finds node on PATH.
    const run = spawnSync(
      'sh',
      [toolbelt.yarn, '--non-interactive', '--ignore-engines'],
      {
        cwd: join(copy, 'node'),
        encoding: 'utf8',
        env: Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))
        ),
        maxBuffer: 64 * 1024 * 1024,
      }
    )

    if (run.status !== 0) {
      const output = `${run.stdout}${run.stderr}`.split('\n')
      const errors = output.filter((line) => /error/i.test(line))

      return [
        `yarn in node/ failed: ${(errors[0] ?? output.pop() ?? '').trim()}`,
      ]
    }

    const after = fingerprint(copy)
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (file) => before.get(file) !== after.get(file)
    )

    const problems = changed.map((file) => `yarn in node/ changed ${file}`)

    if (readFileSync(join(copy, 'node', 'yarn.lock'), 'utf8') !== lockBefore) {
      problems.push('yarn in node/ rewrote node/yarn.lock')
    }

    return problems
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}
