/**
 * The jest run Stryker uses. Mutants are switched on inside the jest process,
 * so only tests that import node/ sources in process can kill them: the
 * real-worker, reliability and end-to-end suites run the compiled
 * node/.build in a child process, which never sees a mutant, and are left
 * out here (they still run in `npm test`). No globalSetup: nothing here
 * needs the compiled app.
 */
const base = require('../jest.config')

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '..',
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  modulePathIgnorePatterns: base.modulePathIgnorePatterns,
  // A mutant that never settles fails its test in 5 s instead of waiting
  // for Stryker's timeout (and a runner restart).
  testTimeout: 5000,
  testMatch: [
    // The app's in-process tests: handlers, cache, clients, service wiring.
    '<rootDir>/node/__tests__/{cache,clients,handler}/*.test.ts',
    // The real CostCenterClient through the platform stand-ins, in process.
    '<rootDir>/local/__tests__/platform/platformRealClients.test.ts',
  ],
  // node/__tests__/worker/ and reliability/ drive the compiled worker: no
  // mutant there.
  testPathIgnorePatterns: ['/node_modules/'],
}
