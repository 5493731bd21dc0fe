import { mkdtempSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { IssueCode, LoadedSessionConfig } from '..'
import { readSessionConfig, validateSessionConfig } from '..'

const dir = mkdtempSync(join(tmpdir(), 'issue-codes-'))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const inFile = (name: string, text: string) => {
  const path = join(dir, name)

  writeFileSync(path, text)

  return readSessionConfig(path)
}

const app = (entry: unknown) =>
  validateSessionConfig({ app: entry }, 'inline.json')

const READS_PUBLIC = { input: { public: ['x'] } }

// The smallest configuration producing each code alone; typed by IssueCode,
// so a code without an example does not compile.
const EXAMPLES: Record<IssueCode, () => LoadedSessionConfig> = {
  'file.unreadable': () => readSessionConfig(join(dir, 'missing.json')),
  'json.invalid': () => inFile('broken.json', '{ "app": '),
  'config.not.object': () => validateSessionConfig([], 'inline.json'),
  'config.no.apps': () => validateSessionConfig({}, 'inline.json'),
  'app.name.invalid': () =>
    validateSessionConfig({ 'my app': READS_PUBLIC }, 'inline.json'),
  'app.not.object': () => app(true),
  'app.key.unknown': () => app({ ...READS_PUBLIC, inputs: {} }),
  'app.runOnCreate.not.boolean': () =>
    app({ ...READS_PUBLIC, RunOnCreate: 'true' }),
  'app.never.runs': () => app({ output: { app: ['x'] } }),
  'section.not.object': () => app({ ...READS_PUBLIC, output: ['app.x'] }),
  'namespace.invalid': () => app({ ...READS_PUBLIC, output: { 'a.b': ['x'] } }),
  'namespace.not.array': () => app({ ...READS_PUBLIC, output: { app: 'x' } }),
  'field.name.invalid': () =>
    app({ ...READS_PUBLIC, output: { app: ['x y'] } }),
  'field.duplicate': () =>
    app({ ...READS_PUBLIC, output: { app: ['x', 'x'] } }),
}

describe('issue codes', () => {
  it.each(Object.entries(EXAMPLES))('%s', (code, example) => {
    const { issues } = example()

    expect(issues.map((issue) => issue.code)).toEqual([code])
    expect(issues[0].message.length).toBeGreaterThan(0)
  })

  it('locates an issue in the field it is about', () => {
    const { issues } = app({ ...READS_PUBLIC, output: { app: ['x', 'x'] } })

    expect(issues).toEqual([
      {
        file: 'inline.json',
        app: 'app',
        field: 'output.app.x',
        code: 'field.duplicate',
        message: 'declared twice',
      },
    ])
  })

  it('gives a valid configuration no issue', () => {
    expect(app(READS_PUBLIC).issues).toEqual([])
  })
})
