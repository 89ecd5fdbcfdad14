/**
 * Service models in the browser, fetched when first used: a call downloads, by HTTP Range, the pack
 * directory of its service's file, the service's header and its operation's groups (core/model/pack.ts),
 * a dozen kilobytes where a whole model is tens or hundreds. A server that ignores Range sends the whole
 * file, which is then kept and read from. What was read serves every client and source of the page.
 *
 * Each file is named by `new URL(…, import.meta.url)` relative to this module, the form every bundler and
 * every browser knows: Vite finds the files through the template and emits them as assets (sixteen packs,
 * so the page carries a table of sixteen URLs, not one per service); unbundled (a `<script type="module">`
 * from a static server, a Worker) or through a bundler that leaves such URLs alone (esbuild), the URL
 * points at the package's own `models/` directory. The relative path holds in `src/` and in the published
 * `dist/`, whose layout is `src/`'s (rootDir `src`), and for the prebundled browser file, which is built
 * into this same directory.
 */
import { UnknownNameError } from '../../core/errors.js';
import type { CommandExamples, ModelSource, ServiceDocs } from '../../core/host.js';
import { packedModels, type ByteRange } from '../../core/model/pack.js';
import type { ServiceIndexEntry } from '../../core/model/types.js';

/** Byte ranges of a file; a server that ignores Range answers with all of it, kept for later reads. */
function rangeReader(url: (bucket: string) => URL) {
  const whole = new Map<string, Uint8Array>();
  const readOne = async (bucket: string, { start, end }: ByteRange) => {
    const kept = whole.get(bucket);
    if (kept) return kept.subarray(start, end);
    const file = url(bucket);
    const response = await fetch(file, { headers: { range: `bytes=${start}-${end - 1}` } });
    if (!response.ok) throw new Error(`Could not load the models from ${file.href}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status === 206) return bytes;
    whole.set(bucket, bytes);
    return bytes.subarray(start, end);
  };
  return (bucket: string, ranges: readonly ByteRange[]) => Promise.all(ranges.map((range) => readOne(bucket, range)));
}

async function inflate(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

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
/** The packs as read so far, likewise shared by every source of the page: made with the first of them. */
let packs: ModelSource['load'] | undefined;
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
  const pack = (bucket: string) => new URL(`../../../models/pack-${bucket}.bin?no-inline`, import.meta.url);
  // Ranges a few hundred bytes apart cost less read as one than as a request each.
  packs ??= packedModels({ read: rangeReader(pack), inflate, gap: 512 });
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
    load: packs,
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
