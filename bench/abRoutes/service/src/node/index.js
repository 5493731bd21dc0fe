'use strict'
// Two builds of the app in one `@vtex/api` worker, as two public routes:
// `transform` serves the build in BENCH_AB_FIRST (loaded first) and
// `transformSecond` the one in BENCH_AB_SECOND (compiled `service/`
// directories). One process for both sides: two worker processes of the same
// code differ by several percent for their lifetime, more than the change
// measured; the benchmark swaps the builds between workers, so route name and
// load order favour neither. Clients come from the first build (an LRU hit
// constructs none). service.json is written by the benchmark.
const { join } = require('path')

const { Service } = require('@vtex/api')

const app = (dir) => require(join(dir, 'service', 'src', 'node', 'index.js'))
const first = app(process.env.BENCH_AB_FIRST)
const second = app(process.env.BENCH_AB_SECOND)

exports.default = new Service({
  clients: first.default.config.clients,
  routes: {
    transform: first.default.config.routes.transform,
    transformSecond: second.default.config.routes.transform,
  },
})
