'use strict'
// The platform floor and the ceiling: the app's route in the same
// `@vtex/api` worker, doing nothing but answering the transform's headers
// and exact bytes (BENCH_ANSWER, see bench/floorServer.js). With
// BENCH_READ_BODY=1 it first reads the request body as the app does
// (co-body, 16 kB limit) and discards it: the ceiling, what any transform
// must at least do. service.json is copied from node/ by the benchmark.
const { Service } = require('@vtex/api')
const { json } = require('co-body')

const { headers, body } = JSON.parse(process.env.BENCH_ANSWER)
const bytes = Buffer.from(body)
const readBody = process.env.BENCH_READ_BODY === '1'

const respond = (ctx) => {
  ctx.status = 200
  ctx.set(headers)
  ctx.set('Content-Type', 'application/json; charset=utf-8')
  ctx.body = bytes
}

exports.default = new Service({
  routes: {
    transform: readBody
      ? async (ctx) => {
          await json(ctx.req, { limit: '16kb' })
          respond(ctx)
        }
      : respond,
  },
})
