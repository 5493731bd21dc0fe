import { rmSync } from 'fs'

import { CHILDREN_DIR_ENV, killLeftovers } from './childRegistry'

/** What `npm test` should stay under on a 2-core machine. */
const BUDGET_S = 300

/** Kills what the register in `dir` still has running; throws if anything. */
export function stopLeftovers(dir: string) {
  const left = killLeftovers(dir)

  if (left.length === 0) return
  const names = left.map(({ pid, what }) => `${pid} (${what})`).join(', ')
  const error = new Error(
    `${left.length} process(es) outlived their suite and were killed: ${names}. A suite must stop what it starts, also when its setup throws.`
  )

  error.stack = error.message
  throw error
}

/**
 * After every suite: say how long the run took, then stop whatever child
 * process a suite left running (so jest can exit) and fail the run loudly if
 * there was any.
 */
export default function globalTeardown() {
  const started = Number(process.env.PRICING_SESSION_TEST_START)
  const seconds = Math.round((Date.now() - started) / 1000)
  const dir = process.env[CHILDREN_DIR_ENV]

  process.stdout.write(
    `\ntests took ${seconds} s (budget ${BUDGET_S} s on 2 cores)\n`
  )
  if (!dir) return
  try {
    stopLeftovers(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
