/**
 * Checks `vtex.session/configuration.json` files against the native apps'
 * configurations, with the session-configuration model's loader and
 * dependency graph (`session-config/`, the same the emulator runs).
 */
import { relative } from 'path'

import type { NativeAppName } from '../../session-config'
import {
  buildGraph,
  layers,
  NATIVE_APP_NAMES,
  nativeConfigPath,
  nativeSessionConfig,
  readSessionConfig,
  validateSessionConfig,
} from '../../session-config'
import { checkCycles } from './cycleRules'
import { checkFields } from './fieldRules'
import { checkRepeatedApps, shapeFinding } from './shapeRules'
import type { CheckResult, DeclaredApp, Finding } from './types'

/** One configuration to check: a file on disk, or parsed JSON (tests). */
export type ConfigSource = { file: string; json?: unknown }

function nativeApps(): DeclaredApp[] {
  return NATIVE_APP_NAMES.map((name: NativeAppName) => ({
    file: relative(process.cwd(), nativeConfigPath(name)),
    config: nativeSessionConfig(name),
    native: true,
  }))
}

function readSource(source: ConfigSource) {
  return 'json' in source
    ? validateSessionConfig(source.json, source.file)
    : readSessionConfig(source.file)
}

export function checkSessionConfigs(sources: ConfigSource[]): CheckResult {
  const findings: Finding[] = []
  const checked: DeclaredApp[] = []

  for (const source of sources) {
    const { apps, issues } = readSource(source)

    findings.push(...issues.map(shapeFinding))
    checked.push(
      ...apps.map((config) => ({ file: source.file, config, native: false }))
    )
  }

  findings.push(...checkRepeatedApps(checked))

  // A checked app replaces the native stand-in of the same name, and the
  // last declaration of a repeated app wins (reported above).
  const checkedByName = new Map(checked.map((app) => [app.config.name, app]))
  const apps = [
    ...nativeApps().filter((app) => !checkedByName.has(app.config.name)),
    ...checkedByName.values(),
  ]

  const graph = buildGraph(apps.map((app) => app.config))

  findings.push(...checkFields(apps), ...checkCycles(graph, apps))

  return {
    files: sources.map((source) => source.file),
    apps,
    findings,
    layers: layers(graph),
  }
}

export const checkSessionFiles = (files: string[]) =>
  checkSessionConfigs(files.map((file) => ({ file })))
