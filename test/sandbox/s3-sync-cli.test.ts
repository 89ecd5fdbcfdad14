/**
 * `s3 sync --no-overwrite` on the sandbox: what the destination has is left as it is, however the source
 * changed, and only what is missing there is sent (the AWS CLI's NoOverwriteSync strategy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxCli } from './cli-support.js';

describe('s3 sync --no-overwrite', () => {
  it('sends only the files the bucket lacks', async () => {
    const cli = sandboxCli();
    const dir = join(cli.work, 'site');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'first');
    expect((await cli.run(['s3', 'mb', 's3://site'])).code).toBe(0);
    expect((await cli.run(['s3', 'sync', 'site', 's3://site/'])).code).toBe(0);
    writeFileSync(join(dir, 'a.txt'), 'changed, and longer');
    writeFileSync(join(dir, 'b.txt'), 'new');
    const r = await cli.run(['s3', 'sync', 'site', 's3://site/', '--no-overwrite']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('upload: site/b.txt to s3://site/b.txt\n');
    const sizes = await cli.json(['s3api', 'list-objects-v2', '--bucket', 'site', '--query', 'Contents[].[Key,Size]']);
    expect(sizes).toEqual([
      ['a.txt', 5],
      ['b.txt', 3],
    ]);
    // Without it, the changed file is sent.
    expect((await cli.run(['s3', 'sync', 'site', 's3://site/'])).out).toBe('upload: site/a.txt to s3://site/a.txt\n');
  });
});
