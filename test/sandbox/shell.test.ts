/**
 * The shell on the sandbox: it opens there when nothing is configured (a fresh machine's `npm start`),
 * says so, shows `sandbox@region` in its prompt, and `.sandbox on|off|reset` switch and empty it; the
 * command lines and `aws` in JavaScript see the same state.
 */
import { describe, expect, it } from 'vitest';
import { createShell } from '../../src/shell/shell.js';
import { sandboxCli } from './cli-support.js';

describe('the shell on the sandbox', () => {
  it('opens on the sandbox without credentials, and switches with .sandbox', async () => {
    const cli = sandboxCli();
    let out = '';
    const shell = await createShell(
      cli.host((t) => (out += t)),
      { sandbox: 'auto' },
    );
    expect(shell.settings.sandbox).toBe(true);
    expect(await shell.prompt()).toBe('isoaws sandbox@us-east-1> ');
    expect(await shell.banner()).toContain('On the sandbox: an offline AWS inside isoaws (account 123456789012)');

    expect(await shell.run(['s3', 'mb', 's3://shell-bucket'])).toBe(0);
    expect(out).toBe('make_bucket: shell-bucket\n');
    const listed = (await shell.client.send('s3', 'ListBuckets')) as unknown as { Buckets: Array<{ Name: string }> };
    expect(listed.Buckets.map((b) => b.Name)).toEqual(['shell-bucket']);

    expect(await shell.session('sandbox', 'off')).toMatchObject({ code: 0, changed: true });
    expect(await shell.prompt()).toBe('isoaws default> ');
    expect(await shell.session('sandbox', '')).toMatchObject({ show: 'off' });
    expect(await shell.session('sandbox', 'maybe')).toMatchObject({ code: 252 });
    await shell.session('sandbox', 'on');
    out = '';
    expect(await shell.session('sandbox', 'reset')).toMatchObject({ code: 0 });
    expect(out).toContain('is empty again');
    out = '';
    expect(await shell.run(['s3', 'ls'])).toBe(0);
    expect(out).toBe('');
    shell.close();
  });

  it('stays off the sandbox when credentials are configured', async () => {
    const cli = sandboxCli({ AWS_ACCESS_KEY_ID: 'AKIDCONFIGURED', AWS_SECRET_ACCESS_KEY: 'secret' });
    const shell = await createShell(cli.host(), { sandbox: 'auto' });
    expect(shell.settings.sandbox).toBe(false);
    expect(await shell.banner()).not.toContain('On the sandbox');
    shell.close();
  });
});
