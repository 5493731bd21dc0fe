import type { Equivalent } from './equivalents'
import { indexEquivalents, parseEquivalents } from './equivalents'
import type { ScoreFile, Undetected } from './report'
import { keyOf } from './report'

export const MIN_SCORE = 90
/** An explanation this short explains nothing. */
const MIN_WHY_LENGTH = 20

export interface CheckResult {
  ok: boolean
  /** Each one fails the check. */
  problems: string[]
  /** Worth knowing, not failing: explanations no mutant needs any more. */
  warnings: string[]
}

const describe = (mutant: Undetected) =>
  `${mutant.file}:${mutant.line} ${mutant.mutator} (${mutant.status}): \`${mutant.original}\` → \`${mutant.replacement}\``

/**
 * The committed score passes when it is at least MIN_SCORE and every
 * undetected mutant (survived or not covered) has an explanation.
 */
export function checkScore(
  score: ScoreFile,
  equivalentsText: string,
  { currentSourcesHash }: { currentSourcesHash?: string } = {}
): CheckResult {
  const parsed = parseEquivalents(equivalentsText)
  const { byKey, problems: duplicates } = indexEquivalents(parsed.entries)
  const problems = [...parsed.problems, ...duplicates]
  const warnings: string[] = []
  const used = new Set<Equivalent>()

  if (!(score.score >= MIN_SCORE)) {
    problems.push(`mutation score ${score.score} % is under ${MIN_SCORE} %`)
  }

  for (const mutant of score.undetected) {
    const entry = byKey.get(keyOf(mutant))

    if (!entry) {
      problems.push(`unexplained: ${describe(mutant)}`)
    } else if (entry.why.length < MIN_WHY_LENGTH) {
      problems.push(
        `explanation too short (line ${entry.at}): ${describe(mutant)}`
      )
    } else {
      used.add(entry)
    }
  }

  for (const entry of parsed.entries) {
    if (!used.has(entry)) {
      warnings.push(
        `line ${entry.at}: no undetected mutant matches (${entry.file} ${entry.mutator} \`${entry.original}\`): killed now, or the code moved on`
      )
    }
  }

  if (currentSourcesHash && currentSourcesHash !== score.sourcesHash) {
    warnings.push(
      'node/ has changed since mutation/score.json was computed: run `npm run test:mutation` to measure it again'
    )
  }

  return { ok: problems.length === 0, problems, warnings }
}
