module.exports = {
  root: true,
  extends: ['vtex'],
  parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname },
  env: { node: true, jest: true },
  ignorePatterns: ['node_modules/', 'node/.build/', '.local-data/', '*.js'],
}
