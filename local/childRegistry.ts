/**
 * Every process the tests start is written down here (one file per pid in the
 * folder `PRICING_SESSION_CHILDREN` names, set by jest's global setup) and
 * crossed out when it exits, so the global teardown can stop, and report,
 * whatever a suite left running. Outside jest the variable is unset and this
 * does nothing.
 */
import type { ChildProcess } from 'child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs'
import { join } from 'path'

export const CHILDREN_DIR_ENV = 'PRICING_SESSION_CHILDREN'

export function registerChild(
  child: ChildProcess,
  what: string,
  dir = process.env[CHILDREN_DIR_ENV]
) {
  if (!dir || child.pid === undefined) return
  const file = join(dir, String(child.pid))

  mkdirSync(dir, { recursive: true })
  writeFileSync(file, what)
  child.once('exit', () => rmSync(file, { force: true }))
}

export function isAlive(pid: number) {
  try {
    process.kill(pid, 0)

    return true
  } catch {
    return false
  }
}

export interface RegisteredChild {
  pid: number
  what: string
}

/** The registered processes still running. */
export function liveChildren(dir = process.env[CHILDREN_DIR_ENV]) {
  if (!dir) return []
  let names: string[]

  try {
    names = readdirSync(dir)
  } catch {
    return []
  }

  return names
    .map((name) => ({
      pid: Number(name),
      what: readFileSync(join(dir, name), 'utf8'),
    }))
    .filter(({ pid }) => Number.isInteger(pid) && isAlive(pid))
}

/** Kills every registered process still running; answers which they were. */
export function killLeftovers(dir: string): RegisteredChild[] {
  const left = liveChildren(dir)

  for (const { pid } of left) process.kill(pid, 'SIGKILL')

  return left
}
