/**
 * The playground as playgroundBrowser.test.ts drives it: the local stack with
 * a Chromium page on it, the controls a person would use (sign in, arm a
 * fault) and what the tests read off the page. Page callbacks run in the
 * browser, hence the DOM types of tsconfig.browser.json.
 */
import type { Page } from 'puppeteer-core'

import type { LocalStack } from '../local/localStack'
import { startLocalStack } from '../local/localStack'
import type { RunningSessionManager } from '../local/sessionManager'
import { loadAppRegistry, startSessionManager } from '../local/sessionManager'
import type { Chromium } from './browserKit'
import { launchChromium, textOf } from './browserKit'
import { memoryLog } from './sessionManagerTestKit'

export interface Playground {
  stack: LocalStack
  chromium: Chromium
  page: Page
}

/**
 * Starts the stack and a 1280 px page; page errors land in `pageErrors`.
 * When anything after the stack's start throws (no browser, say), the stack
 * is stopped before the error goes on: a suite whose setup fails has no
 * stack to stop in its afterAll.
 */
export async function openPlayground(
  pageErrors: string[],
  launch: () => Promise<Chromium> = launchChromium
): Promise<Playground> {
  // One replica: the status panel shows one worker's counters, which the
  // page's transforms must reach.
  const stack = await startLocalStack({
    sessionManagerLog: memoryLog().log,
    replicas: 1,
  })

  let chromium: Chromium | undefined

  try {
    chromium = await launch()
    const page = await chromium.browser.newPage()

    page.on('pageerror', (error) => pageErrors.push(String(error)))
    await page.setViewport({ width: 1280, height: 900 })

    return { stack, chromium, page }
  } catch (error) {
    await chromium?.close()
    await stack.stop()
    throw error
  }
}

/** A new emulator on a stopped one's port, before the same worker and platform. */
export function restartEmulator(stack: LocalStack, port: number) {
  return startSessionManager({
    port,
    apps: loadAppRegistry(undefined, {
      urls: { appWorker: stack.worker.url },
    }),
    account: 'acme',
    workspace: 'master',
    log: memoryLog().log,
    platformUrl: stack.platform.proxyUrl,
  })
}

/** Our app's bar in the cycle's waterfall. */
export const OUR_BAR = 'button.call[data-app="pricing-session"]'

/**
 * Adds a copy of the session's last cycle that called our app, each of our
 * calls named as served by `replica`, the other apps' by none: the trace the
 * replicas' front makes, without running replicas.
 */
export function traceAsServedBy(
  manager: RunningSessionManager,
  sessionId: string,
  replica: string
) {
  const withOurApp = manager.traces
    .list(sessionId)
    .reverse()
    .find((trace) =>
      trace.rounds.some((round) =>
        round.apps.some((entry) => entry.app === 'pricing-session')
      )
    )

  if (!withOurApp) throw new Error('no cycle of the page session called us')
  const { id: _ignored, ...copy } = structuredClone(withOurApp)

  copy.rounds.forEach((round) =>
    round.apps.forEach((entry) => {
      entry.replica = entry.app === 'pricing-session' ? replica : undefined
    })
  )
  manager.traces.add(copy)
}

/** Our app's bar's place on the time axis (CSS `--start`, `--length`). */
export const barPlacement = (page: Page) =>
  page.$eval(`${OUR_BAR} .bar`, (node) => ({
    start: (node as HTMLElement).style.getPropertyValue('--start'),
    length: (node as HTMLElement).style.getPropertyValue('--length'),
  }))

/** A session field as the summary shows it (JSON, or `(absent)`). */
export const summary = (page: Page, field: string) =>
  textOf(page, `[data-summary="${field}"]`)

/** The curl line of the latest request the page sent. */
export const lastCurl = (page: Page) =>
  textOf(page, '#request-log li:first-child .curl')

/** The id of the page's own session (the `vtex_session` cookie's value). */
export const ownSessionId = (page: Page) =>
  page.evaluate(() => document.querySelector('#own-session code')?.textContent)

/** Clicks the Arm button of a service's fault form after choosing a kind. */
export async function armFault(
  page: Page,
  service: string,
  { kind, durationMs }: { kind: string; durationMs: string }
) {
  await page.select(`#fault-${service}-kind`, kind)
  await page.select(`#fault-${service}-duration`, durationMs)
  await page.click(`form[data-service="${service}"] button[type="submit"]`)
}

export async function signIn(page: Page, email: string) {
  await page.click('#buyer-email', { count: 3 })
  await page.type('#buyer-email', email)
  // The keyboard path: Enter submits the form.
  await page.keyboard.press('Enter')
}

/**
 * Controls a screen reader could not name: no label, no aria-label, and (a
 * button) no text. Each as the start of its markup.
 */
export function unlabelledControls(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select, button')]
      .filter((control) => {
        const { labels } = control as HTMLInputElement
        const named =
          (control.getAttribute('aria-label') ?? '') !== '' ||
          (control.tagName === 'BUTTON' &&
            (control.textContent ?? '').trim() !== '')

        return !named && (labels?.length ?? 0) === 0
      })
      .map((control) => control.outerHTML.slice(0, 80))
  )
}

/** How far the page is wider than the window (0: no sideways scrolling). */
export const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
