/**
 * In-process cost of one LRU-hit transform: the app's route handler (body
 * parsing with co-body, validation, both cache lookups, the answer, the
 * step timings), with no HTTP and no `@vtex/api` pipeline. `ctx.clients` is
 * the app's real Clients class, built per request as `@vtex/api` does, so a
 * client the hit path constructs but never calls is counted. Prints µs of
 * CPU per transform.
 */
import './appEnv'

import { join } from 'path'
import { Readable } from 'stream'

import service, { transformRoute } from '../node'
import { Clients } from '../node/clients'

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

/** A build of the app, as far as this benchmark drives it. */
export interface AppBuild {
  route: (ctx: Context, next: () => Promise<unknown>) => Promise<unknown>
  /** Like the `clients` middleware of `@vtex/api`: one instance per request. */
  realClients: () => unknown
}

type ServiceModule = { default: typeof service } & {
  transformRoute: AppBuild['route']
}

const buildOf = (index: ServiceModule, clients: typeof Clients): AppBuild => ({
  route: index.transformRoute,
  realClients: () =>
    // eslint-disable-next-line new-cap -- a class given as a value
    new clients(
      index.default.config.clients?.options ?? {},
      ioContext as never
    ),
})

/** This tree, from its sources. */
export const treeBuild = () =>
  buildOf({ default: service, transformRoute }, Clients)

/** A compiled `service/` directory (buildApp's output, or a baseline's). */
export async function compiledBuild(dir: string): Promise<AppBuild> {
  const node = join(dir, 'service', 'src', 'node')
  const index = (await import(join(node, 'index.js'))) as ServiceModule
  const { Clients: clients } = (await import(
    join(node, 'clients', 'index.js')
  )) as { Clients: typeof Clients }

  return buildOf(index, clients)
}

async function oneTransform(build: AppBuild, clients: unknown) {
  const ctx = handBuiltContext(clients)

  await build.route(ctx, async () => {})

  return ctx
}

async function repeat(build: AppBuild, times: number) {
  for (let i = 0; i < times; i++) {
    // eslint-disable-next-line no-await-in-loop -- one transform at a time
    await oneTransform(build, build.realClients())
  }
}

/** Fills the build's LRU (one miss), checks the hit, warms the JIT. */
export async function warmBuild(build: AppBuild) {
  await oneTransform(build, stubClients)
  const hit = await oneTransform(build, build.realClients())

  // A memoized answer is the serialized bytes.
  const answer = Buffer.isBuffer(hit.body)
    ? hit.body.toString()
    : JSON.stringify(hit.body)

  if (!answer.includes('b2b-nyc')) {
    throw new Error('handler benchmark is not exercising a pricing answer')
  }

  await repeat(build, 5_000)
}

/** CPU and wall time of `iterations` LRU-hit transforms, µs each. */
export async function cpuPerHit(build: AppBuild, iterations: number) {
  const start = process.cpuUsage()
  const wallStart = process.hrtime.bigint()

  await repeat(build, iterations)
  const cpu = process.cpuUsage(start)
  const wallNs = Number(process.hrtime.bigint() - wallStart)

  return {
    usPerHit: (cpu.user + cpu.system) / iterations,
    wallUsPerHit: wallNs / 1000 / iterations,
  }
}

export async function measureHandlerCpu(iterations = 50_000) {
  const build = treeBuild()

  await warmBuild(build)

  return { iterations, ...(await cpuPerHit(build, iterations)) }
}

if (require.main === module) {
  measureHandlerCpu().then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`)
  })
}
