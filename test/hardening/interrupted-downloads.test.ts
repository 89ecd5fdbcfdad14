/**
 * Downloads whose connection breaks part-way, and servers that answer another range than the one asked
 * for, against a stand-in S3 on a real socket. A cut body is read on from the first byte not received
 * (`Range`, `If-Match` the ETag) up to 5 reads in all, for `s3 cp` to a file (whole and in parts), to
 * stdout, and `s3api get-object`; an object that changed meanwhile, a server that ignores `Range` and
 * five cuts in a row each fail with a message, leaving no file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';

const MiB = 1024 * 1024;
const data = Buffer.alloc(12 * MiB);
for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(i, i);
const etag = `"${createHash('md5').update(data).digest('hex')}"`;

/** How the next GETs are answered: `cut` sends that many bytes of the answer then drops the connection. */
type Plan = { cut?: number; ignoreRange?: boolean; changed?: boolean };
let plans: Plan[] = [];
const gets: Array<{ range?: string; ifMatch?: string }> = [];

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const headers = { etag, 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT', 'accept-ranges': 'bytes' };
  if (req.method === 'HEAD') {
    res.writeHead(200, { ...headers, 'content-length': String(data.length) });
    return res.end();
  }
  gets.push({ range: req.headers.range, ifMatch: req.headers['if-match'] });
  const plan = plans.shift() ?? {};
  if (plan.changed) {
    res.writeHead(412, { 'content-type': 'application/xml' });
    return res.end(
      '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
    );
  }
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = range && !plan.ignoreRange ? Number(range[1]) : 0;
  const end = range && !plan.ignoreRange ? (range[2] ? Number(range[2]) + 1 : data.length) : data.length;
  const body = data.subarray(start, end);
  res.writeHead(range && !plan.ignoreRange ? 206 : 200, {
    ...headers,
    'content-length': String(body.length),
    ...(range && !plan.ignoreRange ? { 'content-range': `bytes ${start}-${end - 1}/${data.length}` } : {}),
  });
  if (plan.cut === undefined) return res.end(body);
  res.write(body.subarray(0, plan.cut), () => res.socket?.destroy());
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
afterAll(() => new Promise((r) => server.close(r)));

const home = mkdtempSync(join(tmpdir(), 'isoaws-cut-home-'));
const work = mkdtempSync(join(tmpdir(), 'isoaws-cut-'));
const aws = cliRunner({
  home,
  work,
  endpoint: () => `http://127.0.0.1:${(server.address() as { port: number }).port}`,
});
/** Parts of 5 MiB from 8 MiB on: the 12 MiB object comes in three ranged parts, one at a time. */
const PARTS =
  '[default]\ns3 =\n  multipart_threshold = 8MB\n  multipart_chunksize = 5MB\n  max_concurrent_requests = 1\n';
/** Whole: the threshold above the object's size. */
const WHOLE = '[default]\ns3 =\n  multipart_threshold = 64MB\n';

beforeEach(() => {
  plans = [];
  gets.length = 0;
});

describe('a download whose connection breaks part-way', () => {
  it('reads on from the first byte not received, asking for the same version (one GET)', async () => {
    plans = [{ cut: 3 * MiB }];
    expect(await aws(['s3', 'cp', 's3://b/obj.bin', 'whole.bin'], { config: WHOLE })).toMatchObject({
      code: 0,
      err: '',
    });
    expect(readFileSync(join(work, 'whole.bin')).equals(data)).toBe(true);
    expect(gets).toEqual([{}, { range: `bytes=${3 * MiB}-${data.length - 1}`, ifMatch: etag }]);
  });

  it('reads on within a part of a ranged download', async () => {
    plans = [{}, { cut: MiB }];
    expect(await aws(['s3', 'cp', 's3://b/obj.bin', 'parts.bin'], { config: PARTS })).toMatchObject({
      code: 0,
      err: '',
    });
    expect(readFileSync(join(work, 'parts.bin')).equals(data)).toBe(true);
    expect(gets.map((g) => g.range)).toEqual([
      `bytes=0-${5 * MiB - 1}`,
      `bytes=${5 * MiB}-${10 * MiB - 1}`,
      `bytes=${6 * MiB}-${10 * MiB - 1}`,
      `bytes=${10 * MiB}-${data.length - 1}`,
    ]);
    expect(gets.every((g) => g.ifMatch === etag)).toBe(true);
  });

  it('reads on for a download to stdout and for s3api get-object', async () => {
    plans = [{ cut: 2 * MiB }];
    const piped = await aws(['s3', 'cp', 's3://b/obj.bin', '-'], { config: WHOLE });
    expect(piped.code).toBe(0);
    expect(Buffer.from(piped.bytes).equals(data)).toBe(true);
    plans = [{ cut: 7 * MiB }, { cut: MiB }];
    const r = await aws(['s3api', 'get-object', '--bucket', 'b', '--key', 'obj.bin', 'got.bin']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).ETag).toBe(etag);
    expect(readFileSync(join(work, 'got.bin')).equals(data)).toBe(true);
    expect(gets.slice(-3).map((g) => g.range)).toEqual([
      undefined,
      `bytes=${7 * MiB}-${data.length - 1}`,
      `bytes=${8 * MiB}-${data.length - 1}`,
    ]);
  });

  it('fails, leaving no file, when the object changed meanwhile (412 to If-Match)', async () => {
    plans = [{ cut: MiB }, { changed: true }];
    const r = await aws(['s3', 'cp', 's3://b/obj.bin', 'changed.bin'], { config: WHOLE });
    expect(r.code).toBe(1);
    expect(r.err).toContain('An error occurred (PreconditionFailed) when calling the GetObject operation');
    expect(existsSync(join(work, 'changed.bin'))).toBe(false);
  });

  it('gives up after five reads, leaving no file (exit 1)', async () => {
    plans = Array.from({ length: 5 }, () => ({ cut: 100 }));
    const r = await aws(['s3', 'cp', 's3://b/obj.bin', 'gone.bin'], { config: WHOLE });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^download failed: s3:\/\/b\/obj\.bin to \.\/gone\.bin An error occurred while reading from response stream/,
    );
    expect(gets).toHaveLength(5);
    expect(existsSync(join(work, 'gone.bin'))).toBe(false);
  });
});

describe('a server that answers another range than the one asked for', () => {
  it("fails the download with a message instead of writing the wrong bytes at the part's place", async () => {
    writeFileSync(join(work, 'kept.bin'), 'earlier');
    plans = [{}, { ignoreRange: true }];
    const r = await aws(['s3', 'cp', 's3://b/obj.bin', 'kept.bin'], { config: PARTS });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `download failed: s3://b/obj.bin to ./kept.bin Asked for bytes ${5 * MiB}-${10 * MiB - 1} of s3://b/obj.bin, the server answered with the whole object: the file would not hold the object's bytes.\n`,
    );
    expect(readFileSync(join(work, 'kept.bin'), 'utf8')).toBe('earlier');
  });
});
