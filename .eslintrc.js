module.exports = {
  root: true,
  extends: ['vtex'],
  parserOptions: {
    // The browser tests have their own project (DOM types for page callbacks).
    project: ['./tsconfig.json', './local/__tests__/tsconfig.browser.json'],
    tsconfigRootDir: __dirname,
  },
  env: { node: true, jest: true },
  ignorePatterns: [
    'node_modules/',
    'node/.build/',
    '.local-data/',
    '*.js',
    '!local/playground/*.js',
  ],
  overrides: [
    {
      // The playground: plain browser modules, typed with JSDoc.
      files: ['local/playground/*.js'],
      env: { browser: true, node: false, jest: false },
      parser: '@typescript-eslint/parser',
      parserOptions: {
        project: './local/playground/tsconfig.json',
        tsconfigRootDir: __dirname,
        sourceType: 'module',
      },
    },
  ],
}
