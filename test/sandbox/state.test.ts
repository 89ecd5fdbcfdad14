/**
 * The sandbox's state on files: keys of any shape map to paths inside the directory and back, a
 * damaged or foreign directory is reported and left as it is, and `isoaws sandbox status|reset` show
 * and empty it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeFs } from '../../src/adapters/node/fs.js';
import { decodeKey, encodeKey, fileStore } from '../../src/sandbox/store.js';
import { sandboxCli } from './cli-support.js';

const ODD_KEYS = [
  'plain',
  'a/b/c',
  '../../etc/passwd',
  '..',
  '.',
  '.hidden',
  'a//b',
  '/leading',
  'trailing/',
  'spaces and ünïcödé/😀',
  'CASE/case',
  'x'.repeat(1000),
  `${'é'.repeat(300)}/tail`,
  'per%cent~tilde',
  '',
];

describe('keys as paths', () => {
  it.each(ODD_KEYS)('%j stays inside the directory and decodes back', (key) => {
    const path = encodeKey(key);
    expect(decodeKey(path)).toBe(key);
    expect(resolve('/root/docs', path).startsWith('/root/docs/') || resolve('/root/docs', path) === '/root/docs').toBe(
      true,
    );
    for (const segment of path.split('/')) {
      expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(201);
      expect(segment.startsWith('.')).toBe(false);
    }
  });

  it('stores, lists by prefix and removes documents and blobs of those keys on disk', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'isoaws-store-')), 'state');
    const store = fileStore(createNodeFs(), dir);
    for (const key of ODD_KEYS) await store.put(`s3/objects/b/${key}`, { key });
    await store.put('s3/buckets/b', {});
    expect(await store.keys('s3/objects/b/')).toEqual(ODD_KEYS.map((k) => `s3/objects/b/${k}`).sort());
    expect(await store.keys('s3/objects/b/a')).toEqual(['s3/objects/b/a//b', 's3/objects/b/a/b/c']);
    for (const key of ODD_KEYS) expect(await store.get(`s3/objects/b/${key}`)).toEqual({ key });
    const size = await store.putBlob(
      'blob/1',
      (async function* () {
        yield new Uint8Array([1, 2, 3]);
        yield new Uint8Array([4, 5]);
      })(),
    );
    expect(size).toBe(5);
    const read: number[] = [];
    for await (const chunk of store.getBlob('blob/1', { start: 1, end: 4 })) read.push(...chunk);
    expect(read).toEqual([2, 3, 4]);
    await store.delete('s3/objects/b/..');
    expect(await store.get('s3/objects/b/..')).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['blobs', 'docs', 'isoaws-sandbox.json']);
  });
});

describe('a damaged or foreign state directory', () => {
  it('is reported with the way out, and nothing in it is overwritten', async () => {
    const cli = sandboxCli();
    expect((await cli.run(['s3', 'mb', 's3://kept-bucket'])).code).toBe(0);
    const doc = join(cli.stateDir, 'docs', 's3', 'buckets', 'kept-bucket~doc');
    writeFileSync(doc, '{ this is not JSON');
    const run = await cli.run(['s3api', 'head-bucket', '--bucket', 'kept-bucket']);
    expect(run.code).toBe(255);
    expect(run.err).toContain(`The sandbox's state in ${cli.stateDir} is damaged: ${doc} is not valid JSON.`);
    expect(run.err).toContain('Run `isoaws sandbox reset` to start afresh');
    expect(readFileSync(doc, 'utf8')).toBe('{ this is not JSON');

    const status = await cli.run(['sandbox', 'status'], { sandbox: false });
    expect(status.out).toBe(`Sandbox state: ${cli.stateDir}\n  s3 buckets: 1\n`);
    expect((await cli.run(['sandbox', 'reset'], { sandbox: false })).out).toBe(
      `The sandbox in ${cli.stateDir} is empty again.\n`,
    );
    expect((await cli.run(['sandbox', 'status'], { sandbox: false })).out).toBe(
      `Sandbox state: ${cli.stateDir}\n  (empty)\n`,
    );
    expect((await cli.run(['s3', 'ls'])).code).toBe(0);
  });

  it('refuses a directory that is not the sandbox’s, and writes nothing into it', async () => {
    const foreign = mkdtempSync(join(tmpdir(), 'isoaws-foreign-'));
    mkdirSync(join(foreign, 'photos'));
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const cli = sandboxCli({ ISOAWS_SANDBOX_DIR: foreign });
    const run = await cli.run(['s3', 'mb', 's3://nope-bucket']);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${foreign} holds files that are not the sandbox's`);
    const reset = await cli.run(['sandbox', 'reset'], { sandbox: false });
    expect(reset.code).toBe(255);
    expect(readdirSync(foreign).sort()).toEqual(['notes.txt', 'photos']);
    expect(existsSync(join(foreign, 'isoaws-sandbox.json'))).toBe(false);
  });
});
