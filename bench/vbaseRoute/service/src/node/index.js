'use strict'
// What a VBase hit costs, step by step (bench/vbaseCost.ts): the app's route
// in the same `@vtex/api` worker, reading the body like the app, then doing
// only BENCH_STEP of a VBase hit before answering the app's bytes:
//   body      nothing more (the ceiling)
//   client    + build `ctx.clients.vbase` (as the app does on a miss)
//   read      + one `getJSON` of the key's lookups document
//   readTwo   + two `getJSON`s side by side (the app before one document)
//   raw       + one plain node:http GET of the same document, for the floor
//             of an outgoing call
// VBase requests go through the app's own platform-proxy seam.
const http = require('http')
const path = require('path')

const { Service } = require('@vtex/api')
const { json } = require('co-body')

const { platformProxy } = require(path.join(
  process.env.BENCH_APP_BUILD,
  'service/src/node/clients/platformProxy'
))

const { headers, body } = JSON.parse(process.env.BENCH_ANSWER)
const bytes = Buffer.from(body)
const step = process.env.BENCH_STEP
const app = process.env.BENCH_VBASE_APP
const agent = new http.Agent({ keepAlive: true })
const proxy = new URL(process.env.VTEX_PLATFORM_PROXY)

function rawRead(ctx, file) {
  const { account, workspace, authToken } = ctx.vtex
  const url = `https://infra.io.vtex.com/vbase/v2/${account}/${workspace}/buckets/${app}/${file}`

  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: Number(proxy.port),
      path: url,
      headers: { authorization: `bearer ${authToken}` },
      agent,
    })

    request.on('error', reject)
    request.on('response', (response) => {
      const chunks = []

      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks))))
    })
    request.end()
  })
}

const steps = {
  body: async () => undefined,
  client: async (ctx) => void ctx.clients.vbase,
  read: (ctx, id) => ctx.clients.vbase.getJSON('lookups', id, true),
  readTwo: (ctx, id) =>
    Promise.all([
      ctx.clients.vbase.getJSON('lookups', id, true),
      ctx.clients.vbase.getJSON('lookups-copy', id, true),
    ]),
  raw: (ctx, id) => rawRead(ctx, `lookups/files/${id}`),
}

exports.default = new Service({
  clients: {
    options: {
      vbase: { retries: 0, timeout: 250, middlewares: [platformProxy] },
    },
  },
  routes: {
    transform: async (ctx) => {
      const input = await json(ctx.req, { limit: '16kb' })
      const { costcenter, organization } = input['storefront-permissions']

      await steps[step](ctx, `${organization.value}/${costcenter.value}`)
      ctx.status = 200
      ctx.set(headers)
      ctx.set('Content-Type', 'application/json; charset=utf-8')
      ctx.body = bytes
    },
  },
})
