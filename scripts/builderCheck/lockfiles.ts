/**
 * `node/yarn.lock` (what the builder installs) against the root
 * `package-lock.json` (what `npm install` gives developers and CI): both must
 * resolve every direct dependency of `node/` to the same version, and every
 * npm `overrides` entry needs its yarn `resolutions` twin, since yarn ignores
 * `overrides`.
 */
import { parse } from '@yarnpkg/lockfile'

export interface NodeManifest {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  overrides?: Record<string, unknown>
  resolutions?: Record<string, string>
}

interface PackageLock {
  packages?: Record<string, { version?: string }>
}

/** `name@range` → version, as yarn resolved it. */
export function yarnVersions(lockText: string): Map<string, string> {
  const parsed = parse(lockText)

  if (parsed.type !== 'success') throw new Error('node/yarn.lock: conflicts')
  const versions = new Map<string, string>()

  for (const [spec, entry] of Object.entries(
    parsed.object as Record<string, { version: string }>
  )) {
    versions.set(spec, entry.version)
  }

  return versions
}

/** Version npm installs for `name` as a dependency of the `node` workspace. */
function npmVersion(lock: PackageLock, name: string): string | undefined {
  const packages = lock.packages ?? {}

  return (
    packages[`node/node_modules/${name}`]?.version ??
    packages[`node_modules/${name}`]?.version
  )
}

export function lockfileProblems(
  manifest: NodeManifest,
  yarnLockText: string,
  npmLock: PackageLock
): string[] {
  const problems: string[] = []
  const yarn = yarnVersions(yarnLockText)
  const direct = { ...manifest.dependencies, ...manifest.devDependencies }

  for (const [name, range] of Object.entries(direct)) {
    const yarnVersion = yarn.get(`${name}@${range}`)
    const npm = npmVersion(npmLock, name)

    if (!yarnVersion) {
      problems.push(`${name}@${range} is not in node/yarn.lock`)
    } else if (npm !== yarnVersion) {
      problems.push(
        `${name}: node/yarn.lock has ${yarnVersion}, package-lock.json has ${
          npm ?? 'nothing'
        }`
      )
    }
  }

  for (const [name, value] of Object.entries(manifest.overrides ?? {})) {
    if (manifest.resolutions?.[name] !== value) {
      problems.push(
        `overrides.${name} (${JSON.stringify(value)}) has no matching ` +
          `resolutions.${name}: yarn 1 ignores overrides`
      )
    }
  }

  return problems
}
