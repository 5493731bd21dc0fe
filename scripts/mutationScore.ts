/**
 * `npm run test:mutation` ends here with `--write`: Stryker's JSON report
 * becomes `mutation/score.json`, then it is checked. `npm run check:mutation`
 * (CI) only checks the committed score.json against mutation/EQUIVALENT.md:
 * a score under 90 % or an undetected mutant without an explanation exits 1.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs'
import { join } from 'path'

import { checkScore } from './mutationScore/check'
import type { ScoreFile, StrykerReport } from './mutationScore/report'
import { sourcesHash, summarize } from './mutationScore/report'

const ROOT = join(__dirname, '..')
const REPORT = join(ROOT, 'reports', 'mutation', 'mutation.json')
const SCORE = join(ROOT, 'mutation', 'score.json')
const EQUIVALENTS = join(ROOT, 'mutation', 'EQUIVALENT.md')

const readJson = <T>(file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as T

function currentHash(files: string[]) {
  const sources: Record<string, string> = {}

  for (const file of files) {
    const path = join(ROOT, file)

    sources[file] = existsSync(path) ? readFileSync(path, 'utf8') : ''
  }

  return sourcesHash(sources)
}

if (process.argv.includes('--write')) {
  const summary = summarize(readJson<StrykerReport>(REPORT))

  writeFileSync(SCORE, `${JSON.stringify(summary, null, 2)}\n`)
  process.stdout.write(`wrote ${SCORE}\n`)
}

const score = readJson<ScoreFile>(SCORE)
const result = checkScore(score, readFileSync(EQUIVALENTS, 'utf8'), {
  currentSourcesHash: currentHash(score.files),
})

const { Killed, Timeout, Survived, NoCoverage } = score.totals

process.stdout.write(
  `mutation score ${
    score.score
  } % (killed ${Killed}, timeout ${Timeout}, survived ${Survived}, no coverage ${NoCoverage})${
    score.runSeconds ? `, run ${Math.round(score.runSeconds / 60)} min` : ''
  }; ${
    score.undetected.length
  } undetected, explained in mutation/EQUIVALENT.md\n`
)
for (const warning of result.warnings)
  process.stdout.write(`warning  ${warning}\n`)
for (const problem of result.problems)
  process.stderr.write(`error    ${problem}\n`)

if (!result.ok) {
  process.stderr.write('check:mutation: FAILED\n')
  process.exitCode = 1
} else {
  process.stdout.write('check:mutation: OK\n')
}
