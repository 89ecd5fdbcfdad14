/**
 * Service models in the browser: each `models/<name>.json` is its own lazily loaded Vite chunk, so a
 * page that calls S3 downloads the s3 model and nothing else. The paths are relative to this file, and
 * stay right in the published package: the build keeps `src/`'s layout in `dist/` (rootDir `src`), so
 * `dist/adapters/web/` is as far from the package's `models/` as `src/adapters/web/` is.
 */
import { UnknownNameError } from '../../core/errors.js';
import type { ModelSource, ServiceDocs } from '../../core/host.js';
import type { ServiceBundle, ServiceIndexEntry } from '../../core/model/types.js';

const bundles = import.meta.glob<ServiceBundle>(
  ['../../../models/*.json', '!../../../models/index.json', '!../../../models/partitions.json'],
  { import: 'default' },
);
// Through globs too, not `import('…json')`: tsc would copy a JSON file it sees imported into dist.
const shared = import.meta.glob(['../../../models/index.json', '../../../models/partitions.json'], {
  import: 'default',
});

// Documentation (help pages, completion's one-line descriptions) ships gzipped as static assets: fetched
// and unpacked with the browser's DecompressionStream only when a page asks for help.
const docUrls = import.meta.glob<string>('../../../models/docs/*.json.gz', { query: '?url', import: 'default' });

export function createWebModelSource(): ModelSource {
  return {
    index: async () => (await shared['../../../models/index.json']!()) as ServiceIndexEntry[],
    async load(service) {
      const loader = bundles[`../../../models/${service}.json`];
      if (!loader) throw new UnknownNameError(`Unknown service: ${service}`);
      return loader();
    },
    partitions: () => shared['../../../models/partitions.json']!(),
    async docs(service) {
      const url = docUrls[`../../../models/docs/${service}.json.gz`];
      if (!url) throw new UnknownNameError(`No documentation for service: ${service}`);
      const response = await fetch(new URL(await url(), import.meta.url));
      if (!response.ok || !response.body) throw new Error(`Could not load the documentation of ${service}`);
      return (await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).json()) as ServiceDocs;
    },
  };
}
