/**
 * Service models from the package's `models/` directory. Using a service reads exactly one file
 * (`models/<name>.json`); parsed bundles are cached for the life of the source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnknownNameError } from '../../core/errors.js';
import type { ModelSource, ServiceDocs } from '../../core/host.js';
import type { ServiceBundle, ServiceIndexEntry } from '../../core/model/types.js';

export function createNodeModelSource(dir: string = findModelsDir()): ModelSource {
  const bundles = new Map<string, ServiceBundle>();
  let index: ServiceIndexEntry[] | undefined;
  let partitions: unknown;
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  return {
    async index() {
      return (index ??= read('index.json') as ServiceIndexEntry[]);
    },
    async load(service) {
      let bundle = bundles.get(service);
      if (!bundle) {
        if (!/^[a-z0-9-]+$/.test(service) || !existsSync(join(dir, `${service}.json`)))
          throw new UnknownNameError(`Unknown service: ${service}`);
        bundle = read(`${service}.json`) as ServiceBundle;
        bundles.set(service, bundle);
      }
      return bundle;
    },
    async partitions() {
      return (partitions ??= read('partitions.json'));
    },
    async docs(service) {
      if (!/^[a-z0-9-]+$/.test(service) || !existsSync(join(dir, 'docs', `${service}.json.gz`)))
        throw new UnknownNameError(`Unknown service: ${service}`);
      const { gunzipSync } = await import('node:zlib');
      return JSON.parse(
        gunzipSync(readFileSync(join(dir, 'docs', `${service}.json.gz`))).toString('utf8'),
      ) as ServiceDocs;
    },
  };
}

/** The models directory sits at the package root, above `src/` (tests) or `dist/` (built). */
function findModelsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'models', 'index.json')) && existsSync(join(dir, 'models', 'NOTICE')))
      return join(dir, 'models');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('isoaws: the models/ directory was not found next to the package');
    dir = parent;
  }
}
