'use strict'
// Two builds of the app in one `@vtex/api` worker: the tree's `transform`
// route and, as `transformBefore`, the one of the build in BENCH_AB_BEFORE
// (a compiled `service/` directory). One process for both sides: two worker
// processes of the same code differ by several percent for their lifetime,
// more than the change measured. Clients come from the tree's build (an LRU
// hit constructs none). service.json is written by the benchmark.
const { join } = require('path')

const { Service } = require('@vtex/api')

const app = (dir) => require(join(dir, 'service', 'src', 'node', 'index.js'))
const after = app(process.env.BENCH_AB_AFTER)
const before = app(process.env.BENCH_AB_BEFORE)

exports.default = new Service({
  clients: after.default.config.clients,
  routes: {
    transform: after.default.config.routes.transform,
    transformBefore: before.default.config.routes.transform,
  },
})
