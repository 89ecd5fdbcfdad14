/**
 * `configure set` as careless users and busy scripts run it: ten at once in real processes (none of
 * their changes lost), on a config file that is a symbolic link (changed where it leads, still a link),
 * and with names and values that would corrupt the file (refused, the file untouched).
 */
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIni } from '../../src/core/config/ini.js';
import { REPO_ROOT } from '../conformance/fixtures.js';

function isoaws(args: string[], home: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/isoaws.js'), ...args], {
      env: { PATH: process.env.PATH, HOME: home },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const newHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'isoaws-config-'));
  mkdirSync(join(home, '.aws'));
  return home;
};

describe('configure set', () => {
  it('keeps every change when ten run at once, in both files', async () => {
    const home = newHome();
    writeFileSync(join(home, '.aws/config'), '# mine\n[default]\nregion = us-east-1\n');
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        isoaws(['configure', 'set', `profile.p${i}.region`, `eu-west-${i}`], home).then(async (r) => [
          r,
          await isoaws(['configure', 'set', 'aws_access_key_id', `AKID${i}`, '--profile', `p${i}`], home),
        ]),
      ),
    );
    expect(runs.flat().map((r) => r.status)).toEqual(Array(20).fill(0));
    const config = parseIni(readFileSync(join(home, '.aws/config'), 'utf8'), 'config');
    const credentials = parseIni(readFileSync(join(home, '.aws/credentials'), 'utf8'), 'credentials');
    for (let i = 0; i < 10; i++) {
      expect(config[`profile p${i}`]).toEqual({ region: `eu-west-${i}` });
      expect(credentials[`p${i}`]).toEqual({ aws_access_key_id: `AKID${i}` });
    }
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toMatch(/^# mine\n\[default\]\nregion = us-east-1\n/);
  }, 60_000);

  it('changes the file a symbolic link leads to and leaves the link in place', async () => {
    const home = newHome();
    const dotfiles = join(home, 'dotfiles');
    mkdirSync(dotfiles);
    writeFileSync(join(dotfiles, 'credentials'), '[default]\naws_secret_access_key = old\n', { mode: 0o600 });
    symlinkSync(join(dotfiles, 'credentials'), join(home, '.aws/credentials'));
    expect((await isoaws(['configure', 'set', 'aws_secret_access_key', 'new'], home)).status).toBe(0);
    expect(lstatSync(join(home, '.aws/credentials')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dotfiles, 'credentials'), 'utf8')).toBe('[default]\naws_secret_access_key = new\n');
    expect(lstatSync(join(dotfiles, 'credentials')).mode & 0o777).toBe(0o600);
  });

  it.each([
    [
      ['profile.foo', 'bar'],
      'The varname profile.foo names no setting: give NAME, profile.PROFILE.NAME or a nested NAME.SUBNAME (s3.max_concurrent_requests).',
    ],
    [
      ['default.', 'v'],
      'The varname default. names no setting: give NAME, profile.PROFILE.NAME or a nested NAME.SUBNAME (s3.max_concurrent_requests).',
    ],
    [
      ['.x', 'v'],
      'The varname .x names no setting: give NAME, profile.PROFILE.NAME or a nested NAME.SUBNAME (s3.max_concurrent_requests).',
    ],
    [
      ['region', 'us-east-1\n[profile evil]\ncredential_process = touch pwned'],
      'Invalid value for key region: newline characters and carriage returns are not allowed.',
    ],
    [['a]\nb', 'v'], "Invalid key: newline characters and carriage returns are not allowed: 'a]\\nb'"],
  ])(
    'refuses %j, which names no setting or would write lines of its own (exit 255, file unchanged)',
    async (args, message) => {
      const home = newHome();
      writeFileSync(join(home, '.aws/config'), '[default]\nregion = us-east-1\n');
      expect(await isoaws(['configure', 'set', ...args], home)).toEqual({
        status: 255,
        stdout: '',
        stderr: `\n${message}\n`,
      });
      expect(readFileSync(join(home, '.aws/config'), 'utf8')).toBe('[default]\nregion = us-east-1\n');
    },
  );
});
