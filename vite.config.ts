/**
 * One config for the browser build (the playground and the browser entry of the library) and for Vitest.
 * The browser build must never pull in a Node built-in: the resolver below turns any `node:*` or bare
 * built-in import into a build error instead of an empty shim.
 */
import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function forbidNodeBuiltins(): Plugin {
  return {
    name: 'isoaws:forbid-node-builtins',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      if (builtins.has(source)) {
        this.error(
          `Node built-in "${source}" imported by ${importer ?? 'an entry'}: the browser build must not use Node modules`,
        );
      }
      return null;
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [forbidNodeBuiltins()],
  build: {
    manifest: true,
    outDir: '../web-dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    root: '.',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/build-cli.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
