'use strict'
// The platform floor: the app's route in the same `@vtex/api` worker, doing
// nothing but answering the transform's headers and exact bytes
// (BENCH_ANSWER, the app's LRU-hit answer); the request body is not read.
// service.json is copied from node/ by the benchmark.
const { Service } = require('@vtex/api')

const { headers, body } = JSON.parse(process.env.BENCH_ANSWER)
const bytes = Buffer.from(body)

exports.default = new Service({
  routes: {
    transform: (ctx) => {
      ctx.status = 200
      ctx.set(headers)
      ctx.set('Content-Type', 'application/json; charset=utf-8')
      ctx.body = bytes
    },
  },
})
