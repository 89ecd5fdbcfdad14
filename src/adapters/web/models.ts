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
import type { CommandExamples, ModelSource, ServiceDocs } from '../../core/host.js';
import type { ServiceBundle, ServiceIndexEntry } from '../../core/model/types.js';

/**
 * A gzipped JSON file as its value. A server that labels `.gz` files `Content-Encoding: gzip` has the
 * browser unpack them already, so the gzip magic number decides whether there is anything left to undo.
 */
async function fetchGzippedJson(url: URL, what: string, missing: () => Error): Promise<unknown> {
  const response = await fetch(url);
  if (response.status === 404) throw missing();
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
  // The models' template (documentation's is model-docs.ts): Vite maps every file such a template can name.
  const file = (service: string) => new URL(`../../../models/${service}.json.gz?no-inline`, import.meta.url);
  const json = <T>(url: URL, what: string) => once(url.href, () => fetchJson(url, what) as Promise<T>);
  // A service's files are fetched without the index (a page that only calls needs none): a name that is
  // no file's is unknown.
  const serviceFile = <T>(service: string, url: (service: string) => URL, what: string, unknown: string) => {
    const missing = () => new UnknownNameError(unknown);
    if (!/^[a-z0-9-]+$/.test(service)) return Promise.reject(missing());
    // Kept by what it is, not by URL: unknown names may all share one URL where a bundler maps none.
    return once(what, () => fetchGzippedJson(url(service), what, missing) as Promise<T>);
  };
  return {
    index: () =>
      json<ServiceIndexEntry[]>(new URL('../../../models/index.json?no-inline', import.meta.url), 'the service index'),
    load: (service) => serviceFile<ServiceBundle>(service, file, `the ${service} model`, `Unknown service: ${service}`),
    partitions: () =>
      json<unknown>(new URL('../../../models/partitions.json?no-inline', import.meta.url), 'the partitions'),
    // Documentation (help pages, completion's one-line descriptions) is loaded only when asked for.
    docs: async (service) =>
      serviceFile<ServiceDocs>(
        service,
        (await import('./model-docs.js')).docsFile,
        `the documentation of ${service}`,
        `No documentation for service: ${service}`,
      ),
    // A service without examples has no file: none to show.
    examples: async (cliService) =>
      serviceFile<CommandExamples>(
        cliService,
        (await import('./model-examples.js')).examplesFile,
        `the examples of ${cliService}`,
        `No examples for service: ${cliService}`,
      ).catch((error: unknown) => {
        if (error instanceof UnknownNameError) return {};
        throw error;
      }),
  };
}
