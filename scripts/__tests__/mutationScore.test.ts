import { checkScore, MIN_SCORE } from '../mutationScore/check'
import { parseEquivalents } from '../mutationScore/equivalents'
import type { StrykerReport } from '../mutationScore/report'
import { snippet, summarize } from '../mutationScore/report'

/** A template literal in the fixture's source, as text. */
const TEMPLATE = '`$' + '{a}:$' + '{b}`'

const SOURCE = [
  'export function remember(ttl: number) {',
  `  if (ttl > 0) set(${TEMPLATE})`,
  '  return {',
  '    ok: true,',
  '  }',
  '}',
].join('\n')

/** A report of one file: `moved` shifts every mutant down, as an edit would. */
function report(
  statuses: Array<'Killed' | 'Survived' | 'NoCoverage' | 'Timeout'>,
  moved = 0
): StrykerReport {
  const source = `${'// a new line\n'.repeat(moved)}${SOURCE}`
  const mutants = [
    {
      mutatorName: 'ConditionalExpression',
      replacement: 'true',
      location: { start: { line: 2, column: 7 }, end: { line: 2, column: 14 } },
    },
    {
      mutatorName: 'StringLiteral',
      replacement: '``',
      location: {
        start: { line: 2, column: 20 },
        end: { line: 2, column: 31 },
      },
    },
    {
      mutatorName: 'ObjectLiteral',
      replacement: '{}',
      location: { start: { line: 3, column: 10 }, end: { line: 5, column: 4 } },
    },
    {
      mutatorName: 'BooleanLiteral',
      replacement: 'false',
      location: { start: { line: 4, column: 9 }, end: { line: 4, column: 13 } },
    },
  ]

  return {
    files: {
      'node/x.ts': {
        source,
        mutants: mutants.map((mutant, i) => ({
          ...mutant,
          status: statuses[i] ?? 'Killed',
          location: {
            start: {
              ...mutant.location.start,
              line: mutant.location.start.line + moved,
            },
            end: {
              ...mutant.location.end,
              line: mutant.location.end.line + moved,
            },
          },
        })),
      },
    },
  }
}

const WHY = 'No caller can tell: the value is thrown away right after.'

const entry = (
  mutator: string,
  [original, replacement]: [string, string],
  why = WHY
) =>
  `### ${mutator}\n\n- original: \`\` ${original} \`\`\n- replacement: \`\` ${replacement} \`\`\n\n${why}\n`

const equivalents = (...entries: string[]) =>
  `# Equivalent mutants\n\n## node/x.ts\n\n${entries.join('\n')}`

describe('summarize', () => {
  it('counts statuses, scores as Stryker does and keys undetected mutants by their text', () => {
    const score = summarize(
      report(['Killed', 'Survived', 'NoCoverage', 'Timeout'])
    )

    expect(score.totals).toMatchObject({
      Killed: 1,
      Timeout: 1,
      Survived: 1,
      NoCoverage: 1,
    })
    expect(score.score).toBe(50)
    expect(score.undetected).toEqual([
      expect.objectContaining({
        mutator: 'StringLiteral',
        original: TEMPLATE,
        replacement: '``',
        line: 2,
      }),
      expect.objectContaining({
        mutator: 'ObjectLiteral',
        original: '{ ok: true, }',
        status: 'NoCoverage',
        line: 3,
      }),
    ])
  })

  it('keeps a long snippet as its head and tail', () => {
    const long = `{ ${'a; '.repeat(60)}return b }`

    expect(snippet(long)).toMatch(/^\{ a; a; .* … .*return b \}$/)
    expect(snippet(long).length).toBeLessThan(100)
  })
})

describe('checkScore', () => {
  const surviving = summarize(
    report(['Survived', 'Killed', 'Killed', 'Killed'])
  )

  it('passes when every undetected mutant is explained and the score is high enough', () => {
    const score = { ...surviving, score: MIN_SCORE }
    const result = checkScore(
      score,
      equivalents(entry('ConditionalExpression', ['ttl > 0', 'true']))
    )

    expect(result).toEqual({ ok: true, problems: [], warnings: [] })
  })

  it('fails on a survivor without an explanation, naming it', () => {
    const result = checkScore({ ...surviving, score: 95 }, equivalents())

    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      'unexplained: node/x.ts:2 ConditionalExpression (Survived): `ttl > 0` → `true`',
    ])
  })

  it('fails on a score under 90 %, explained or not', () => {
    const result = checkScore(
      { ...surviving, score: 89.99 },
      equivalents(entry('ConditionalExpression', ['ttl > 0', 'true']))
    )

    expect(result.problems).toEqual(['mutation score 89.99 % is under 90 %'])
  })

  it('fails on an explanation that explains nothing, and on a key listed twice', () => {
    const short = entry('ConditionalExpression', ['ttl > 0', 'true'], 'same')
    const twice = entry('ConditionalExpression', ['ttl > 0', 'true'])

    expect(
      checkScore({ ...surviving, score: 95 }, equivalents(short)).problems
    ).toEqual([expect.stringMatching(/^explanation too short/)])
    expect(
      checkScore({ ...surviving, score: 95 }, equivalents(twice, twice))
        .problems
    ).toEqual([expect.stringMatching(/listed twice/)])
  })

  it('still matches an explanation when the code around it moved', () => {
    const moved = summarize(
      report(['Survived', 'Killed', 'Killed', 'Killed'], 7)
    )

    expect(moved.undetected[0].line).toBe(9)
    expect(
      checkScore(
        { ...moved, score: 95 },
        equivalents(entry('ConditionalExpression', ['ttl > 0', 'true']))
      ).ok
    ).toBe(true)
  })

  it('does not match the same snippet under another mutator or replacement', () => {
    const other = equivalents(
      entry('ConditionalExpression', ['ttl > 0', 'false'])
    )

    expect(checkScore({ ...surviving, score: 95 }, other).problems).toEqual([
      expect.stringMatching(/^unexplained/),
    ])
  })

  it('warns about explanations nothing needs and about sources changed since the run', () => {
    const killed = summarize(report(['Killed', 'Killed', 'Killed', 'Killed']))
    const result = checkScore(
      killed,
      equivalents(entry('ConditionalExpression', ['ttl > 0', 'true'])),
      {
        currentSourcesHash: 'other',
      }
    )

    expect(result.ok).toBe(true)
    expect(result.warnings).toEqual([
      expect.stringMatching(/no undetected mutant matches/),
      expect.stringMatching(/node\/ has changed/),
    ])
  })
})

describe('parseEquivalents', () => {
  it('reads snippets holding backticks and prose over several lines', () => {
    const text = equivalents(
      entry('StringLiteral', [TEMPLATE, '``'], `${WHY}\nAnd a second line.`)
    )

    expect(parseEquivalents(text)).toEqual({
      entries: [
        expect.objectContaining({
          file: 'node/x.ts',
          mutator: 'StringLiteral',
          original: TEMPLATE,
          replacement: '``',
          why: `${WHY} And a second line.`,
        }),
      ],
      problems: [],
    })
  })

  it('reports an entry without its snippets', () => {
    expect(
      parseEquivalents('## node/x.ts\n\n### StringLiteral\n\nWhy.\n').problems
    ).toEqual(['line 3: an entry needs an original and a replacement'])
  })
})
