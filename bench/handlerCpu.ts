/**
 * In-process cost of one LRU-hit transform: the app's own middlewares (body
 * parsing with co-body, validation, both cache lookups, the answer), with no
 * HTTP and no `@vtex/api` pipeline. `ctx.clients` is the app's real Clients
 * class, built per request as `@vtex/api` does, so a client the hit path
 * constructs but never calls is counted. Prints µs of CPU per transform.
 */
import './appEnv'

import { Readable } from 'stream'

import service from '../node'
import { Clients } from '../node/clients'
import { jsonErrors } from '../node/middlewares/errors'
import { readTransformInputs } from '../node/middlewares/readTransformInputs'
import { transform } from '../node/middlewares/transform'

const BODY = Buffer.from(
  JSON.stringify({
    'storefront-permissions': {
      costcenter: { value: 'cc-1' },
      organization: { value: 'org-1' },
      costCenterAddressId: { value: 'addr-1' },
    },
  })
)

const COST_CENTER = {
  id: 'cc-1',
  organization: 'org-1',
  addresses: [
    { addressId: 'addr-1', postalCode: '10001', country: 'USA', state: 'NY' },
  ],
}

const noop = () => undefined
const logger = { warn: noop, info: noop, error: noop }

/** Answers the one cold lookup that fills the LRU; no network. */
const stubClients = {
  costCenters: { getCostCenterById: async () => COST_CENTER },
  pricing: {
    getPricing: async () => ({ priceTable: 'b2b-nyc', storeNumber: '0042' }),
  },
  apps: {
    getAppSettings: async () => ({
      pricingBackendUrl: 'http://127.0.0.1:1',
      pricingApiKey: 'k',
    }),
  },
  vbase: { getJSON: async () => null, saveJSON: async () => undefined },
}

/** What `@vtex/api` puts in ctx.vtex, as far as client constructors read. */
const ioContext = {
  account: 'acme',
  workspace: 'master',
  authToken: 'local-app-token-acme',
  region: 'aws-us-east-1',
  production: false,
  userAgent: 'acme.pricing-session@0.1.0',
  route: { id: 'transform', params: {}, type: 'public' },
  requestId: 'bench',
  operationId: 'bench',
  logger,
}

function handBuiltContext(clients: unknown) {
  const req = Readable.from([BODY]) as Readable & {
    headers: Record<string, string>
  }

  req.headers = {
    'content-type': 'application/json',
    'content-length': String(BODY.length),
  }

  return {
    req,
    state: {},
    vtex: ioContext,
    clients,
    is: () => 'application/json',
    get: (name: string) => req.headers[name.toLowerCase()] ?? '',
    set: noop,
    status: 404,
    body: undefined as unknown,
  } as unknown as Context
}

async function oneTransform(clients: unknown) {
  const ctx = handBuiltContext(clients)

  await jsonErrors(ctx, () => readTransformInputs(ctx, () => transform(ctx)))

  return ctx
}

/** Like the `clients` middleware of `@vtex/api`: one instance per request. */
const realClients = () =>
  new Clients(service.config.clients?.options ?? {}, ioContext as never)

async function repeat(times: number) {
  for (let i = 0; i < times; i++) {
    // eslint-disable-next-line no-await-in-loop -- one transform at a time
    await oneTransform(realClients())
  }
}

export async function measureHandlerCpu(iterations = 50_000) {
  await oneTransform(stubClients) // the one miss: fills the LRU
  const hit = await oneTransform(realClients())

  if (!JSON.stringify(hit.body).includes('b2b-nyc')) {
    throw new Error('handler benchmark is not exercising a pricing answer')
  }

  await repeat(5_000) // JIT warm-up

  const start = process.cpuUsage()
  const wallStart = process.hrtime.bigint()

  await repeat(iterations)
  const cpu = process.cpuUsage(start)
  const wallNs = Number(process.hrtime.bigint() - wallStart)

  return {
    iterations,
    usPerHit: (cpu.user + cpu.system) / iterations,
    wallUsPerHit: wallNs / 1000 / iterations,
  }
}

if (require.main === module) {
  measureHandlerCpu().then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`)
  })
}
