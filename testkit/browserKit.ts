/**
 * Headless Chromium for the browser tests: Debian's `chromium` driven by
 * `puppeteer-core` (nothing downloads a browser; `local/chromium.ts` finds
 * it), a fresh profile per run,
 * screenshots saved as test artifacts under `.artifacts/` (git-ignored).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import type { Browser, Page } from 'puppeteer-core'
import puppeteer from 'puppeteer-core'

import { findChromium, NoBrowserError } from '../local/chromium'

export const ARTIFACTS_DIR = join(__dirname, '..', '.artifacts', 'playground')

const WAIT_MS = 10_000

export interface Chromium {
  browser: Browser
  close(): Promise<void>
}

export async function launchChromium(): Promise<Chromium> {
  // jest's global setup found (or installed) it and set CHROMIUM_PATH.
  const executablePath = findChromium()

  if (!executablePath) {
    throw new NoBrowserError(
      'no browser: run the browser tests through jest (its global setup finds one) or set CHROMIUM_PATH'
    )
  }

  const profile = mkdtempSync(join(tmpdir(), 'pricing-session-chromium-'))
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })

  return {
    browser,
    async close() {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Saves a screenshot of the page as `.artifacts/playground/{name}.png`. */
export async function screenshot(page: Page, name: string, fullPage = true) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const path = join(ARTIFACTS_DIR, `${name}.png`)

  await page.screenshot({ path, fullPage })

  return path
}

/** Saves a screenshot of one element (e.g. a panel) as `{name}.png`. */
export async function screenshotElement(
  page: Page,
  selector: string,
  name: string
) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const element = await page.$(selector)

  if (!element) throw new Error(`nothing matches ${selector} to screenshot`)
  await element.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) })
}

/** The trimmed text of the first element matching `selector` ('' if none). */
export function textOf(page: Page, selector: string): Promise<string> {
  return page.evaluate(
    (css) => document.querySelector(css)?.textContent?.trim() ?? '',
    selector
  )
}

/** Waits until an element matching `selector` contains `text`. */
export async function waitForText(page: Page, selector: string, text: string) {
  try {
    await page.waitForFunction(
      (css, wanted) =>
        [...document.querySelectorAll(css)].some((node) =>
          node.textContent?.includes(wanted)
        ),
      { timeout: WAIT_MS },
      selector,
      text
    )
  } catch (error) {
    const seen = await textOf(page, selector)

    throw new Error(
      `"${text}" never showed in ${selector} (it shows "${seen}"): ${
        (error as Error).message
      }`
    )
  }
}

/** Waits until `selector` matches something. */
export async function waitFor(page: Page, selector: string) {
  await page.waitForSelector(selector, { timeout: WAIT_MS })
}
