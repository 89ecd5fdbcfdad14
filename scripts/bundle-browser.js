// The browser entry as one self-contained ES module graph, for pages without a bundler (a
// `<script type="module">` from a static server) and Workers: dist/adapters/web/bundle.js, with every
// dependency inlined and the lazy parts as chunks beside it. It is written into the directory of the
// web model source it bundles, so the models' relative URL (`../../../models/…`) still reaches the
// package's models/. Run by the build, after tsc.
import { readdirSync, rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = `${root}dist/adapters/web`;
// The previous build's chunks go first: their names carry hashes, so they would pile up and be published.
for (const file of readdirSync(out)) if (file === 'bundle.js' || /^bundle-.*\.js$/.test(file)) rmSync(`${out}/${file}`);
const bundle = await rolldown({ input: `${root}dist/index.web.js`, platform: 'browser', logLevel: 'warn' });
await bundle.write({
  dir: out,
  format: 'es',
  entryFileNames: 'bundle.js',
  chunkFileNames: 'bundle-[name]-[hash].js',
  minify: true,
});
await bundle.close();
