import { readdirSync, readFileSync } from 'fs'
import { join } from 'path'

/** The parts of a V8 `.cpuprofile` the summary reads. */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

export interface CpuProfile {
  nodes: ProfileNode[]
  /** When sampling began, µs on the monotonic clock; each delta adds to it. */
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface SelfTime {
  name: string
  ms: number
  share: number
}

export interface ProfileSummary {
  profile: CpuProfile
  totalMs: number
  byModule: SelfTime[]
  byFunction: SelfTime[]
}

const PSEUDO_FRAMES = ['(garbage collector)', '(program)', '(idle)', '(root)']

/**
 * Which package a frame belongs to: the last `node_modules/<pkg>` in its URL,
 * `app` for the compiled app, `node:` internals by their first path part.
 */
export function moduleOf({ url, functionName }: ProfileNode['callFrame']) {
  if (PSEUDO_FRAMES.includes(functionName)) return functionName
  if (url === '') return '(native)'
  const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)]

  if (packages.length > 0) return packages[packages.length - 1][1]
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`
  if (url.includes('/node/.build/')) return 'app'

  return url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '')
}

/** A frame as the summaries name it: function, module and line. */
export const frameName = (
  { functionName, lineNumber }: ProfileNode['callFrame'],
  module: string
) => `${functionName || '(anonymous)'} [${module}:${lineNumber + 1}]`

function ranked(times: Map<string, number>, totalMs: number, top: number) {
  return [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: ms / totalMs }))
}

/** Self time (sample-weighted) per module and per function, idle excluded. */
export function summarizeProfile(
  profile: CpuProfile,
  top = 15
): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const byModule = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let totalMs = 0

  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame

    if (!frame || frame.functionName === '(idle)') return
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const module = moduleOf(frame)
    const name = frameName(frame, module)

    totalMs += ms
    byModule.set(module, (byModule.get(module) ?? 0) + ms)
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms)
  })

  return {
    profile,
    totalMs,
    byModule: ranked(byModule, totalMs, top),
    byFunction: ranked(byFunction, totalMs, top),
  }
}

/**
 * Inclusive time of the named functions (self plus everything they called),
 * counting a sample once even when the function recurses. Async functions
 * only own the synchronous stretches between their awaits.
 */
export function inclusiveMs(profile: CpuProfile, functionNames: string[]) {
  const parentOf = new Map<number, number>()
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const wanted = new Set(functionNames)
  const totals = new Map(functionNames.map((name) => [name, 0]))

  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id)
  }

  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const seen = new Set<string>()

    for (let at: number | undefined = id; at !== undefined; ) {
      const name = nodes.get(at)?.callFrame.functionName ?? ''

      if (wanted.has(name)) seen.add(name)
      at = parentOf.get(at)
    }

    seen.forEach((name) => totals.set(name, (totals.get(name) ?? 0) + ms))
  })

  return totals
}

/** Reads the one `.cpuprofile` a `--cpu-prof-dir` holds. */
export function readProfileFrom(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))

  if (!file) throw new Error(`no .cpuprofile in ${dir}`)

  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
}
