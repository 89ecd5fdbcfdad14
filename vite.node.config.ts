/**
 * The Node CLI bundle: one ESM file (plus lazy chunks) with every dependency inlined, because start-up
 * is dominated by resolving and evaluating many small modules (each npm dependency of the signer and
 * the endpoint evaluator costs 20–40 ms as separate files). `bin/isoaws.js` loads this build: `cli.js`
 * for a command, `repl.js` for the shell (a front end of its own: nothing under src/ imports repl/).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist-node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: { cli: 'src/cli-node.ts', repl: 'repl/main.ts' },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
