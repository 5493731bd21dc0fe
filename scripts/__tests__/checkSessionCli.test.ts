import { spawnSync } from 'child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import {
  GUIDE_WRONG_DUPLICATES,
  GUIDE_WRONG_FOREIGN_NAMESPACES,
} from './guideExamples'

const ROOT = join(__dirname, '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'check-session-'))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the CLI the way `npm run check:session` does, from the repo root. */
function runCli(...args: string[]) {
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    ['--import', 'tsx', join('scripts', 'checkSession.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8' }
  )

  return { status, stdout, stderr }
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function writeJson(name: string, content: unknown): string {
  const path = join(dir, name)

  writeFileSync(path, JSON.stringify(content))

  return path
}

describe('npm run check:session', () => {
  it("passes on this app's vtex.session/configuration.json, with warnings", () => {
    const { status, stdout } = runCli()

    expect(status).toBe(0)
    expect(stdout).toContain('Checked vtex.session/configuration.json')
    expect(stdout).toMatch(
      /^warning +.*cycle through public\.\{postalCode,country\}/m
    )
    expect(stdout).toMatch(/^ {2}\d\. .*pricing-session \*/m)
    expect(stdout).toMatch(/0 errors, \d+ warnings: OK$/m)
  })

  it.each([
    [
      'duplicated VTEX-owned fields',
      GUIDE_WRONG_DUPLICATES,
      [
        'output.myapp.costcenter',
        'output.myapp.organization',
        'output.myapp.postalCode',
      ],
    ],
    [
      'writes to checkout and search',
      GUIDE_WRONG_FOREIGN_NAMESPACES,
      [
        'output.checkout.postalCode',
        'output.checkout.country',
        'output.search.facets',
      ],
    ],
  ])("fails on the guide's wrong example: %s", (name, config, fields) => {
    const file = writeJson(`${name.replace(/\W+/g, '-')}.json`, config)
    const { status, stdout } = runCli(file)

    expect(status).toBe(1)
    for (const field of fields) {
      expect(stdout).toMatch(
        new RegExp(
          `^error +${escapeRegExp(
            file
          )}, app "my-session-app", field "${field}": .+\n +fix: .+`,
          'm'
        )
      )
    }

    expect(stdout).toMatch(/\d+ errors?, \d+ warnings?: FAILED$/m)
  })

  it('prints JSON with --json and rejects unknown options', () => {
    const broken = join(dir, 'broken.json')

    writeFileSync(broken, '{ "a": ')
    const json = runCli('--json', broken)

    expect(json.status).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      errors: 1,
      findings: [{ level: 'error', file: broken, message: /^invalid JSON/ }],
    })

    const usage = runCli('--strict')

    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('unknown option --strict')
  })
})
