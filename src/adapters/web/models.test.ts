/**
 * The browser's model source over the packs: a call fetches byte ranges of its service's pack, and a
 * server that ignores Range (it answers 200 with the whole file) costs one download per pack, after
 * which every read comes from it; what was read serves every source of the page.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A source from a fresh copy of the module: what a page has read is kept for its life, module-wide. */
async function freshSource() {
  vi.resetModules();
  return (await import('./models.js')).createWebModelSource();
}

interface Fetched {
  file: string;
  range: string | undefined;
}

/** A static server over the package's files, honouring single byte ranges or not. */
function serve(ranges: boolean): Fetched[] {
  const fetched: Fetched[] = [];
  vi.stubGlobal('fetch', async (url: URL, init?: RequestInit) => {
    const range = new Headers(init?.headers).get('range') ?? undefined;
    fetched.push({ file: url.pathname.replace(/.*\/models\//, ''), range });
    const bytes = readFileSync(fileURLToPath(new URL(url.pathname, url)));
    const m = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
    if (!ranges || !m) return new Response(bytes);
    const end = Math.min(+m[2]! + 1, bytes.length);
    return new Response(bytes.subarray(+m[1]!, end), {
      status: 206,
      headers: { 'content-range': `bytes ${m[1]}-${end - 1}/${bytes.length}` },
    });
  });
  return fetched;
}

describe('the browser model source', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads a call’s part of a model by range: the directory, the header, the groups', async () => {
    const fetched = serve(true);
    const models = await freshSource();
    const s3 = await models.load('s3', ['ListBuckets']);
    expect(s3.operations.ListBuckets?.name).toBe('ListBuckets');
    expect(s3.shapes.ListBucketsOutput?.type).toBe('structure');
    expect(s3.shapes.NoSuchKey?.exception).toBe(true);
    expect(s3.operations.PutObject).toBeUndefined();
    expect(fetched.length).toBeGreaterThanOrEqual(3);
    expect(fetched.every((f) => /^pack-\d\d\.bin$/.test(f.file) && f.range)).toBe(true);
    const bytes = fetched.reduce((n, f) => {
      const [, a, b] = /bytes=(\d+)-(\d+)/.exec(f.range!)!;
      return n + (+b! - +a! + 1);
    }, 0);
    expect(bytes).toBeLessThan(20_000);
    // Read once: the same operation again fetches nothing.
    const before = fetched.length;
    expect(await models.load('s3', ['ListBuckets'])).toBe(s3);
    expect(fetched.length).toBe(before);
  });

  it('keeps the whole file a server sends for a range, and reads every later part from it', async () => {
    const fetched = serve(false);
    const models = await freshSource();
    const s3 = await models.load('s3', ['ListBuckets']);
    expect(fetched).toHaveLength(1);
    await models.load('s3', ['PutObject']);
    const whole = await models.load('s3');
    expect(whole.operations.PutObject?.name).toBe('PutObject');
    expect(whole).toBe(s3);
    expect(fetched).toHaveLength(1);
  });

  it('reads a part once for the page, whichever of its sources asks again', async () => {
    const fetched = serve(true);
    const first = await freshSource();
    const s3 = await first.load('s3', ['ListBuckets']);
    const before = fetched.length;
    const { createWebModelSource } = await import('./models.js');
    expect(await createWebModelSource().load('s3', ['ListBuckets'])).toBe(s3);
    expect(fetched.length).toBe(before);
  });

  it('names a service no pack holds unknown', async () => {
    serve(true);
    const models = await freshSource();
    await expect(models.load('no-such-service', [])).rejects.toThrow('Unknown service: no-such-service');
    await expect(models.load('../index')).rejects.toThrow('Unknown service: ../index');
  });
});
