'use strict'
// The app's own service (BENCH_APP_BUILD, its compiled `service/`) with one
// more public route, `ceiling`: what any transform must at least do in this
// worker — read the body with co-body (16 kB limit) — then answer the app's
// LRU-hit headers and bytes (BENCH_ANSWER, checked against the app's own
// answer by the benchmark). In the app's process, so that LRU hit ÷ ceiling
// compares two routes of one worker: two processes of the same code differ
// by up to ±10 % for their lifetime here (bench/HISTORY.md). service.json is
// written by the benchmark: the app's, plus this route.
const { join } = require('path')

const { Service } = require('@vtex/api')
const { json } = require('co-body')

const app = require(join(
  process.env.BENCH_APP_BUILD,
  'service',
  'src',
  'node',
  'index.js'
)).default

const { headers, body } = JSON.parse(process.env.BENCH_ANSWER)
const bytes = Buffer.from(body)

async function ceiling(ctx) {
  await json(ctx.req, { limit: '16kb' })
  ctx.status = 200
  ctx.set(headers)
  ctx.set('Content-Type', 'application/json; charset=utf-8')
  ctx.body = bytes
}

exports.default = new Service({
  clients: app.config.clients,
  routes: { ...app.config.routes, ceiling },
})
