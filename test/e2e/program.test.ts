/**
 * The real program (`node bin/isoaws.js`, built by test/support/build-cli.ts) in a child process, for
 * what only a real process shows: answers piped to `configure` all at once, input that ends early, the
 * completer's environment.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';

function isoaws(args: string[], input: string, home: string) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin/isoaws.js'), ...args], {
    input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home },
  });
}

describe('isoaws_completer', () => {
  it('reads tcsh\'s COMMAND_LINE when COMP_LINE is not set', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/isoaws_completer.js')], {
      encoding: 'utf8', env: { PATH: process.env.PATH, HOME: tmpdir(), COMMAND_LINE: 'isoaws s3a' },
    });
    expect(r).toMatchObject({ status: 0, stdout: 's3api\n', stderr: '' });
  });
});

describe('configure from a pipe', () => {
  it('takes each piped answer in turn, questions on stdout as the AWS CLI asks them', () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-pipe-'));
    const r = isoaws(['configure'], 'AKIDPIPE\nsecret-pipe\nus-west-2\njson\n', home);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('AWS Access Key ID [None]: AWS Secret Access Key [None]: Default region name [None]: Default output format [None]: ');
    expect(r.stderr).toBe('');
    expect(readFileSync(join(home, '.aws/credentials'), 'utf8')).toBe('[default]\naws_access_key_id = AKIDPIPE\naws_secret_access_key = secret-pipe\n');
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toBe('[default]\nregion = us-west-2\noutput = json\n');
  });

  it('stops with Python\'s EOF message (exit 255) when the input ends early, writing nothing', () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-pipe-'));
    const r = isoaws(['configure'], 'AKIDPIPE\n', home);
    expect(r.status).toBe(255);
    expect(r.stderr).toBe('\nEOF when reading a line\n');
    expect(() => readFileSync(join(home, '.aws/credentials'))).toThrow();
  });
});
