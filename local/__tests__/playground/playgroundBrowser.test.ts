/**
 * The playground in a real browser (headless Chromium) against the whole
 * local platform with the real app: anonymous → sign in → the price table and
 * the waterfall → another address → pricing down → another buyer, degraded →
 * fault cleared → recovery; live changes from elsewhere, a representative
 * impersonating a buyer and stopping, an emulator restart, a narrow window. Screenshots of each step land in `.artifacts/playground/`.
 */
/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "waitFor", "waitForText"] }] -- they fail the test when the page never shows it */
import { execFile } from 'child_process'
import { promisify } from 'util'

import type { ConsoleMessage, Page } from 'puppeteer-core'

import type { LocalStack } from '../../localStack'
import type { RunningSessionManager } from '../../sessionManager'
import type { Chromium } from '../../../testkit/browserKit'
import {
  screenshot,
  screenshotElement,
  textOf,
  waitFor,
  waitForText,
} from '../../../testkit/browserKit'
import {
  armFault,
  barPlacement,
  lastCurl,
  openPlayground,
  OUR_BAR,
  ownSessionId,
  restartEmulator,
  sidewaysOverflow,
  signIn,
  summary,
  traceAsServedBy,
  unlabelledControls,
} from '../../../testkit/playgroundKit'

let stack: LocalStack
let chromium: Chromium
let page: Page
/** The emulator the page talks to (replaced by the restart test). */
let manager: RunningSessionManager
const pageErrors: string[] = []

beforeAll(async () => {
  const playground = await openPlayground(pageErrors)

  stack = playground.stack
  chromium = playground.chromium
  page = playground.page
  manager = stack.sessionManager
}, 60_000)

afterAll(async () => {
  await chromium?.close()
  if (manager !== stack?.sessionManager) await manager?.stop()
  await stack?.stop()
})

describe('the playground in a browser', () => {
  it("on a first visit follows the latest change of any session: the README's curl lines show up live", async () => {
    const consoleErrors: string[] = []

    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    await page.goto(`${manager.url}/_local/`)
    await waitFor(page, 'body[data-ready="true"]')
    await waitFor(page, '#live-status[data-state="live"]')
    await waitFor(page, '#following:not([hidden])')
    expect(await textOf(page, '#session-view option[value="own"]')).toContain(
      'none yet'
    )

    // The README's two curl lines, on this emulator, for another buyer.
    const jar = `/tmp/playground-curl-${process.pid}`
    const base = `${manager.url}/api/sessions`

    await promisify(execFile)('bash', [
      '-c',
      [
        `curl -s -c ${jar} -X POST '${base}?items=*' -H 'content-type: application/json' -d '{}'`,
        `curl -s -b ${jar} -c ${jar} -X PATCH '${base}?items=pricing.priceTable' -H 'content-type: application/json' -H 'cookie: VtexIdclientAutCookie=buyer@globex.test' -d '{}'`,
        `rm -f ${jar}`,
      ].join(' && '),
    ])
    await waitForText(page, '[data-summary="pricing.priceTable"]', 'b2b-austin')
    await waitForText(
      page,
      '[data-summary="authentication.storeUserEmail"]',
      'buyer@globex.test'
    )
    await screenshot(page, '00-following-latest')
    expect(consoleErrors).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('opens live and creates an anonymous session', async () => {
    await page.goto(`${manager.url}/_local/`)
    await waitFor(page, 'body[data-ready="true"]')
    await waitFor(page, '#live-status[data-state="live"]')
    await waitFor(page, '#buyer-select option[value="buyer@acme.test"]')
    await page.click('#create-session')
    await waitForText(page, '#own-session', 'vtex_session')
    await waitFor(page, '#following[hidden]')
    await waitForText(
      page,
      '[data-summary="authentication.storeUserEmail"]',
      'anonymous'
    )

    expect(await summary(page, 'pricing.priceTable')).toMatch(
      /^(\(absent\)|"")$/
    )
    expect(await lastCurl(page)).toMatch(
      /^curl -s -X POST '.*\/api\/sessions\?items=\*'/
    )
    await screenshot(page, '01-anonymous')
  })

  it('signs in a fixture buyer: the price table and the waterfall appear', async () => {
    await page.select('#buyer-select', 'buyer@acme.test')
    await page.click('#sign-in-form button[type="submit"]')
    await waitForText(page, '[data-summary="pricing.priceTable"]', 'b2b-nyc')
    await waitFor(
      page,
      `${OUR_BAR} [data-lookup="costCenter"][data-source="upstream"]`
    )

    expect(await summary(page, 'pricing.storeNumber')).toBe('0042')
    expect(await textOf(page, `${OUR_BAR} .status-badge`)).toBe('ok')
    // The bar is placed on the time axis by the trace's offset and duration.
    const bar = await barPlacement(page)

    expect(parseFloat(bar.length)).toBeGreaterThan(0)
    expect(parseFloat(bar.start)).toBeGreaterThanOrEqual(0)
    await page.click(OUR_BAR)
    await waitForText(page, '#call-details', 'Inputs it got')
    await waitForText(
      page,
      '#call-details',
      'storefront-permissions.costcenter'
    )
    await waitFor(page, '#call-details tr[data-field="pricing.priceTable"]')
    // The worker's own status: the lookups it just answered, by layer.
    await waitForText(
      page,
      '#app-status tr[data-cache="pricing"] td[data-layer="upstream"]',
      '%'
    )
    await screenshot(page, '02-signed-in')
  })

  it('logs a curl line that does the same from a terminal', async () => {
    const line = await lastCurl(page)

    expect(line).toContain('VtexIdclientAutCookie=buyer%40acme.test')
    const { stdout } = await promisify(execFile)('bash', ['-c', line])

    expect(JSON.parse(stdout).namespaces.pricing.priceTable.value).toBe(
      'b2b-nyc'
    )
  })

  it('picks another address: postal code and region change, highlighted', async () => {
    await page.select('#address-select', 'addr-2')
    await page.click('#address-form button[type="submit"]')
    await waitForText(
      page,
      'tr.changed[data-field="public.postalCode"]',
      '11201'
    )
    await waitForText(
      page,
      'tr.changed[data-field="public.postalCode"] .writer',
      'pricing-session · round'
    )
    await waitForText(
      page,
      'tr.changed[data-field="checkout.regionId"] .writer',
      'checkout-session · round'
    )

    expect(
      await textOf(page, 'tr[data-field="public.postalCode"] .was')
    ).toContain('10001')
    await screenshot(page, '03-address-picked')
  })

  it('arms a pricing fault and shows it armed', async () => {
    await armFault(page, 'pricing', { kind: 'down', durationMs: '60000' })
    await waitFor(
      page,
      '#armed-faults li[data-service="pricing"][data-kind="down"]'
    )
    await waitForText(page, '#armed-faults', 's left')
    await screenshot(page, '04-pricing-down')
  })

  it('signs in another buyer: the degraded answer, with the failed lookup marked', async () => {
    await signIn(page, 'boston@acme.test')
    await waitForText(
      page,
      '[data-summary="storefront-permissions.costcenter"]',
      'cc-2'
    )
    await waitFor(
      page,
      `${OUR_BAR} [data-lookup="pricing"][data-source="failed"]`
    )

    expect(await summary(page, 'pricing.priceTable')).toBe('""')
    expect(await summary(page, 'public.postalCode')).toBe('02108')
    await waitFor(
      page,
      '#counters tr[data-service="pricing"] td.bad[data-count="faulted"]'
    )
    // The worker counted it as failed, by code, and nothing more.
    await waitFor(
      page,
      '#status-failures li[data-failure^="pricing upstream "]'
    )
    await waitFor(
      page,
      '#app-status tr[data-cache="pricing"] td.bad[data-layer="failed"]'
    )
    await screenshot(page, '05-degraded')
    await screenshotElement(page, '#app-status-panel', '05-worker-status')
  })

  it('recovers once the fault is cleared', async () => {
    await page.click('form[data-service="pricing"] button.secondary')
    await waitForText(page, '#armed-faults', 'No fault armed')
    await page.click('#sign-out')
    await waitForText(
      page,
      '[data-summary="authentication.storeUserEmail"]',
      'anonymous'
    )
    await signIn(page, 'boston@acme.test')
    await waitForText(page, '[data-summary="pricing.priceTable"]', 'b2b-boston')
    await waitFor(
      page,
      `${OUR_BAR} [data-lookup="pricing"][data-source="upstream"]`
    )
    await screenshot(page, '06-recovered')
  })

  it('follows a change made elsewhere and shows the replica when traced', async () => {
    const sessionId = await ownSessionId(page)
    // Another tab of the same shopper: same session, same auth cookie.
    const answer = await fetch(`${manager.url}/api/sessions?items=*`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        cookie: `vtex_session=${sessionId}; VtexIdclientAutCookie=boston@acme.test`,
      },
      body: JSON.stringify({ public: { utm_source: { value: 'newsletter' } } }),
    })

    expect(answer.status).toBe(200)
    await waitForText(
      page,
      'tr.changed[data-field="public.utm_source"] .writer',
      'the request'
    )
    expect(await summary(page, 'pricing.priceTable')).toBe('b2b-boston')

    // A cycle as the replicas' front will trace it: each call names its
    // replica.
    traceAsServedBy(manager, sessionId ?? '', 'replica-2')
    await waitFor(page, `${OUR_BAR} .chip.replica[data-replica="replica-2"]`)
    await screenshot(page, '07-live-and-replica')
  })

  it('is keyboard usable and every control is labelled', async () => {
    await page.focus(OUR_BAR)
    await page.keyboard.press('Enter')
    await waitFor(page, `${OUR_BAR}[aria-pressed="true"]`)
    expect(
      await page.evaluate(() =>
        document.activeElement?.getAttribute('data-app')
      )
    ).toBe('pricing-session')
    const unlabelled = await unlabelledControls(page)

    expect(unlabelled).toEqual([])
  })

  it("impersonates a buyer as a representative, says who acts as whom, and stops: the representative's pricing again", async () => {
    const consoleErrors: string[] = []
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    }

    page.on('console', onConsole)
    try {
      await signIn(page, 'rep@acme.test')
      await waitForText(
        page,
        '#impersonation-status',
        'rep@acme.test may impersonate'
      )
      expect(await summary(page, 'pricing.priceTable')).toBe('b2b-boston')

      await page.select('#impersonate-select', 'buyer@globex.test')
      await page.click('#impersonate-form button[type="submit"]')
      await waitForText(
        page,
        '[data-summary="pricing.priceTable"]',
        'b2b-austin'
      )
      await waitForText(
        page,
        '#impersonation-status',
        'rep@acme.test acting as buyer@globex.test'
      )
      expect(await summary(page, 'impersonate.storeUserEmail')).toBe(
        'buyer@globex.test'
      )
      expect(await summary(page, 'public.postalCode')).toBe('78701')
      await screenshot(page, '11-impersonating')

      await page.click('#impersonate-stop')
      await waitForText(
        page,
        '[data-summary="pricing.priceTable"]',
        'b2b-boston'
      )
      await waitForText(
        page,
        '#impersonation-status',
        'rep@acme.test may impersonate'
      )
      expect(await summary(page, 'public.postalCode')).toBe('02108')
      expect(await lastCurl(page)).toContain('"impersonate":{"value":""}')
      await screenshot(page, '12-impersonation-stopped')
    } finally {
      page.off('console', onConsole)
    }

    expect(consoleErrors).toEqual([])
    // The tests after this one expect boston's session, as before it.
    await signIn(page, 'boston@acme.test')
    await waitForText(
      page,
      '[data-summary="authentication.storeUserEmail"]',
      'boston@acme.test'
    )
  })

  it('survives an emulator restart', async () => {
    const { port } = manager

    await manager.stop()
    await waitFor(page, '#live-status[data-state="reconnecting"]')
    manager = await restartEmulator(stack, port)
    await waitFor(page, '#live-status[data-state="live"]')
    await waitForText(page, '#notice', 'emulator restarted')
    const before = await ownSessionId(page)

    // A new session; the browser still holds the auth cookie, so it is
    // signed in from its first cycle, as on the platform.
    await page.click('#create-session')
    await page.waitForFunction(
      (old) => document.querySelector('#own-session code')?.textContent !== old,
      {},
      before
    )
    await waitForText(page, '[data-summary="pricing.priceTable"]', 'b2b-boston')
    expect(manager.sessions.recent(10).map((session) => session.id)).toContain(
      await ownSessionId(page)
    )
    await screenshot(page, '08-after-restart')
  })

  it('reads at 1280 px and on a narrow window without sideways scrolling', async () => {
    for (const width of [1280, 390]) {
      // eslint-disable-next-line no-await-in-loop
      await page.setViewport({ width, height: 900 })
      // eslint-disable-next-line no-await-in-loop
      const overflow = await sidewaysOverflow(page)

      expect({ width, overflow }).toEqual({ width, overflow: 0 })
    }

    await screenshot(page, '09-narrow', false)
    await screenshotElement(page, '.cycle', '10-narrow-cycle')
    expect(pageErrors).toEqual([])
  })
})
