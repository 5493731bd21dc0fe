import { mkdtempSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { Config } from '@jest/types'

import { buildApp } from './appWorker'
import { CHILDREN_DIR_ENV } from './childRegistry'
import { ensureChromium } from './chromium'

/** The suites that drive a browser: only they need one. */
const BROWSER_SUITE = join(
  'local',
  '__tests__',
  'playground',
  'playgroundBrowser.test.ts'
)

function runsBrowserSuite(config: Config.GlobalConfig) {
  const patterns = config.testPathPattern

  if (!patterns) return true

  try {
    return new RegExp(patterns, 'i').test(BROWSER_SUITE)
  } catch {
    return true
  }
}

/**
 * Before any suite: compile the app once (worker tests run it as VTEX IO
 * does), find (or install) the browser the browser suite drives, and open the
 * register of child processes the global teardown checks. What is set in
 * process.env here reaches every test worker.
 */
export default function globalSetup(config: Config.GlobalConfig) {
  process.env.PRICING_SESSION_TEST_START = String(Date.now())
  process.env[CHILDREN_DIR_ENV] = mkdtempSync(
    join(tmpdir(), 'pricing-session-children-')
  )
  if (runsBrowserSuite(config)) process.env.CHROMIUM_PATH = ensureChromium()
  buildApp()
}
