/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/{node,local,bench,scripts,session-config}/**/__tests__/**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/node/.build', '<rootDir>/.local-data'],
  globalSetup: '<rootDir>/local/jestGlobalSetup.ts',
  globalTeardown: '<rootDir>/local/jestGlobalTeardown.ts',
  testTimeout: 30000,
}
