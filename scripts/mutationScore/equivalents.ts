/**
 * `mutation/EQUIVALENT.md`: why each surviving mutant changes nothing a user
 * could see. Entries are keyed as score.json keys mutants (file, mutator,
 * original, replacement), so they stay valid when lines move:
 *
 *   ## node/cache/cached.ts
 *
 *   ### ConditionalExpression
 *
 *   - original: `` ttl > 0 ``
 *   - replacement: `` true ``
 *
 *   Why it is equivalent, in one or more lines of prose.
 */
import type { MutantKey } from './report'
import { keyOf } from './report'

export interface Equivalent extends MutantKey {
  why: string
  /** Line of its `###` heading in the file, for messages. */
  at: number
}

const FILE = /^## (\S+)\s*$/
const MUTATOR = /^### (\w+)\s*$/
const FIELD = /^- (original|replacement): ``\s?(.*?)\s?``\s*$/

interface Draft {
  file: string
  mutator: string
  at: number
  original?: string
  replacement?: string
  why: string[]
}

export function parseEquivalents(text: string): {
  entries: Equivalent[]
  problems: string[]
} {
  const entries: Equivalent[] = []
  const problems: string[] = []
  let file: string | undefined
  let draft: Draft | undefined

  const close = () => {
    if (!draft) return
    const { original, replacement, why, ...rest } = draft

    if (original === undefined || replacement === undefined) {
      problems.push(
        `line ${draft.at}: an entry needs an original and a replacement`
      )
    } else {
      entries.push({
        ...rest,
        original,
        replacement,
        why: why.join(' ').trim(),
      })
    }

    draft = undefined
  }

  text.split('\n').forEach((line, index) => {
    const fileMatch = FILE.exec(line)
    const mutatorMatch = MUTATOR.exec(line)
    const fieldMatch = FIELD.exec(line)

    if (fileMatch) {
      close()
      ;[, file] = fileMatch
    } else if (mutatorMatch) {
      close()
      if (!file) problems.push(`line ${index + 1}: ### before any ## file`)
      else draft = { file, mutator: mutatorMatch[1], at: index + 1, why: [] }
    } else if (fieldMatch && draft) {
      draft[fieldMatch[1] as 'original' | 'replacement'] = fieldMatch[2]
    } else if (draft && line.trim()) {
      draft.why.push(line.trim())
    }
  })
  close()

  return { entries, problems }
}

/** Entries by mutant key; a key listed twice is a problem. */
export function indexEquivalents(entries: Equivalent[]) {
  const byKey = new Map<string, Equivalent>()
  const problems: string[] = []

  for (const entry of entries) {
    const key = keyOf(entry)

    if (byKey.has(key)) problems.push(`line ${entry.at}: listed twice`)
    byKey.set(key, entry)
  }

  return { byKey, problems }
}
