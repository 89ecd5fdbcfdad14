/**
 * The Node bundles: one ESM file per entry (plus shared and lazy chunks) with every dependency inlined,
 * because start-up is dominated by resolving and evaluating many small modules (each npm dependency of
 * the signer and the endpoint evaluator costs 20–40 ms as separate files). `bin/isoaws.js` loads `cli.js`
 * for a command and `repl.js` for the shell (a front end of its own: nothing under src/ imports repl/);
 * `index.js` is the library's Node entry (package.json `exports`), its types from tsc's dist/.
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
      input: { cli: 'src/cli-node.ts', repl: 'repl/main.ts', index: 'src/index.ts' },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
