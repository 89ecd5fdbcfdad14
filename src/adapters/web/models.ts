/**
 * Service models in the browser: each `models/<name>.json` is its own lazily loaded Vite chunk, so a
 * page that calls S3 downloads the s3 model and nothing else.
 */
import { UnknownNameError } from '../../core/errors.js';
import type { ModelSource, ServiceDocs } from '../../core/host.js';
import type { ServiceBundle, ServiceIndexEntry } from '../../core/model/types.js';

const bundles = import.meta.glob<ServiceBundle>(
  ['../../../models/*.json', '!../../../models/index.json', '!../../../models/partitions.json'],
  { import: 'default' },
);

// Documentation (help pages, completion's one-line descriptions) ships gzipped as static assets: fetched
// and unpacked with the browser's DecompressionStream only when a page asks for help.
const docUrls = import.meta.glob<string>('../../../models/docs/*.json.gz', { query: '?url', import: 'default' });

export function createWebModelSource(): ModelSource {
  return {
    index: async () => (await import('../../../models/index.json')).default as ServiceIndexEntry[],
    async load(service) {
      const loader = bundles[`../../../models/${service}.json`];
      if (!loader) throw new UnknownNameError(`Unknown service: ${service}`);
      return loader();
    },
    partitions: async () => (await import('../../../models/partitions.json')).default,
    async docs(service) {
      const url = docUrls[`../../../models/docs/${service}.json.gz`];
      if (!url) throw new UnknownNameError(`No documentation for service: ${service}`);
      const response = await fetch(new URL(await url(), import.meta.url));
      if (!response.ok || !response.body) throw new Error(`Could not load the documentation of ${service}`);
      return (await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).json()) as ServiceDocs;
    },
  };
}
