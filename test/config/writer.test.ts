/**
 * `configure set` edits files in place: comments, order and other sections kept, keys rewritten where
 * they are, new keys after the section's last setting, new sections at the end, credentials files
 * created 0600 — and what it writes botocore reads back the same (checked with the machine's Python).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { parseIni } from '../../src/core/config/ini.js';
import { updateIniText } from '../../src/core/config/writer.js';

describe('updateIniText', () => {
  const text =
    '# my settings\n[default]\nregion = eu-west-3 \n; keep me\noutput = json\n\n[profile dev]\nregion=ap-southeast-2\ns3 =\n  max_concurrent_requests = 4\n\n[sso-session corp]\nsso_region = us-east-1\n';

  it('rewrites a key where it is and keeps everything else', () => {
    expect(updateIniText(text, 'default', { region: 'us-west-2' })).toBe(
      text.replace('region = eu-west-3 \n', 'region = us-west-2\n'),
    );
  });

  it('adds a key after the last setting of its section', () => {
    expect(updateIniText(text, 'profile dev', { output: 'table' })).toBe(
      text.replace('  max_concurrent_requests = 4\n', '  max_concurrent_requests = 4\noutput = table\n'),
    );
  });

  it('edits and extends nested blocks', () => {
    const updated = updateIniText(text, 'profile dev', {
      s3: { max_concurrent_requests: '20', multipart_chunksize: '16MB' },
    });
    expect(parseIni(updated, 'cfg')['profile dev']!.s3).toEqual({
      max_concurrent_requests: '20',
      multipart_chunksize: '16MB',
    });
    expect(updated.startsWith('# my settings\n[default]\nregion = eu-west-3 \n; keep me\n')).toBe(true);
  });

  it('appends a missing section at the end, and creates a file from nothing', () => {
    expect(updateIniText('[default]\nregion = a', 'profile qa', { region: 'b' })).toBe(
      '[default]\nregion = a\n[profile qa]\nregion = b\n',
    );
    expect(updateIniText(undefined, 'default', { output: 'text' })).toBe('[default]\noutput = text\n');
  });

  it('finds quoted profile sections', () => {
    expect(updateIniText('[profile "my name"]\nregion = a\n', 'profile my name', { region: 'b' })).toBe(
      '[profile "my name"]\nregion = b\n',
    );
  });
});

describe('configure set on disk', () => {
  const home = mkdtempSync(join(tmpdir(), 'isoaws-configure-'));
  const env = { HOME: home };
  // No homeDir: the Node host takes the home directory from HOME, as the CLI's ~ does (ENV-24).
  const run = (...argv: string[]) =>
    runCli(argv, createNodeHost({ env, stdout: { write() {} }, stderr: { write() {} } }));

  it("creates ~/.aws/credentials with mode 0600 and keeps an existing file's mode", async () => {
    expect(await run('configure', 'set', 'aws_access_key_id', 'AKIDNEW', '--profile', 'qa')).toBe(0);
    expect(statSync(join(home, '.aws/credentials')).mode & 0o777).toBe(0o600);
    writeFileSync(join(home, '.aws/config'), '# mine\n[default]\nregion = eu-west-1\n', { mode: 0o640 });
    expect(await run('configure', 'set', 'output', 'yaml')).toBe(0);
    expect(statSync(join(home, '.aws/config')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toBe(
      '# mine\n[default]\nregion = eu-west-1\noutput = yaml\n',
    );
  });

  const python = spawnSync('python3', ['-c', 'import botocore.configloader'], { encoding: 'utf8' });
  const haveBotocore = python.status === 0;
  it.skipIf(!haveBotocore && process.env.CI !== 'true')('what it writes, botocore reads the same', async () => {
    expect(await run('configure', 'set', 'profile.dev.region', 'ap-south-1')).toBe(0);
    expect(await run('configure', 'set', 'profile.dev.s3.max_concurrent_requests', '20')).toBe(0);
    expect(await run('configure', 'set', 'aws_secret_access_key', 'secret/with+chars', '--profile', 'qa')).toBe(0);
    for (const file of ['config', 'credentials']) {
      const path = join(home, '.aws', file);
      const ours = parseIni(readFileSync(path, 'utf8'), path);
      const theirs = spawnSync(
        'python3',
        [
          '-c',
          'import json, sys; from botocore.configloader import raw_config_parse; print(json.dumps(raw_config_parse(sys.argv[1])))',
          path,
        ],
        { encoding: 'utf8' },
      );
      expect(theirs.status).toBe(0);
      expect(ours).toEqual(JSON.parse(theirs.stdout));
    }
  });
});

describe('configure (interactive) and configure import', () => {
  it('asks with the current values masked, keeps what is left empty, writes keys and settings to their files', async () => {
    const { createMemoryHost, reply } = await import('../support/memory-host.js');
    const host = createMemoryHost(() => reply(500));
    await host.fs.writeFile(
      '/home/test/.aws/credentials',
      '[default]\naws_access_key_id = AKIDOLD0000000001234\naws_secret_access_key = oldsecret\n',
    );
    await host.fs.writeFile('/home/test/.aws/config', '[default]\nregion = eu-west-1\n');
    const asked: string[] = [];
    const answers = ['', 'newsecret', 'us-east-2', ''];
    host.prompt = {
      ask: async (q) => {
        asked.push(q);
        return answers.shift()!;
      },
    };
    expect(await runCli(['configure'], host)).toBe(0);
    expect(asked).toEqual([
      'AWS Access Key ID [****************1234]: ',
      'AWS Secret Access Key [****************cret]: ',
      'Default region name [eu-west-1]: ',
      'Default output format [None]: ',
    ]);
    expect(new TextDecoder().decode(await host.fs.readFile('/home/test/.aws/credentials'))).toBe(
      '[default]\naws_access_key_id = AKIDOLD0000000001234\naws_secret_access_key = newsecret\n',
    );
    expect(new TextDecoder().decode(await host.fs.readFile('/home/test/.aws/config'))).toBe(
      '[default]\nregion = us-east-2\n',
    );
  });

  it('imports the IAM console CSV as profiles, with a prefix, skipping incomplete rows when asked', async () => {
    const { createMemoryHost, reply } = await import('../support/memory-host.js');
    const host = createMemoryHost(() => reply(500));
    await host.fs.writeFile(
      'keys.csv',
      'User name,Password,Access key ID,Secret access key,Console login link\nalice,,AKIDALICE,alicesecret,https://x\nbob,,,,\n',
    );
    expect(await runCli(['configure', 'import', '--csv', 'file://keys.csv'], host)).toBe(252);
    expect(host.err.join('')).toContain('Failed to parse entry #2: Row missing value for header "Access Key ID"');
    expect(
      await runCli(
        ['configure', 'import', '--csv', 'file://keys.csv', '--skip-invalid', '--profile-prefix', 'iam-'],
        host,
      ),
    ).toBe(0);
    expect(host.out.join('')).toBe('Successfully imported 1 profile(s)\n');
    expect(new TextDecoder().decode(await host.fs.readFile('/home/test/.aws/credentials'))).toBe(
      '[iam-alice]\naws_access_key_id = AKIDALICE\naws_secret_access_key = alicesecret\n',
    );
  });
});
