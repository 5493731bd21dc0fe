// Must come first: @vtex/api reads VTEX_APP_ID when its modules load.
import '../../../testkit/platformTestEnv'

import { Apps } from '@vtex/api/lib/clients/infra/Apps'
import { VBase } from '@vtex/api/lib/clients/infra/VBase'
import type { InstanceOptions } from '@vtex/api/lib/HttpClient/typings'
import type { IOContext } from '@vtex/api/lib/service/worker/runtime/typings'

import { CostCenterClient } from '../../../node/clients/costCenterClient'
import type { Platform } from '../../platform'
import { appTokenFor } from '../../platform'
import {
  APP_ID,
  PRICING_KEY,
  removeDir,
  startTestPlatform,
  tempDataDir,
  viaForwardProxy,
} from '../../../testkit/platformTestKit'

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} }

/** The smallest IOContext the clients read; no tracing, no metrics. */
const ioContext = {
  account: 'acme',
  workspace: 'master',
  authToken: appTokenFor('acme'),
  region: 'aws-us-east-1',
  userAgent: 'platform-test',
  production: false,
  logger: silentLogger,
  tracer: { isTraceSampled: false },
} as unknown as IOContext

describe('real @vtex/api clients through the platform proxy', () => {
  let dataDir: string
  let platform: Platform
  let options: InstanceOptions

  beforeAll(async () => {
    dataDir = tempDataDir()
    platform = await startTestPlatform(dataDir)
    options = {
      middlewares: [viaForwardProxy(platform.proxyUrl)],
      memoizable: false,
      timeout: 5_000,
    }
  })

  afterEach(() => platform.faults.reset())

  afterAll(async () => {
    await platform.stop()
    removeDir(dataDir)
  })

  it('VBase saveJSON / getJSON / deleteFile round trip', async () => {
    const vbase = new VBase(ioContext, options)

    expect(await vbase.getJSON('prices', 'org-1/cc-1', true)).toBeNull()
    await vbase.saveJSON('prices', 'org-1/cc-1', { priceTable: 'b2b-nyc' })
    expect(await vbase.getJSON('prices', 'org-1/cc-1')).toEqual({
      priceTable: 'b2b-nyc',
    })
    await vbase.deleteFile('prices', 'org-1/cc-1')
    await expect(vbase.getJSON('prices', 'org-1/cc-1')).rejects.toMatchObject({
      response: { status: 404 },
    })
    expect(
      platform.stats().vbase.byKey['acme/master/prices/org-1/cc-1']
    ).toEqual({
      get: 3,
      put: 1,
      delete: 1,
    })
  })

  it('VBase errors surface as the client would see them on the platform', async () => {
    const vbase = new VBase(ioContext, options)

    platform.faults.set({
      vbase: { fault: { kind: 'status', status: 500, count: 1 } },
    })
    await expect(vbase.saveJSON('prices', 'x', { a: 1 })).rejects.toMatchObject(
      {
        response: { status: 500 },
      }
    )

    platform.faults.set({ vbase: { fault: { kind: 'down', count: 1 } } })
    await expect(vbase.getJSON('prices', 'x', true)).rejects.toMatchObject({
      code: 'ECONNRESET',
    })
  })

  it('Apps.getAppSettings answers the pricing backend settings', async () => {
    const apps = new Apps(ioContext, options)

    expect(await apps.getAppSettings(APP_ID)).toEqual({
      pricingBackendUrl: platform.pricingBaseUrl,
      pricingApiKey: PRICING_KEY,
    })
  })

  it("the app's CostCenterClient (AppGraphQLClient, B2B 2.x) gets through B2B's checks", async () => {
    const b2b = new CostCenterClient(ioContext, options)

    expect(await b2b.getCostCenterById('cc-2')).toEqual({
      id: 'cc-2',
      organization: 'org-1',
      addresses: [
        {
          addressId: 'addr-3',
          postalCode: '02108',
          country: 'USA',
          state: 'MA',
        },
      ],
    })
    // B2B's all-null answer for a missing document is "not found".
    expect(await b2b.getCostCenterById('cc-missing')).toBeNull()
    expect(platform.stats().graphql).toMatchObject({
      byId: { 'cc-2': 1, 'cc-missing': 1 },
      refused: {},
      senders: { 'acme.pricing-session@0.x': 2 },
    })
  })

  it('CostCenterClient without the app token: refused, and a failure to the app', async () => {
    const anonymous = { ...ioContext, authToken: '' } as IOContext
    const b2b = new CostCenterClient(anonymous, options)

    await expect(b2b.getCostCenterById('cc-2')).rejects.toMatchObject({
      response: { status: 401 },
    })
  })
})
