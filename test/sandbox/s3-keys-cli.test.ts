/**
 * Keys with spaces and plus signs through the CLI on the sandbox. S3 URL-encodes listed keys when asked
 * (as the CLI always asks), a space as `+` and a `+` as `%2B`; the CLI decodes them as botocore's
 * `unquote_plus` does, so `s3 ls`, `s3api list-objects-v2` and recursive copies see the keys as they are.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxCli } from './cli-support.js';

const KEY = 'a b+c é.txt';

describe('keys with spaces and plus signs', () => {
  it('are listed, copied down and copied up as they are', async () => {
    const cli = sandboxCli();
    mkdirSync(join(cli.work, 'up'));
    writeFileSync(join(cli.work, 'up', KEY), 'spaced');
    writeFileSync(join(cli.work, 'up', 'plain.txt'), 'plain');
    expect((await cli.run(['s3', 'mb', 's3://keys'])).code).toBe(0);
    expect((await cli.run(['s3', 'cp', 'up', 's3://keys/dir one/', '--recursive'])).code).toBe(0);
    expect(await cli.json(['s3api', 'list-objects-v2', '--bucket', 'keys', '--query', 'Contents[].Key'])).toEqual([
      `dir one/${KEY}`,
      'dir one/plain.txt',
    ]);
    const ls = await cli.run(['s3', 'ls', 's3://keys/', '--recursive']);
    expect(ls.out).toContain(` dir one/${KEY}\n`);
    const prefixes = await cli.run(['s3', 'ls', 's3://keys/']);
    expect(prefixes.out).toBe('                           PRE dir one/\n');
    const down = await cli.run(['s3', 'cp', 's3://keys/', 'down', '--recursive']);
    expect(down.code, down.err).toBe(0);
    expect(readFileSync(join(cli.work, 'down', 'dir one', KEY), 'utf8')).toBe('spaced');
    expect(existsSync(join(cli.work, 'down', 'dir one', 'plain.txt'))).toBe(true);
  });
});
