/**
 * The high-level `s3` commands against moto_server over the real Node host, each result checked in the
 * bucket (bytes, content types, metadata, storage class, deleted keys) or on disk: mb/rb, cp and mv in
 * every direction, --recursive with filters, stdin and stdout, a 100 MiB multipart upload and download,
 * ls in its forms, rm, and sync with --delete. Also: mv down with filters, sync --delete beside --exclude,
 * --acl, --debug, and s3api list-objects paged over 3,500 keys.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/host.js';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

/**
 * The paging test's bucket of 3,500 keys, filled from the start on a moto of its own while the other tests
 * run (moto takes some 2.5 ms a PUT, whatever the concurrency). Plain unsigned PUTs: the filling is not under test.
 */
const PAGE_KEYS = Array.from({ length: 3500 }, (_, i) => `k${String(i).padStart(5, '0')}.txt`);
const pagingMoto: Promise<MotoServer | undefined> = moto ? startMoto() : Promise.resolve(undefined);
const pagesFilled = pagingMoto.then(async (server) => {
  if (!server) return;
  await (await fetch(`${server.endpoint}/pages`, { method: 'PUT' })).arrayBuffer();
  let next = 0;
  const worker = async () => {
    while (next < PAGE_KEYS.length) {
      const res = await fetch(`${server.endpoint}/pages/${PAGE_KEYS[next++]}`, { method: 'PUT', body: 'x' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`filling the paging bucket: HTTP ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
});
pagesFilled.catch(() => {
  /* reported by the test that awaits it */
});
afterAll(async () => (await pagingMoto)?.stop());

const home = mkdtempSync(join(tmpdir(), 'isoaws-s3-'));
const work = mkdtempSync(join(tmpdir(), 'isoaws-s3-work-'));

const aws = cliRunner({ home, work, endpoint: () => moto!.endpoint });

const s3api = async (...argv: string[]) => JSON.parse((await aws(['s3api', ...argv])).out || '{}');
const keys = async (bucket: string) =>
  ((await s3api('list-objects-v2', '--bucket', bucket)).Contents ?? []).map((c: { Key: string }) => c.Key).sort();
const file = (rel: string, data: string | Uint8Array) => {
  mkdirSync(join(work, rel, '..'), { recursive: true });
  writeFileSync(join(work, rel), data);
};
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe.skipIf(!moto)('s3 commands against moto_server', () => {
  it('mb, then ls lists the bucket; rb removes an empty one; errors go to stderr with exit 1', async () => {
    expect(await aws(['s3', 'mb', 's3://made'])).toMatchObject({ code: 0, out: 'make_bucket: made\n', err: '' });
    expect((await aws(['s3', 'ls'])).out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d made\n/m);
    expect(await aws(['s3', 'rb', 's3://made'])).toMatchObject({ code: 0, out: 'remove_bucket: made\n' });
    const again = await aws(['s3', 'rb', 's3://made']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /^remove_bucket failed: s3:\/\/made An error occurred \(NoSuchBucket\) when calling the DeleteBucket operation: /,
    );
    expect(await aws(['s3', 'mb', 'made'])).toMatchObject({
      code: 252,
      err: '\n<S3Uri>\nError: Invalid argument type\n',
    });
  });

  it('cp uploads with a guessed content type and the object options, downloads, and copies inside S3', async () => {
    await aws(['s3', 'mb', 's3://files']);
    file('notes.txt', 'hello from isoaws\n');
    expect(
      await aws([
        's3',
        'cp',
        'notes.txt',
        's3://files/docs/notes.txt',
        '--metadata',
        'team=data,owner=alice',
        '--storage-class',
        'STANDARD_IA',
        '--cache-control',
        'max-age=60',
      ]),
    ).toMatchObject({ code: 0, out: 'upload: ./notes.txt to s3://files/docs/notes.txt\n', err: '' });
    const head = await s3api('head-object', '--bucket', 'files', '--key', 'docs/notes.txt');
    expect(head).toMatchObject({
      ContentLength: 18,
      ContentType: 'text/plain',
      Metadata: { team: 'data', owner: 'alice' },
      StorageClass: 'STANDARD_IA',
      CacheControl: 'max-age=60',
    });
    expect(await aws(['s3', 'cp', 's3://files/docs/notes.txt', 'back.txt'])).toMatchObject({
      code: 0,
      out: 'download: s3://files/docs/notes.txt to ./back.txt\n',
    });
    expect(readFileSync(join(work, 'back.txt'), 'utf8')).toBe('hello from isoaws\n');
    expect(await aws(['s3', 'cp', 's3://files/docs/notes.txt', 's3://files/copy/'])).toMatchObject({
      code: 0,
      out: 'copy: s3://files/docs/notes.txt to s3://files/copy/notes.txt\n',
    });
    // --metadata-directive belongs to copies; an upload given it still works.
    expect((await aws(['s3', 'cp', 'notes.txt', 's3://files/again.txt', '--metadata-directive', 'REPLACE'])).code).toBe(
      0,
    );
    await s3api('delete-object', '--bucket', 'files', '--key', 'again.txt');
    expect(await keys('files')).toEqual(['copy/notes.txt', 'docs/notes.txt']);
    // As aws-cli 2.9 words it: the source is looked at first.
    expect(await aws(['s3', 'cp', 's3://files/nope.txt', 'nope.txt'])).toMatchObject({
      code: 1,
      out: '',
      err: 'fatal error: An error occurred (404) when calling the HeadObject operation: Key "nope.txt" does not exist\n',
    });
    expect(existsSync(join(work, 'nope.txt'))).toBe(false);
  });

  it('streams stdin up and an object down to stdout, with no result lines', async () => {
    await aws(['s3', 'mb', 's3://pipes']);
    expect(
      await aws(['s3', 'cp', '-', 's3://pipes/piped.txt'], { stdin: new TextEncoder().encode('line 1\nline 2\n') }),
    ).toMatchObject({ code: 0, out: '', err: '' });
    const down = await aws(['s3', 'cp', 's3://pipes/piped.txt', '-']);
    expect(down.code).toBe(0);
    expect(new TextDecoder().decode(down.bytes)).toBe('line 1\nline 2\n');
  });

  // About 15 s here; room for a busy 2-core machine.
  it('uploads and downloads 100 MiB in parts (multipart ETag), the bytes intact', async () => {
    await aws(['s3', 'mb', 's3://big']);
    const data = new Uint8Array(100 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data[i] = (i / 4096) % 251;
    file('big.bin', data);
    const config = '[default]\ns3 =\n  multipart_chunksize = 16MB\n  max_concurrent_requests = 4\n';
    expect(await aws(['s3', 'cp', 'big.bin', 's3://big/big.bin'], { config })).toMatchObject({
      code: 0,
      out: 'upload: ./big.bin to s3://big/big.bin\n',
    });
    const head = await s3api('head-object', '--bucket', 'big', '--key', 'big.bin');
    expect(head.ContentLength).toBe(data.length);
    expect(head.ETag).toMatch(/-7"$/);
    expect((await aws(['s3', 'cp', 's3://big/big.bin', 'big-back.bin'])).code).toBe(0);
    expect(sha(readFileSync(join(work, 'big-back.bin')))).toBe(sha(data));
    // stdin of unknown size goes multipart once it passes the threshold (8 MiB parts by default)
    expect(
      (
        await aws(['s3', 'cp', '-', 's3://big/from-stdin.bin'], {
          stdin: data.subarray(0, 20 * 1024 * 1024),
          config: '',
        })
      ).code,
    ).toBe(0);
    expect((await s3api('head-object', '--bucket', 'big', '--key', 'from-stdin.bin')).ETag).toMatch(/-3"$/);
  }, 120_000);

  it("copies trees with --recursive and the CLI's filter order, ls shows them, rm --recursive deletes them", async () => {
    await aws(['s3', 'mb', 's3://tree']);
    file('site/index.html', '<h1>hi</h1>');
    file('site/css/app.css', 'body{}');
    file('site/img/logo.bin', new Uint8Array(4096));
    file('site/tmp/scratch.txt', 'x');
    const up = await aws([
      's3',
      'cp',
      'site',
      's3://tree/site/',
      '--recursive',
      '--exclude',
      'tmp/*',
      '--exclude',
      '*.bin',
      '--include',
      'img/*',
    ]);
    expect(up.code).toBe(0);
    expect(up.out.split('\n').filter(Boolean).sort()).toEqual([
      'upload: site/css/app.css to s3://tree/site/css/app.css',
      'upload: site/img/logo.bin to s3://tree/site/img/logo.bin',
      'upload: site/index.html to s3://tree/site/index.html',
    ]);
    expect((await s3api('head-object', '--bucket', 'tree', '--key', 'site/css/app.css')).ContentType).toBe('text/css');
    const ls = await aws(['s3', 'ls', 's3://tree/site/']);
    expect(ls.out.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/gm, '<TIME>')).toBe(
      `${'PRE'.padStart(30)} css/\n${'PRE'.padStart(30)} img/\n<TIME>         11 index.html\n`,
    );
    const summary = await aws(['s3', 'ls', 's3://tree', '--recursive', '--human-readable', '--summarize']);
    expect(summary.out).toMatch(
      / 4\.0 KiB site\/img\/logo\.bin\n.* 11 Bytes site\/index\.html\n\nTotal Objects: 3\n {3}Total Size: 4\.0 KiB\n$/,
    );
    expect((await aws(['s3', 'ls', 's3://tree/nothing-here'])).code).toBe(1);
    // --output json on the command line (an improvement): the listing as data, totals included.
    const data = JSON.parse((await aws(['s3', 'ls', 's3://tree/site/', '--output', 'json', '--summarize'])).out);
    expect(data.CommonPrefixes).toEqual([{ Prefix: 'site/css/' }, { Prefix: 'site/img/' }]);
    expect(data.Contents).toEqual([
      expect.objectContaining({
        Key: 'site/index.html',
        Size: 11,
        LastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      }),
    ]);
    expect([data.TotalObjects, data.TotalSize]).toEqual([1, 11]);
    expect(JSON.parse((await aws(['s3', 'ls', '--output', 'json'])).out).Buckets).toContainEqual(
      expect.objectContaining({ Name: 'tree' }),
    );
    // A profile's output setting leaves the listing as the CLI prints it.
    expect((await aws(['s3', 'ls', 's3://tree/site/'], { config: '[default]\noutput = json\n' })).out).toMatch(
      /^ +PRE css\/\n/,
    );
    writeFileSync(join(home, 'config'), '');
    const down = await aws(['s3', 'cp', 's3://tree/site', 'copied', '--recursive']);
    expect(down.code).toBe(0);
    expect(readFileSync(join(work, 'copied/css/app.css'), 'utf8')).toBe('body{}');
    const rm = await aws(['s3', 'rm', 's3://tree/site', '--recursive', '--exclude', '*.html']);
    expect(rm.out.split('\n').filter(Boolean).sort()).toEqual([
      'delete: s3://tree/site/css/app.css',
      'delete: s3://tree/site/img/logo.bin',
    ]);
    expect(await keys('tree')).toEqual(['site/index.html']);
    expect(await aws(['s3', 'rb', 's3://tree', '--force'])).toMatchObject({
      code: 0,
      out: 'delete: s3://tree/site/index.html\nremove_bucket: tree\n',
    });
  });

  it("presign prints a URL that fetches the object without credentials, in the CLI's SigV4 form", async () => {
    await aws(['s3', 'mb', 's3://shared']);
    file('shared.txt', 'shared by url');
    await aws(['s3', 'cp', 'shared.txt', 's3://shared/docs/shared.txt']);
    const r = await aws(['s3', 'presign', 's3://shared/docs/shared.txt', '--expires-in', '300']);
    expect(r.code).toBe(0);
    const url = new URL(r.out.trim());
    expect(`${url.origin}${url.pathname}`).toBe(`${moto!.endpoint}/shared/docs/shared.txt`);
    expect([...url.searchParams.keys()]).toEqual([
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-Expires',
      'X-Amz-SignedHeaders',
      'X-Amz-Signature',
    ]);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^testing\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    const fetched = await fetch(url);
    expect(await fetched.text()).toBe('shared by url');
  });

  it("website sets the bucket's index and error documents", async () => {
    await aws(['s3', 'mb', 's3://site']);
    expect(
      await aws(['s3', 'website', 's3://site/', '--index-document', 'index.html', '--error-document', 'error.html']),
    ).toMatchObject({ code: 0, out: '', err: '' });
    expect(await s3api('get-bucket-website', '--bucket', 'site')).toMatchObject({
      IndexDocument: { Suffix: 'index.html' },
      ErrorDocument: { Key: 'error.html' },
    });
  });

  it('mv moves local files up and objects between keys', async () => {
    await aws(['s3', 'mb', 's3://moves']);
    file('a.txt', 'moving');
    expect(await aws(['s3', 'mv', 'a.txt', 's3://moves/a.txt'])).toMatchObject({
      code: 0,
      out: 'move: ./a.txt to s3://moves/a.txt\n',
    });
    expect(existsSync(join(work, 'a.txt'))).toBe(false);
    expect(await aws(['s3', 'mv', 's3://moves/a.txt', 's3://moves/b/c.txt'])).toMatchObject({
      code: 0,
      out: 'move: s3://moves/a.txt to s3://moves/b/c.txt\n',
    });
    expect(await keys('moves')).toEqual(['b/c.txt']);
  });

  it('sync sends what is new or changed, --delete removes the rest, and a synced download is not fetched again', async () => {
    await aws(['s3', 'mb', 's3://synced']);
    file('docs/a.txt', 'a');
    file('docs/b.txt', 'b');
    const first = await aws(['s3', 'sync', 'docs', 's3://synced/docs']);
    expect(first.out.split('\n').filter(Boolean).sort()).toEqual([
      'upload: docs/a.txt to s3://synced/docs/a.txt',
      'upload: docs/b.txt to s3://synced/docs/b.txt',
    ]);
    // Older local files of the same size are not sent again.
    for (const name of ['a.txt', 'b.txt'])
      utimesSync(join(work, 'docs', name), new Date('2020-01-01'), new Date('2020-01-01'));
    expect(await aws(['s3', 'sync', 'docs', 's3://synced/docs'])).toMatchObject({ code: 0, out: '' });
    file('docs/b.txt', 'bigger');
    file('docs/c.txt', 'c');
    writeFileSync(join(work, 'docs/a.txt'), 'a');
    utimesSync(join(work, 'docs/a.txt'), new Date('2020-01-01'), new Date('2020-01-01'));
    const second = await aws(['s3', 'sync', 'docs', 's3://synced/docs', '--exclude', 'c.txt']);
    expect(second.out).toBe('upload: docs/b.txt to s3://synced/docs/b.txt\n');
    await s3api('put-object', '--bucket', 'synced', '--key', 'docs/stale.txt');
    const third = await aws(['s3', 'sync', 'docs', 's3://synced/docs', '--delete']);
    expect(third.out.split('\n').filter(Boolean).sort()).toEqual([
      'delete: s3://synced/docs/stale.txt',
      'upload: docs/c.txt to s3://synced/docs/c.txt',
    ]);
    expect(await keys('synced')).toEqual(['docs/a.txt', 'docs/b.txt', 'docs/c.txt']);
    // Same size, older time, other bytes: only --checksum (an isoaws addition) sees the change.
    writeFileSync(join(work, 'docs/a.txt'), 'z');
    utimesSync(join(work, 'docs/a.txt'), new Date('2020-01-01'), new Date('2020-01-01'));
    expect((await aws(['s3', 'sync', 'docs', 's3://synced/docs'])).out).toBe('');
    expect((await aws(['s3', 'sync', 'docs', 's3://synced/docs', '--checksum'])).out).toBe(
      'upload: docs/a.txt to s3://synced/docs/a.txt\n',
    );
    expect((await aws(['s3', 'sync', 'docs', 's3://synced/docs', '--checksum'])).out).toBe('');
    // A multipart object's ETag (MD5 of the parts' MD5s) is reproduced from the file with the same part size.
    const small = '[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n';
    file('parts/p.bin', new Uint8Array(12 * 1024 * 1024).fill(7));
    expect((await aws(['s3', 'sync', 'parts', 's3://synced/parts'], { config: small })).out).toBe(
      'upload: parts/p.bin to s3://synced/parts/p.bin\n',
    );
    expect((await s3api('head-object', '--bucket', 'synced', '--key', 'parts/p.bin')).ETag).toMatch(/-3"$/);
    expect((await aws(['s3', 'sync', 'parts', 's3://synced/parts', '--checksum'], { config: small })).out).toBe('');
    writeFileSync(join(home, 'config'), '');
    const down = await aws(['s3', 'sync', 's3://synced/docs', 'mirror']);
    expect(down.out.split('\n').filter(Boolean)).toHaveLength(3);
    expect(statSync(join(work, 'mirror/a.txt')).size).toBe(1);
    expect(await aws(['s3', 'sync', 's3://synced/docs', 'mirror'])).toMatchObject({ code: 0, out: '' });
    expect(readdirSync(join(work, 'mirror')).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('words a missing bucket as the CLI does: ls as any command (254), transfers as a fatal error (1)', async () => {
    expect(await aws(['s3', 'ls', 's3://no-such-bucket'])).toMatchObject({
      code: 254,
      err: '\nAn error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist\n',
    });
    for (const argv of [
      ['rm', 's3://no-such-bucket/x', '--recursive'],
      ['sync', 'docs', 's3://no-such-bucket/x'],
    ]) {
      expect(await aws(['s3', ...argv])).toMatchObject({
        code: 1,
        err: 'fatal error: An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist\n',
      });
    }
    expect(await aws(['s3', 'cp', 'a', 'b'])).toMatchObject({
      code: 252,
      err: '\nusage: aws s3 cp <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>\nError: Invalid argument type\n',
    });
  });

  it("--checksum-algorithm stores the object's checksum, multipart too; --grants sets the object's ACL grants", async () => {
    await aws(['s3', 'mb', 's3://sums']);
    const small = new TextEncoder().encode('checksummed\n');
    file('sum.txt', small);
    expect(
      (
        await aws([
          's3',
          'cp',
          'sum.txt',
          's3://sums/sum.txt',
          '--checksum-algorithm',
          'SHA256',
          '--grants',
          'read=uri=http://acs.amazonaws.com/groups/global/AllUsers',
        ])
      ).code,
    ).toBe(0);
    const head = await s3api('head-object', '--bucket', 'sums', '--key', 'sum.txt', '--checksum-mode', 'ENABLED');
    expect(head.ChecksumSHA256).toBe(createHash('sha256').update(small).digest('base64'));
    const acl = await s3api('get-object-acl', '--bucket', 'sums', '--key', 'sum.txt');
    expect(acl.Grants).toContainEqual({
      Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
      Permission: 'READ',
    });
    const big = new Uint8Array(11 << 20).fill(7);
    file('sum.bin', big);
    const config = '[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n';
    expect(
      await aws(['s3', 'cp', 'sum.bin', 's3://sums/sum.bin', '--checksum-algorithm', 'CRC32'], { config }),
    ).toMatchObject({ code: 0, err: '' });
    const multipart = await s3api('head-object', '--bucket', 'sums', '--key', 'sum.bin', '--checksum-mode', 'ENABLED');
    expect(multipart.ETag).toMatch(/-3"$/);
    expect(multipart.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==/);
    expect(await aws(['s3', 'cp', 'sum.txt', 's3://sums/x', '--grants', 'bogus'])).toMatchObject({
      code: 1,
      err: 'fatal error: grants should be of the form permission=principal\n',
    });
    expect(await aws(['s3', 'cp', 'sum.txt', 's3://sums/x', '--grants', 'all=id=1'])).toMatchObject({
      code: 1,
      err: 'fatal error: permission must be one of: read|readacl|writeacl|full\n',
    });
    expect((await aws(['s3', 'cp', 'sum.txt', 's3://sums/x', '--checksum-algorithm', 'MD5'])).code).toBe(252);
  });

  it('follows symbolic links by default; --no-follow-symlinks leaves linked files and directories out', async () => {
    await aws(['s3', 'mb', 's3://links']);
    file('linked/real.txt', 'real');
    file('elsewhere/dir/inner.txt', 'inner');
    symlinkSync(join(work, 'linked/real.txt'), join(work, 'linked/alias.txt'));
    symlinkSync(join(work, 'elsewhere/dir'), join(work, 'linked/dirlink'));
    expect((await aws(['s3', 'cp', 'linked', 's3://links/followed', '--recursive'])).code).toBe(0);
    expect((await aws(['s3', 'cp', 'linked', 's3://links/plain', '--recursive', '--no-follow-symlinks'])).code).toBe(0);
    expect((await aws(['s3', 'cp', 'linked/alias.txt', 's3://links/single', '--no-follow-symlinks'])).out).toBe('');
    expect(await keys('links')).toEqual([
      'followed/alias.txt',
      'followed/dirlink/inner.txt',
      'followed/real.txt',
      'plain/real.txt',
    ]);
    const synced = await aws([
      's3',
      'sync',
      'linked',
      's3://links/synced',
      '--no-follow-symlinks',
      '--follow-symlinks',
    ]);
    expect(synced.out.split('\n').filter(Boolean).sort()).toEqual([
      'upload: linked/alias.txt to s3://links/synced/alias.txt',
      'upload: linked/dirlink/inner.txt to s3://links/synced/dirlink/inner.txt',
      'upload: linked/real.txt to s3://links/synced/real.txt',
    ]);
  });

  it('s3api put-object --body and get-object OUTFILE carry a file of 24 MiB through unchanged', async () => {
    await aws(['s3', 'mb', 's3://bodies']);
    const data = new Uint8Array(24 << 20);
    for (let i = 0; i < data.length; i += 4096) data[i] = (i >> 12) & 255;
    file('big.bin', data);
    const put = await aws(['s3api', 'put-object', '--bucket', 'bodies', '--key', 'big.bin', '--body', 'big.bin']);
    expect(put.code).toBe(0);
    expect(JSON.parse(put.out).ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
    const get = await aws(['s3api', 'get-object', '--bucket', 'bodies', '--key', 'big.bin', 'got.bin']);
    expect(get.code).toBe(0);
    expect(JSON.parse(get.out).ContentLength).toBe(data.length);
    expect(sha(readFileSync(join(work, 'got.bin')))).toBe(sha(data));
  });

  it('names unknown options and missing arguments as the CLI does (252)', async () => {
    expect((await aws(['s3', 'cp', 'x'])).err).toContain('aws: error: the following arguments are required: paths2');
    expect((await aws(['s3', 'ls', '--bogus'])).err).toBe('\nUnknown options: --bogus\n');
    const missing = await aws(['s3', 'cp', 'no-such-file.txt', 's3://files/x']);
    expect(missing).toMatchObject({ code: 255, err: '\nThe user-provided path no-such-file.txt does not exist.\n' });
  });

  it("mv --recursive with --exclude '*' --include '*.jpg' moves only the .jpg objects down, the rest stays in the bucket", async () => {
    await aws(['s3', 'mb', 's3://photos']);
    for (const [key, body] of [
      ['path/a.jpg', 'jpeg a'],
      ['path/b.txt', 'text b'],
      ['path/sub/c.jpg', 'jpeg c'],
    ]) {
      file('upload.tmp', body!);
      await aws(['s3', 'cp', 'upload.tmp', `s3://photos/${key}`]);
    }
    const moved = await aws([
      's3',
      'mv',
      's3://photos/path',
      'MyDirectory',
      '--exclude',
      '*',
      '--include',
      '*.jpg',
      '--recursive',
    ]);
    expect(moved.code).toBe(0);
    expect(moved.out.split('\n').filter(Boolean).sort()).toEqual([
      'move: s3://photos/path/a.jpg to MyDirectory/a.jpg',
      'move: s3://photos/path/sub/c.jpg to MyDirectory/sub/c.jpg',
    ]);
    expect(readFileSync(join(work, 'MyDirectory/a.jpg'), 'utf8')).toBe('jpeg a');
    expect(readFileSync(join(work, 'MyDirectory/sub/c.jpg'), 'utf8')).toBe('jpeg c');
    expect(existsSync(join(work, 'MyDirectory/b.txt'))).toBe(false);
    expect(await keys('photos')).toEqual(['path/b.txt']);
  });

  it("sync --delete leaves alone what a filter excludes, the patterns rooted at each side's directory (ERR-40)", async () => {
    await aws(['s3', 'mb', 's3://filtered']);
    file('three/MyFile1.txt', '1');
    file('three/MyFile2.rtf', '2');
    file('three/MyFile88.txt', '88');
    for (const name of ['MyFile1.txt', 'MyFile2.rtf', 'MyFile88.txt'])
      utimesSync(join(work, 'three', name), new Date('2020-01-01'), new Date('2020-01-01'));
    expect((await aws(['s3', 'sync', 'three', 's3://filtered/path'])).code).toBe(0);
    for (const name of ['MyFile1.txt', 'MyFile88.txt']) rmSync(join(work, 'three', name));
    // The seed's pattern names the bucket: rooted at s3://filtered/path/ it matches nothing, and aws-cli 2.9.19 deletes both keys too.
    const seedPattern = await aws([
      's3',
      'sync',
      'three',
      's3://filtered/path',
      '--delete',
      '--exclude',
      'filtered/path/MyFile?.txt',
      '--dryrun',
    ]);
    expect(seedPattern.out.split('\n').filter(Boolean).sort()).toEqual([
      '(dryrun) delete: s3://filtered/path/MyFile1.txt',
      '(dryrun) delete: s3://filtered/path/MyFile88.txt',
    ]);
    // Rooted at the target, MyFile?.txt keeps MyFile1.txt, which exists only in the bucket; MyFile88.txt is deleted.
    expect(
      await aws(['s3', 'sync', 'three', 's3://filtered/path', '--delete', '--exclude', 'MyFile?.txt']),
    ).toMatchObject({ code: 0, out: 'delete: s3://filtered/path/MyFile88.txt\n' });
    expect(await keys('filtered')).toEqual(['path/MyFile1.txt', 'path/MyFile2.rtf']);
    // Downwards the same: an excluded local file is not deleted, until a sync without the filter.
    await aws(['s3', 'rm', 's3://filtered/path/MyFile2.rtf']);
    expect(
      await aws(['s3', 'sync', 's3://filtered/path', 'three', '--delete', '--exclude', 'MyFile2.rtf']),
    ).toMatchObject({ code: 0, out: 'download: s3://filtered/path/MyFile1.txt to three/MyFile1.txt\n' });
    expect(readdirSync(join(work, 'three')).sort()).toEqual(['MyFile1.txt', 'MyFile2.rtf']);
    expect(await aws(['s3', 'sync', 's3://filtered/path', 'three', '--delete'])).toMatchObject({
      code: 0,
      out: 'delete: three/MyFile2.rtf\n',
    });
    expect(readdirSync(join(work, 'three'))).toEqual(['MyFile1.txt']);
  });

  it("--acl public-read on cp and sync gives AllUsers READ in the object's ACL", async () => {
    await aws(['s3', 'mb', 's3://public']);
    file('acl/shown.txt', 'for everyone');
    const allUsersRead = {
      Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
      Permission: 'READ',
    };
    expect(await aws(['s3', 'cp', 'acl/shown.txt', 's3://public/cp.txt', '--acl', 'public-read'])).toMatchObject({
      code: 0,
      err: '',
    });
    expect((await s3api('get-object-acl', '--bucket', 'public', '--key', 'cp.txt')).Grants).toContainEqual(
      allUsersRead,
    );
    expect((await aws(['s3', 'sync', 'acl', 's3://public/synced', '--acl', 'public-read'])).code).toBe(0);
    expect((await s3api('get-object-acl', '--bucket', 'public', '--key', 'synced/shown.txt')).Grants).toContainEqual(
      allUsersRead,
    );
    // Without --acl the object is private: its owner alone.
    expect((await aws(['s3', 'cp', 'acl/shown.txt', 's3://public/private.txt'])).code).toBe(0);
    expect((await s3api('get-object-acl', '--bucket', 'public', '--key', 'private.txt')).Grants).not.toContainEqual(
      allUsersRead,
    );
  });

  it('s3 cp refuses --generate-cli-skeleton as an unknown option (252) and sends nothing', async () => {
    file('skeleton.txt', 'x');
    const requests: HttpRequest[] = [];
    const r = await aws(['s3', 'cp', 'skeleton.txt', 's3://files/k', '--generate-cli-skeleton'], { requests });
    expect({ code: r.code, out: r.out, requests: requests.length }).toEqual({ code: 252, out: '', requests: 0 });
    // As aws-cli 2.9.19 prints it for an s3 command: the line alone, without the usage block.
    expect(r.err).toBe('\nUnknown options: --generate-cli-skeleton\n');
  });

  it('sync --debug logs the ListObjectsV2 and PutObject calls it makes', async () => {
    await aws(['s3', 'mb', 's3://debugged']);
    file('dbg/one.txt', 'one');
    const r = await aws(['s3', 'sync', 'dbg', 's3://debugged/p', '--debug']);
    expect(r).toMatchObject({ code: 0, out: 'upload: dbg/one.txt to s3://debugged/p/one.txt\n' });
    expect(r.err).toContain(`Endpoint for s3.ListObjectsV2: ${moto!.endpoint}/debugged`);
    expect(r.err).toContain(`Sending request (attempt 1): GET ${moto!.endpoint}/debugged?list-type=2&prefix=p%2F`);
    expect(r.err).toContain(`Endpoint for s3.PutObject: ${moto!.endpoint}/debugged`);
    expect(r.err).toContain(`Sending request (attempt 1): PUT ${moto!.endpoint}/debugged/p/one.txt`);
    expect(r.err).toMatch(/ - DEBUG - /);
  });

  // About 11 s here (the bucket fills meanwhile); room for a busy 2-core machine.
  it('s3api list-objects over 3,500 keys: 4 requests merged, --page-size, --max-items and --starting-token, --no-paginate', async () => {
    await pagesFilled;
    const { endpoint } = (await pagingMoto)!;
    const names = PAGE_KEYS;
    const list = async (...extra: string[]) => {
      const requests: HttpRequest[] = [];
      const r = await aws(['s3api', 'list-objects', '--bucket', 'pages', ...extra], { requests, endpoint });
      expect(r).toMatchObject({ code: 0, err: '' });
      const queries = requests.map((req) => new URL(req.url).searchParams);
      return { out: r.out, data: JSON.parse(r.out), queries };
    };
    const keysOf = (data: { Contents: Array<{ Key: string }> }) => data.Contents.map((c) => c.Key);
    const token = (amount: number, marker: string | null = null) =>
      Buffer.from(
        JSON.stringify({ Marker: marker, boto_truncate_amount: amount }).replace(/,/g, ', ').replace(/":/g, '": '),
      ).toString('base64');
    // PAG-01: 1,000 keys a page, four calls, the Marker of each taken from the page before, one Contents of 3,500.
    const all = await list();
    expect(keysOf(all.data)).toEqual(names);
    expect(all.data.NextToken).toBeUndefined();
    expect(all.queries).toHaveLength(4);
    expect(all.queries[0]!.has('marker')).toBe(false);
    for (const q of all.queries.slice(1)) expect(q.get('marker')).toBeTruthy();
    // PAG-02: pages of 100, 35 calls with max-keys=100, the same output byte for byte.
    const small = await list('--page-size', '100');
    expect(small.queries).toHaveLength(35);
    expect(small.queries.every((q) => q.get('max-keys') === '100')).toBe(true);
    expect(small.out).toBe(all.out);
    // PAG-03: --max-items 100 prints 100 keys and the NextToken aws-cli prints (base64 of {"Marker": null, "boto_truncate_amount": 100}).
    const first = await list('--max-items', '100');
    expect(keysOf(first.data)).toEqual(names.slice(0, 100));
    expect(first.data.NextToken).toBe('eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxMDB9');
    expect(first.data.NextToken).toBe(token(100));
    expect(first.queries).toHaveLength(1);
    // PAG-04: --starting-token resumes with the next 100.
    const second = await list('--max-items', '100', '--starting-token', first.data.NextToken);
    expect(keysOf(second.data)).toEqual(names.slice(100, 200));
    expect(second.data.NextToken).toBe(token(200));
    // PAG-05: --page-size equal to --max-items; the chain of tokens gives every key once, the last page no token.
    const chained: string[] = [];
    let next: string | undefined;
    let runs = 0;
    do {
      const page = await list(
        '--max-items',
        '1000',
        '--page-size',
        '1000',
        ...(next ? ['--starting-token', next] : []),
      );
      chained.push(...keysOf(page.data));
      next = page.data.NextToken;
      runs += 1;
    } while (next && runs < 10);
    expect(runs).toBe(4);
    expect(chained).toEqual(names);
    // PAG-06: --no-paginate makes one call and prints the service's page as it is, truncation markers included.
    const one = await list('--no-paginate');
    expect(one.queries).toHaveLength(1);
    expect(keysOf(one.data)).toEqual(names.slice(0, 1000));
    expect(one.data).toMatchObject({ IsTruncated: true, MaxKeys: 1000, Name: 'pages', NextMarker: expect.any(String) });
    expect(one.data.NextToken).toBeUndefined();
  }, 120_000);
});
