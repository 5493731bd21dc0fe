/**
 * `npm run check:session [-- [--json] path/to/configuration.json …]`: checks
 * session configurations against the native apps' declarations in
 * `session-config/nativeConfigs/`. Exit code 0 with warnings only, 1 on any
 * error, 2 on bad usage.
 */
import { join, relative } from 'path'

import { checkSessionFiles } from './sessionCheck/check'
import { countByLevel, formatJson, formatText } from './sessionCheck/format'

const DEFAULT_CONFIG = join(
  __dirname,
  '..',
  'vtex.session',
  'configuration.json'
)

const USAGE = `usage: check:session [--json] [path/to/configuration.json …]
  default: ${relative(process.cwd(), DEFAULT_CONFIG)}`

function main(args: string[]): number {
  const unknown = args.filter((arg) => arg.startsWith('-') && arg !== '--json')

  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`)

    return 0
  }

  if (unknown.length > 0) {
    process.stderr.write(`unknown option ${unknown.join(', ')}\n${USAGE}\n`)

    return 2
  }

  const paths = args.filter((arg) => !arg.startsWith('-'))
  const files =
    paths.length > 0 ? paths : [relative(process.cwd(), DEFAULT_CONFIG)]

  const result = checkSessionFiles(files)
  const render = args.includes('--json') ? formatJson : formatText

  process.stdout.write(`${render(result)}\n`)

  return countByLevel(result.findings).errors > 0 ? 1 : 0
}

process.exitCode = main(process.argv.slice(2))
