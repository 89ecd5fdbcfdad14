// Lint for everything npm test typechecks: the engine, the front ends, tests, scripts. The recommended
// rules of ESLint and typescript-eslint (syntax-aware, not type-aware: tsc already checks types, and
// type-aware linting would double the time of `npm test`'s first step).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-node/',
      'web-dist/',
      'docs/api/',
      'types/services/',
      'models/',
      'src/cli/output/east-asian-width.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks what a destructuring leaves out ({ $metadata: _meta, ...output }).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A variable closures read before its one assignment (the shell's REPL server) must stay `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An async generator that throws on its first read is how a refused stream is written.
      'require-yield': 'off',
    },
  },
  {
    // The conformance suites read upstream fixtures of every shape; the sandbox's CLI tests, printed JSON.
    files: ['test/conformance/**', 'test/sandbox/cli-support.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The plain JavaScript of the launchers and the maintainer scripts runs in Node.
    files: ['**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
);
