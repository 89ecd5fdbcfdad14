/**
 * One config for the browser build (the playground and the browser entry of the library) and for Vitest.
 * The browser build must never pull in a Node built-in: the resolver below turns any `node:*` or bare
 * built-in import into a build error instead of an empty shim.
 */
import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { followingModules, onGroupedLog, protocolModules, staticClosures } from './scripts/static-closures.js';

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

// The playground's code grouped as the package's bundles are (scripts/static-closures.js): left to itself
// Vite cut what the page loads before its first command into 55 files.
const chunks = staticClosures({
  protocols: protocolModules('src'),
  following: followingModules('src'),
  shell: /\/src\/(shell\/shell|cli-app)\.ts$/,
});

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [forbidNodeBuiltins(), { ...chunks.plugin, apply: 'build' }],
  build: {
    manifest: true,
    outDir: '../web-dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      onLog: onGroupedLog,
      output: {
        codeSplitting: {
          groups: [
            { name: 'start', tags: ['$initial'] },
            chunks.group('protocols'),
            chunks.group('following'),
            chunks.group('shell'),
          ],
        },
      },
    },
  },
  test: {
    root: '.',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/build-cli.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
