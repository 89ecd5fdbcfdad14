/**
 * Service models in the browser: each `models/<name>.json` is its own lazily loaded Vite chunk, so a
 * page that calls S3 downloads the s3 model and nothing else.
 */
import { UnknownNameError } from '../../core/errors.js';
import type { ModelSource } from '../../core/host.js';
import type { ServiceBundle, ServiceIndexEntry } from '../../core/model/types.js';

const bundles = import.meta.glob<ServiceBundle>(
  ['../../../models/*.json', '!../../../models/index.json', '!../../../models/partitions.json'],
  { import: 'default' },
);

export function createWebModelSource(): ModelSource {
  return {
    index: async () => (await import('../../../models/index.json')).default as ServiceIndexEntry[],
    async load(service) {
      const loader = bundles[`../../../models/${service}.json`];
      if (!loader) throw new UnknownNameError(`Unknown service: ${service}`);
      return loader();
    },
    partitions: async () => (await import('../../../models/partitions.json')).default,
  };
}
