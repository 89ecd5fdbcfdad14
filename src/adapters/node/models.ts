/**
 * Service models from the package's `models/` directory. Using a service reads exactly one file
 * (`models/<name>.json.gz`); parsed bundles are cached for the life of the source. The models ship
 * gzipped (13 MB instead of 39 MB installed); unpacking costs a few milliseconds for EC2, the largest,
 * against some twenty for parsing it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Zlib from 'node:zlib';
import { UnknownNameError } from '../../core/errors.js';
import type { CommandExamples, ModelSource, ServiceDocs } from '../../core/host.js';
import type { ServiceBundle, ServiceIndexEntry } from '../../core/model/types.js';

export function createNodeModelSource(dir: string = findModelsDir()): ModelSource {
  const bundles = new Map<string, ServiceBundle>();
  let index: ServiceIndexEntry[] | undefined;
  let partitions: unknown;
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  // zlib is fetched with the first model, so `--version` and the like never load it.
  const readGzipped = (...path: string[]) => {
    const zlib = process.getBuiltinModule('node:zlib') as typeof Zlib;
    return JSON.parse(zlib.gunzipSync(readFileSync(join(dir, ...path))).toString('utf8'));
  };
  return {
    async index() {
      return (index ??= read('index.json') as ServiceIndexEntry[]);
    },
    async load(service) {
      let bundle = bundles.get(service);
      if (!bundle) {
        if (!/^[a-z0-9-]+$/.test(service) || !existsSync(join(dir, `${service}.json.gz`)))
          throw new UnknownNameError(`Unknown service: ${service}`);
        bundle = readGzipped(`${service}.json.gz`) as ServiceBundle;
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
      return readGzipped('docs', `${service}.json.gz`) as ServiceDocs;
    },
    async examples(cliService) {
      if (!/^[a-z0-9-]+$/.test(cliService) || !existsSync(join(dir, 'examples', `${cliService}.json.gz`))) return {};
      return readGzipped('examples', `${cliService}.json.gz`) as CommandExamples;
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
