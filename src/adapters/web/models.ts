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

async function fetchModel(url: URL, what: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok || !response.body)
    throw new Error(`Could not load ${what} from ${url.href}: HTTP ${response.status}`);
  return response;
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
  const json = <T>(name: string, what: string) =>
    once(name, async () => (await fetchModel(file(name), what)).json() as Promise<T>);
  const loadIndex = () => json<ServiceIndexEntry[]>('index.json', 'the service index');
  return {
    index: loadIndex,
    async load(service) {
      if (!(await loadIndex()).some((e) => e.name === service))
        throw new UnknownNameError(`Unknown service: ${service}`);
      return json<ServiceBundle>(`${service}.json`, `the ${service} model`);
    },
    partitions: () => json<unknown>('partitions.json', 'the partitions'),
    // Documentation (help pages, completion's one-line descriptions) ships gzipped, unpacked by the browser.
    async docs(service) {
      if (!(await loadIndex()).some((e) => e.name === service))
        throw new UnknownNameError(`No documentation for service: ${service}`);
      return once(`docs/${service}`, async () => {
        const url = new URL(`../../../models/docs/${service}.json.gz?no-inline`, import.meta.url);
        const response = await fetchModel(url, `the documentation of ${service}`);
        return (await new Response(response.body!.pipeThrough(new DecompressionStream('gzip'))).json()) as ServiceDocs;
      });
    },
  };
}
