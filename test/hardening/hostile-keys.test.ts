/**
 * Keys a hostile (or careless) bucket can hold, against moto_server: `pre//etc/x`, `pre/../../escape`,
 * a key through a symbolic link planted in the destination. Recursive downloads (cp, mv, sync) keep every
 * file inside the destination, skip the rest with the AWS CLI's warning and exit 2; a key's `..` reaches
 * S3 as given, so `s3 rm s3://b/x/../keep.txt` deletes that key, not keep.txt.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

// The destination sits two levels down, so a name that escapes it lands somewhere this test can see.
const top = mkdtempSync(join(tmpdir(), 'isoaws-hostile-'));
const home = join(top, 'w', 'home');
const work = join(top, 'w', 'x');
const outside = join(top, 'outside');
for (const dir of [home, work, outside]) mkdirSync(dir, { recursive: true });
const body = join(home, 'body.txt');
writeFileSync(body, 'x');
const aws = cliRunner({ home, work, endpoint: () => moto!.endpoint });

/** Every file under `top`, relative to it. */
function files(dir = top): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const path = join(dir, e.name);
      return e.isDirectory() ? files(path) : [relative(top, path)];
    })
    .sort();
}

/** Files written anywhere but in the home directory and the destinations. */
const escaped = () => files().filter((f) => !/^w\/(home|x\/(cp|sync|mv)-dest)\//.test(f));

const lines = (text: string) => text.split('\n').filter(Boolean).sort();

const HOSTILE = ['pre/ok.txt', 'pre//etc/x', 'pre/../../escape', 'pre/a/../../up', 'pre/a/../b', 'pre/link/planted'];

describe.skipIf(!moto)('keys that would lead a download out of its destination', () => {
  it('puts the keys as they are, dot segments and all', async () => {
    expect((await aws(['s3', 'mb', 's3://hostile'])).code).toBe(0);
    for (const key of HOSTILE)
      expect((await aws(['s3api', 'put-object', '--bucket', 'hostile', '--key', key, '--body', body])).code).toBe(0);
    const listed = JSON.parse(
      (await aws(['s3api', 'list-objects-v2', '--bucket', 'hostile', '--query', 'Contents[].Key'])).out,
    );
    expect(listed.sort()).toEqual([...HOSTILE].sort());
  });

  it.each([
    ['cp', ['s3', 'cp', 's3://hostile/pre/', 'cp-dest', '--recursive'], 'download'],
    ['sync', ['s3', 'sync', 's3://hostile/pre', 'sync-dest'], 'download'],
  ])('%s keeps every file inside the destination and skips the rest with a warning (exit 2)', async (_, argv, verb) => {
    const dest = argv[3]!;
    mkdirSync(join(work, dest));
    // A link planted in the destination, to a directory outside it.
    symlinkSync(outside, join(work, dest, 'link'));
    const r = await aws(argv);
    expect(r.code).toBe(2);
    expect(lines(r.err)).toEqual([
      'warning: Skipping file ../../escape. File references a parent directory.',
      'warning: Skipping file a/../../up. File references a parent directory.',
      'warning: Skipping file link/planted. A symbolic link would lead it outside the destination.',
    ]);
    expect(lines(r.out)).toEqual([
      `${verb}: s3://hostile/pre//etc/x to ${dest}/etc/x`,
      `${verb}: s3://hostile/pre/a/../b to ${dest}/b`,
      `${verb}: s3://hostile/pre/ok.txt to ${dest}/ok.txt`,
    ]);
    expect(escaped()).toEqual([]);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('mv moves what it downloads and leaves the skipped keys in the bucket', async () => {
    const r = await aws(['s3', 'mv', 's3://hostile/pre/', 'mv-dest', '--recursive']);
    expect(r.code).toBe(2);
    expect(lines(r.out)).toHaveLength(4);
    const left = JSON.parse(
      (await aws(['s3api', 'list-objects-v2', '--bucket', 'hostile', '--query', 'Contents[].Key'])).out,
    );
    expect(left.sort()).toEqual(['pre/../../escape', 'pre/a/../../up']);
    expect(escaped()).toEqual([]);
    expect(readFileSync(join(work, 'mv-dest', 'link', 'planted'), 'utf8')).toBe('x');
  });

  it('deletes the key a path with .. names, not the key the path would collapse to', async () => {
    await aws(['s3api', 'put-object', '--bucket', 'hostile', '--key', 'keep.txt', '--body', body]);
    expect((await aws(['s3', 'rm', 's3://hostile/x/../keep.txt'])).out).toBe('delete: s3://hostile/x/../keep.txt\n');
    expect(
      JSON.parse((await aws(['s3api', 'list-objects-v2', '--bucket', 'hostile', '--query', 'Contents[].Key'])).out),
    ).toContain('keep.txt');
    // A presigned URL names the key as given too (botocore's does the same).
    expect((await aws(['s3', 'presign', 's3://hostile/x/../keep.txt'])).out).toMatch(
      new RegExp(`^${moto!.endpoint}/hostile/x/\\.\\./keep\\.txt\\?`),
    );
  });
});
