/**
 * Service models from the package's `models/` directory: the packs (core/model/pack.ts) read by offset,
 * so a call reads and parses its operation's part of a model, and the whole model only when asked for
 * (help, completion); what was read is kept for the life of the process.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Zlib from 'node:zlib';
import { UnknownNameError } from '../../core/errors.js';
import type { CommandExamples, ModelSource, ServiceDocs } from '../../core/host.js';
import { packedModels } from '../../core/model/pack.js';
import type { ServiceIndexEntry } from '../../core/model/types.js';

/**
 * The source of each models directory, one for the process: every host, and so every client and command,
 * shares what was read (a program that makes a client per request reads a service's parts once).
 */
const sources = new Map<string, ModelSource>();
let packageModels: string | undefined;

export function createNodeModelSource(dir: string = (packageModels ??= findModelsDir())): ModelSource {
  let source = sources.get(dir);
  if (!source) sources.set(dir, (source = readModels(dir)));
  return source;
}

function readModels(dir: string): ModelSource {
  let index: ServiceIndexEntry[] | undefined;
  let partitions: unknown;
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  // zlib is fetched with the first model, so `--version` and the like never load it.
  const zlib = () => process.getBuiltinModule('node:zlib') as typeof Zlib;
  const readGzipped = (...path: string[]) => {
    const text = zlib()
      .gunzipSync(readFileSync(join(dir, ...path)))
      .toString('utf8');
    return JSON.parse(text);
  };
  const packs = packedModels({
    async read(bucket, ranges) {
      const fd = openSync(join(dir, `pack-${bucket}.bin`), 'r');
      try {
        return ranges.map(({ start, end }) => {
          const bytes = Buffer.allocUnsafe(end - start);
          return bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, start));
        });
      } finally {
        closeSync(fd);
      }
    },
    inflate: (bytes) => zlib().inflateRawSync(bytes).toString('utf8'),
    gap: 16_384,
  });
  return {
    async index() {
      return (index ??= read('index.json') as ServiceIndexEntry[]);
    },
    load: packs,
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
