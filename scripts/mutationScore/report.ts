/**
 * What `mutation/score.json` holds, computed from Stryker's JSON report
 * (mutation-testing-report-schema): counts per status, the mutation score as
 * Stryker defines it, and every undetected mutant keyed so that the key
 * survives line drift: file, mutator, original snippet, replacement.
 */
import { createHash } from 'crypto'

export const STATUSES = [
  'Killed',
  'Timeout',
  'Survived',
  'NoCoverage',
  'CompileError',
  'RuntimeError',
  'Ignored',
  'Pending',
] as const

export type MutantStatus = (typeof STATUSES)[number]

interface Position {
  line: number
  column: number
}

interface ReportMutant {
  mutatorName: string
  replacement?: string
  status: MutantStatus
  location: { start: Position; end: Position }
}

/** The part of Stryker's JSON report this script reads. */
export interface StrykerReport {
  files: Record<string, { source: string; mutants: ReportMutant[] }>
  /** Milliseconds per phase, when the report carries them. */
  performance?: { setup?: number; initialRun?: number; mutation?: number }
}

/** What identifies a mutant across runs, whatever line it moved to. */
export interface MutantKey {
  file: string
  mutator: string
  original: string
  replacement: string
}

export interface Undetected extends MutantKey {
  status: 'Survived' | 'NoCoverage'
  /** Where it was in this run: for people, not part of the key. */
  line: number
}

export interface ScoreFile {
  /** Stryker's mutation score: detected / (detected + undetected), in %. */
  score: number
  totals: Record<MutantStatus, number>
  /** The mutated files, and the sha256 of their text: a score of other code shows. */
  files: string[]
  sourcesHash: string
  /** How long the run took, all phases, when Stryker said. */
  runSeconds?: number
  undetected: Undetected[]
}

const MAX_SNIPPET = 100

/** Whitespace collapsed; a long snippet keeps its head and its tail. */
export function snippet(text: string) {
  const flat = text.replace(/\s+/g, ' ').trim()

  return flat.length <= MAX_SNIPPET
    ? flat
    : `${flat.slice(0, 60)} … ${flat.slice(-30)}`
}

export const keyOf = ({ file, mutator, original, replacement }: MutantKey) =>
  JSON.stringify([file, mutator, snippet(original), snippet(replacement)])

/** The source text between two 1-based, end-exclusive report positions. */
function textAt(source: string, { start, end }: ReportMutant['location']) {
  const lines = source.split('\n')
  const from = lines.slice(0, start.line - 1).join('\n').length
  const to = lines.slice(0, end.line - 1).join('\n').length
  const offset = (line: number) => (line > 1 ? 1 : 0)

  return source.slice(
    from + offset(start.line) + start.column - 1,
    to + offset(end.line) + end.column - 1
  )
}

export function sourcesHash(sources: Record<string, string>) {
  const hash = createHash('sha256')

  for (const file of Object.keys(sources).sort((a, b) => a.localeCompare(b))) {
    hash.update(`${file}\0${sources[file]}\0`)
  }

  return hash.digest('hex')
}

export function scoreOf(totals: Record<MutantStatus, number>) {
  const detected = totals.Killed + totals.Timeout
  const undetected = totals.Survived + totals.NoCoverage
  const valid = detected + undetected

  return valid === 0 ? 0 : Math.round((detected / valid) * 10_000) / 100
}

export function summarize(report: StrykerReport): ScoreFile {
  const totals = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<
    MutantStatus,
    number
  >

  const undetected: Undetected[] = []
  const files = Object.keys(report.files).sort((a, b) => a.localeCompare(b))

  for (const file of files) {
    const { source, mutants } = report.files[file]

    for (const mutant of mutants) {
      totals[mutant.status] += 1
      if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        undetected.push({
          file,
          mutator: mutant.mutatorName,
          original: snippet(textAt(source, mutant.location)),
          replacement: snippet(mutant.replacement ?? ''),
          status: mutant.status,
          line: mutant.location.start.line,
        })
      }
    }
  }

  undetected.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)

  const { setup = 0, initialRun = 0, mutation = 0 } = report.performance ?? {}
  const ms = setup + initialRun + mutation

  return {
    score: scoreOf(totals),
    totals,
    files,
    sourcesHash: sourcesHash(
      Object.fromEntries(files.map((file) => [file, report.files[file].source]))
    ),
    ...(ms > 0 && { runSeconds: Math.round(ms / 1000) }),
    undetected,
  }
}
