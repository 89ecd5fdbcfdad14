/**
 * Service models in the browser, fetched when first used: a page that calls S3 downloads the s3 model
 * and nothing else. Each file is named by `new URL(…, import.meta.url)` relative to this module, the
 * form every bundler and every browser knows: Vite finds the files through the template and emits them
 * as assets; unbundled (a `<script type="module">` from a static server, a Worker) or through a bundler
 * that leaves such URLs alone (esbuild), the URL points at the package's own `models/` directory. The
 * relative path holds in `src/` and in the published `dist/`, whose layout is `src/`'s (rootDir `src`),
 * and for the prebundled browser file, which is built into this same directory.
 */
import { UnknownNameError } from '../../core/errors.js';
import type { ModelSource, ServiceDocs } from '../../core/host.js';
import type { ServiceBundle, ServiceIndexEntry } from '../../core/model/types.js';

/**
 * A gzipped JSON file as its value. A server that labels `.gz` files `Content-Encoding: gzip` has the
 * browser unpack them already, so the gzip magic number decides whether there is anything left to undo.
 */
async function fetchGzippedJson(url: URL, what: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${what} from ${url.href}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const packed = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const body = packed ? new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')) : bytes;
  return new Response(body).json();
}

async function fetchJson(url: URL, what: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${what} from ${url.href}: HTTP ${response.status}`);
  return response.json();
}

/** One fetch per file for the page's life: every client, command and the sandbox share what was loaded. */
const loaded = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let found = loaded.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    // A failed fetch is not kept: the next call tries again.
    found.catch(() => loaded.delete(key));
    loaded.set(key, found);
  }
  return found;
}

export function createWebModelSource(): ModelSource {
  // `?no-inline`: Vite would otherwise put the small files in the page's JavaScript, as base64, loaded before
  // any call (Vite drops the query from the built URL; a static server ignores it).
  const file = (name: string) => new URL(`../../../models/${name}?no-inline`, import.meta.url);
  const json = <T>(name: string, what: string) => once(name, () => fetchJson(file(name), what) as Promise<T>);
  const gzipped = <T>(name: string, what: string) =>
    once(name, () => fetchGzippedJson(file(name), what) as Promise<T>);
  const loadIndex = () => json<ServiceIndexEntry[]>('index.json', 'the service index');
  const known = async (service: string) => (await loadIndex()).some((e) => e.name === service);
  return {
    index: loadIndex,
    async load(service) {
      if (!(await known(service))) throw new UnknownNameError(`Unknown service: ${service}`);
      return gzipped<ServiceBundle>(`${service}.json.gz`, `the ${service} model`);
    },
    partitions: () => json<unknown>('partitions.json', 'the partitions'),
    // Documentation (help pages, completion's one-line descriptions) is loaded only when asked for.
    async docs(service) {
      if (!(await known(service))) throw new UnknownNameError(`No documentation for service: ${service}`);
      return gzipped<ServiceDocs>(`docs/${service}.json.gz`, `the documentation of ${service}`);
    },
  };
}
