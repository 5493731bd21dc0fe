'use strict'
// The naive transform the wave compares against: the handler pattern of the
// VTEX session guide ("Collecting user session data": parse the body with
// co-body, call what the answer needs, answer), with no cache of any kind.
// It answers what the app answers when everything works, with the app's own
// clients and budgets (B2B Organizations and the pricing backend side by
// side, 800 ms and one retry), and reads the app settings on every call, as
// the guide's pattern would; a failing upstream fails the call (a 500 from
// `@vtex/api`), as nothing in that pattern catches it. The guide's
// `console.log` of the body is left out: it would log personal data.
// BENCH_APP_BUILD is the app's build (local/appWorker.ts APP_BUILD_DIR).
const path = require('path')

const { Service } = require('@vtex/api')
const { json } = require('co-body')

const build = path.join(process.env.BENCH_APP_BUILD, 'service/src/node')
const { Clients } = require(path.join(build, 'clients'))
const { platformProxy } = require(path.join(build, 'clients/platformProxy'))

const budget = { retries: 1, timeout: 800, initialBackoffDelay: 50 }
const field = (text) => ({ value: text || '' })

function answerFor(costCenter, pricing, organization, addressId) {
  const empty = { pricing: { priceTable: field(), storeNumber: field() } }

  if (!costCenter || costCenter.organization !== organization) return empty
  const address =
    addressId === undefined
      ? costCenter.addresses[0]
      : costCenter.addresses.find((a) => a.addressId === addressId)

  return {
    pricing: {
      priceTable: field(pricing && pricing.priceTable),
      storeNumber: field(pricing && pricing.storeNumber),
    },
    ...(address && {
      public: {
        postalCode: field(address.postalCode),
        country: field(address.country),
        state: field(address.state),
      },
    }),
  }
}

exports.default = new Service({
  clients: {
    implementation: Clients,
    options: {
      // As the app's: every client through the seam, the pricing backend
      // through the outbound proxy.
      default: { ...budget, middlewares: [platformProxy] },
    },
  },
  routes: {
    transform: async (ctx) => {
      const body = await json(ctx.req)
      const inputs = body['storefront-permissions'] || {}
      const read = (name) => inputs[name] && inputs[name].value
      const costcenter = read('costcenter')
      const organization = read('organization')
      let answer = answerFor(null)

      if (costcenter && organization) {
        const settings = await ctx.clients.apps.getAppSettings(
          process.env.VTEX_APP_ID
        )
        const backend = {
          baseUrl: settings.pricingBackendUrl,
          apiKey: settings.pricingApiKey,
        }
        const [costCenter, pricing] = await Promise.all([
          ctx.clients.costCenters.getCostCenterById(costcenter),
          ctx.clients.pricing.getPricing(backend, organization, costcenter),
        ])

        answer = answerFor(
          costCenter,
          pricing,
          organization,
          read('costCenterAddressId')
        )
      }

      ctx.status = 200
      ctx.set('Cache-Control', 'no-cache, no-store')
      ctx.body = answer
    },
  },
})
