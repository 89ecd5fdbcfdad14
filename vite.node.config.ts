/**
 * The Node CLI bundle: one ESM file (plus lazy chunks) with every dependency inlined, because start-up
 * is dominated by resolving and evaluating many small modules (each npm dependency of the signer and
 * the endpoint evaluator costs 20–40 ms as separate files). `bin/isoaws.js` loads this build.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'src/cli-node.ts',
    outDir: 'dist-node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'cli.js' } },
  },
  ssr: { noExternal: true, target: 'node' },
});
