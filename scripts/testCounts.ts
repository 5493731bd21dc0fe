/**
 * `npm run test:counts`: how many tests exercise the app and how many the
 * stand-ins and tools, from jest's `--json` output (README, Tests).
 */
import { readFileSync } from 'fs'
import { relative } from 'path'

interface JestJson {
  testResults: Array<{
    name: string
    assertionResults: Array<{ status: string }>
  }>
}

/** First match wins: what each test file's tests exercise. */
export const GROUPS: Array<[string, RegExp]> = [
  [
    'the app, compiled, in the real @vtex/api worker',
    /^(node\/__tests__\/(worker\.test|reliability\/)|local\/__tests__\/e2e|bench\/__tests__\/)/,
  ],
  ['the app, in process (what mutation testing reaches)', /^node\/__tests__\//],
  ['the local platform stand-ins and emulator', /^local\/__tests__\//],
  [
    'the tools (session-config model, checkers, scripts)',
    /^(session-config|scripts)\/__tests__\//,
  ],
]

export function countTests(report: JestJson, root: string) {
  const counts = new Map<string, { files: number; tests: number }>()

  for (const { name, assertionResults } of report.testResults) {
    const file = relative(root, name)
    const [group] = GROUPS.find(([, pattern]) => pattern.test(file)) ?? [
      'other',
    ]

    const count = counts.get(group) ?? { files: 0, tests: 0 }

    count.files += 1
    count.tests += assertionResults.filter(
      ({ status }) => status !== 'pending'
    ).length
    counts.set(group, count)
  }

  return counts
}

if (require.main === module) {
  const [file = 'reports/jest.json'] = process.argv.slice(2)
  const report = JSON.parse(readFileSync(file, 'utf8')) as JestJson
  const counts = countTests(report, process.cwd())
  let total = 0

  for (const [group, { files, tests }] of counts) {
    total += tests
    process.stdout.write(
      `${String(tests).padStart(5)} tests in ${String(files).padStart(
        2
      )} files: ${group}\n`
    )
  }

  process.stdout.write(`${String(total).padStart(5)} tests in all\n`)
}
