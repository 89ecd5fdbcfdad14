// The browser entry as one self-contained ES module graph: dist/adapters/web/bundle.js, with every
// dependency inlined and the lazy parts as chunks beside it. It is what the package's `browser` export
// names, for bundlers, and what pages without a bundler (a `<script type="module">` from a static
// server) and Workers import. It is written into the directory of the web model source it bundles, so
// the models' relative URL (`../../../models/…`) still reaches the package's models/. Run by the build,
// after tsc.
//
// What a call loads is grouped by hand (scripts/static-closures.js): everything the entry imports
// statically in one chunk, the protocols in another, paging and waiting in a third. Left to itself the
// bundler cut a page's first calls into 41 files, fetched in a waterfall as each one's imports were read;
// a bundler given those files kept most of the cuts (a Vite page that lists S3 buckets and DynamoDB
// tables made 45 requests).
import { readdirSync, rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { fileURLToPath } from 'node:url';
import { followingModules, onGroupedLog, protocolModules, staticClosures } from './static-closures.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = `${root}dist/adapters/web`;
// The previous build's chunks go first: their names carry hashes, so they would pile up and be published.
for (const file of readdirSync(out)) if (file === 'bundle.js' || /^bundle-.*\.js$/.test(file)) rmSync(`${out}/${file}`);
const chunks = staticClosures({ protocols: protocolModules('dist'), following: followingModules('dist') });
const bundle = await rolldown({
  input: { bundle: `${root}dist/index.web.js` },
  platform: 'browser',
  preserveEntrySignatures: 'allow-extension',
  logLevel: 'warn',
  plugins: [chunks.plugin],
  onLog: onGroupedLog,
});
await bundle.write({
  dir: out,
  format: 'es',
  entryFileNames: 'bundle.js',
  chunkFileNames: 'bundle-[name]-[hash].js',
  minify: true,
  codeSplitting: {
    groups: [{ name: 'start', tags: ['$initial'] }, chunks.group('protocols'), chunks.group('following')],
  },
});
await bundle.close();
