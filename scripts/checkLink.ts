/**
 * `npm run check:link`: what `vtex link` does on your machine, run with the
 * real toolbelt's code (npm `vtex` 3.0.0): its manifest validator, its file
 * listing (the upload must be the app and nothing else) and its yarn 1 step
 * in `node/` (must change nothing outside `node/`). Exit 1 on any problem.
 */
import { join } from 'path'

import {
  manifestProblems,
  strayUploads,
  yarnStepChanges,
} from './linkCheck/check'
import { installToolbelt, TOOLBELT_VERSION } from './linkCheck/toolbelt'

const ROOT = join(__dirname, '..')

async function main() {
  const toolbelt = installToolbelt(
    join(ROOT, 'node_modules', '.cache', 'link-check')
  )

  const { files, stray } = await strayUploads(toolbelt, ROOT)
  const problems = [
    ...manifestProblems(toolbelt, ROOT),
    ...stray.map((file) => `vtex link would upload ${file}: not the app`),
    ...yarnStepChanges(toolbelt, ROOT),
  ]

  if (problems.length > 0) {
    process.stderr.write(
      `check:link: FAILED (vtex ${TOOLBELT_VERSION})\n  ${problems.join(
        '\n  '
      )}\n`
    )
    process.exitCode = 1

    return
  }

  process.stdout.write(
    `check:link: manifest valid, ${files.length} files uploaded (the app only), yarn in node/ touches nothing outside it (vtex ${TOOLBELT_VERSION})\n`
  )
}

main().catch((error) => {
  process.stderr.write(`check:link: ${error.stack ?? error}\n`)
  process.exitCode = 1
})
