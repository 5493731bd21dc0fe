'use strict'
// The bare floor: node:http answering the transform's headers and body, in a
// child process like the app worker, so both are measured the same way.
// Plain JavaScript on purpose (no transpiler in the measured process).
// argv: port; env BENCH_ANSWER = {"headers": {...}, "body": "<json text>"}.
const { createServer } = require('http')

const { headers, body } = JSON.parse(process.env.BENCH_ANSWER)
const bytes = Buffer.from(body)
const answerHeaders = {
  ...headers,
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(bytes.length),
}

const server = createServer((req, res) => {
  // Like Koa, the request body is not read: node drains it after the answer.
  res.writeHead(200, answerHeaders)
  res.end(bytes)
})

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  if (process.send) process.send({ listening: server.address().port })
})

process.on('SIGTERM', () => {
  // Idle keep-alive sockets of the load generator would hold close() 5 s.
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
process.on('disconnect', () => process.exit(0))
