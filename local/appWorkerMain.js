'use strict'
// Child-process entry that serves the compiled app exactly as VTEX IO does:
// `@vtex/api`'s own loaders read service/service.json and
// service/src/node/index.js from the working directory, and `startWorker`
// builds the real Koa app with the platform's middlewares. Plain JavaScript on
// purpose: no transpiler hooks in the measured process.
const [appDir, port] = process.argv.slice(2)

process.chdir(appDir)

// Loaders resolve paths from process.cwd() at require time: chdir first.
const { getServiceJSON } = require('@vtex/api/lib/service/loaders')
const { startWorker } = require('@vtex/api/lib/service/worker')

const server = startWorker(getServiceJSON()).listen(
  Number(port),
  '127.0.0.1',
  () => {
    if (process.send) process.send({ listening: server.address().port })
  }
)

process.on('SIGTERM', () => server.close(() => process.exit(0)))
process.on('disconnect', () => process.exit(0))
