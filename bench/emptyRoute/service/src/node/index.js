'use strict'
// The platform floor: the app's route in the same `@vtex/api` worker, doing
// nothing but answering the transform's headers and body (BENCH_ANSWER, see
// bench/floorServer.js). service.json is copied from node/ by the benchmark.
const { Service } = require('@vtex/api')

const { headers, body } = JSON.parse(process.env.BENCH_ANSWER)
const answer = JSON.parse(body)

exports.default = new Service({
  routes: {
    transform: (ctx) => {
      ctx.status = 200
      ctx.set(headers)
      ctx.body = answer
    },
  },
})
