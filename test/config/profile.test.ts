/** The active profile and what the command line takes from it: region, output, keys, precedence. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
const CONFIG = '[default]\nregion = eu-west-1\noutput = text\n\n[profile dev]\nregion = ap-south-1\noutput = yaml\n';
const CREDENTIALS =
  '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\naws_session_token = dev-token\n';

async function run(argv: string[], env: Record<string, string> = {}) {
  const host = createMemoryHost(() => reply(200, IDENTITY), { env });
  await host.fs.writeFile('/home/test/.aws/config', CONFIG);
  await host.fs.writeFile('/home/test/.aws/credentials', CREDENTIALS);
  const code = await runCli(argv, host);
  const auth = host.requests[0]?.headers.authorization ?? '';
  return {
    code,
    out: host.out.join(''),
    err: host.err.join(''),
    scope: /Credential=([^,]+)/.exec(auth)?.[1],
    token: host.requests[0]?.headers['x-amz-security-token'],
  };
}

describe('profiles', () => {
  it('takes region, output and keys from the default profile', async () => {
    const r = await run(['sts', 'get-caller-identity', '--query', 'Account']);
    expect(r).toMatchObject({ code: 0, out: '123456789012\n' });
    expect(r.scope).toMatch(/^AKIDDEFAULT\/\d{8}\/eu-west-1\/sts\/aws4_request$/);
  });

  it('AWS_PROFILE and --profile select another profile; --profile wins', async () => {
    expect((await run(['sts', 'get-caller-identity'], { AWS_PROFILE: 'dev' })).out).toBe("Account: '123456789012'\n");
    const r = await run(['sts', 'get-caller-identity', '--profile', 'default', '--query', 'Account'], {
      AWS_PROFILE: 'dev',
    });
    expect(r.scope).toMatch(/^AKIDDEFAULT\/\d{8}\/eu-west-1\//);
  });

  it('options beat the environment, which beats the profile', async () => {
    const r = await run(['sts', 'get-caller-identity', '--region', 'sa-east-1', '--output', 'json'], {
      AWS_DEFAULT_REGION: 'us-east-2',
      AWS_DEFAULT_OUTPUT: 'table',
    });
    expect(r.scope).toMatch(/\/sa-east-1\//);
    expect(r.out).toBe('{\n    "Account": "123456789012"\n}\n');
    expect((await run(['sts', 'get-caller-identity'], { AWS_DEFAULT_REGION: 'us-east-2' })).scope).toMatch(
      /\/us-east-2\//,
    );
  });

  it('environment keys beat the files, except against an explicit --profile', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };
    expect((await run(['sts', 'get-caller-identity'], env)).scope).toMatch(/^AKIDENV\//);
    const r = await run(['sts', 'get-caller-identity', '--profile', 'dev'], env);
    expect(r.scope).toMatch(/^AKIDDEV\//);
    expect(r.token).toBe('dev-token');
  });

  it("settings in the credentials file count, over the config file's, as botocore merges the files", async () => {
    const host = createMemoryHost((req) =>
      reply(
        200,
        req.body && new TextDecoder().decode(req.body as Uint8Array).includes('AssumeRole')
          ? '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2999-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>'
          : IDENTITY,
      ),
    );
    await host.fs.writeFile('/home/test/.aws/config', CONFIG);
    await host.fs.writeFile(
      '/home/test/.aws/credentials',
      `${CREDENTIALS}region = sa-east-1\n\n[ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = default\n`,
    );
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'dev'], host)).toBe(0);
    expect(host.requests[0]!.headers.authorization).toMatch(/Credential=AKIDDEV\/\d{8}\/sa-east-1\//);
    host.requests.length = 0;
    // A role profile only in the credentials file is assumed like one in the config file.
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'ops', '--region', 'us-east-1'], host)).toBe(0);
    expect(host.requests.map((r) => /Credential=(\w+)/.exec(r.headers.authorization ?? '')?.[1])).toEqual([
      'AKIDDEFAULT',
      'ASIAROLE',
    ]);
  });

  it('a key ID without its secret stops the chain, naming the source and what is missing (255)', async () => {
    expect(await run(['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: 'AKIDENV' })).toMatchObject({
      code: 255,
      err: '\nPartial credentials found in env, missing: AWS_SECRET_ACCESS_KEY\n',
    });
    // A secret alone in the environment is not a credential: the files' keys are used.
    expect((await run(['sts', 'get-caller-identity'], { AWS_SECRET_ACCESS_KEY: 'lonely' })).scope).toMatch(
      /^AKIDDEFAULT\//,
    );
    for (const [file, source] of [
      ['credentials', 'shared-credentials-file'],
      ['config', 'config-file'],
    ]) {
      const host = createMemoryHost(() => reply(200, IDENTITY));
      await host.fs.writeFile(
        `/home/test/.aws/${file}`,
        '[default]\nregion = us-east-1\naws_access_key_id = AKIDHALF\n',
      );
      expect(await runCli(['sts', 'get-caller-identity'], host)).toBe(255);
      expect(host.err.join('')).toBe(`\nPartial credentials found in ${source}, missing: aws_secret_access_key\n`);
      expect(host.requests).toHaveLength(0);
    }
  });

  it('an output format the CLI does not know, from the environment or the profile, fails when printing (255)', async () => {
    const r = await run(['sts', 'get-caller-identity'], { AWS_DEFAULT_OUTPUT: 'Text' });
    expect(r).toMatchObject({ code: 255, out: '', err: '\nUnknown output type: Text\n' });
    expect(r.scope).toBeDefined();
  });

  it("configure list shows the credentials a command would use and their provider, a role's included", async () => {
    const ROLE =
      '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLEKEY9</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2999-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>';
    const host = createMemoryHost(() => reply(200, ROLE));
    await host.fs.writeFile(
      '/home/test/.aws/config',
      `${CONFIG}\n[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = default\n`,
    );
    await host.fs.writeFile('/home/test/.aws/credentials', CREDENTIALS);
    expect(await runCli(['configure', 'list', '--profile', 'ops'], host)).toBe(0);
    expect(host.out.join('')).toBe(
      [
        '      Name                    Value             Type    Location',
        '      ----                    -----             ----    --------',
        '   profile                      ops           manual    --profile',
        'access_key     ****************KEY9      assume-role    ',
        'secret_key     ****************cret      assume-role    ',
        '    region                <not set>             None    None',
        '',
      ].join('\n'),
    );
    const none = createMemoryHost(() => reply(500, ''));
    expect(await runCli(['configure', 'list'], none)).toBe(0);
    expect(none.out.join('')).toContain('access_key                <not set>             None    None\n');
  });

  it('expands $NAME, ${NAME} and ~ in AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, as botocore opens them', async () => {
    const host = createMemoryHost(() => reply(200, IDENTITY), {
      env: {
        AWS_CONFIG_FILE: '$CFG_DIR/cfg',
        AWS_SHARED_CREDENTIALS_FILE: '~/${CREDS}',
        CFG_DIR: '/tmp/aws',
        CREDS: 'keys',
      },
    });
    await host.fs.writeFile('/tmp/aws/cfg', '[default]\nregion = eu-north-1\n');
    await host.fs.writeFile(
      '/home/test/keys',
      '[default]\naws_access_key_id = AKIDEXPANDED\naws_secret_access_key = s\n',
    );
    expect(await runCli(['sts', 'get-caller-identity'], host)).toBe(0);
    expect(host.requests[0]!.headers.authorization).toMatch(/Credential=AKIDEXPANDED\/\d{8}\/eu-north-1\//);
    expect(await runCli(['configure', 'get', 'region'], host)).toBe(0);
    expect(host.out.at(-1)).toBe('eu-north-1\n');
  });

  it('an unknown profile is an error (255), as in the CLI', async () => {
    expect(await run(['sts', 'get-caller-identity', '--profile', 'nope'])).toMatchObject({
      code: 255,
      err: '\nThe config profile (nope) could not be found\n',
    });
  });

  it('a malformed config file names the file and the line', async () => {
    const host = createMemoryHost(() => reply(200, IDENTITY));
    await host.fs.writeFile('/home/test/.aws/config', '[default]\nregion us-east-1\n');
    expect(await runCli(['sts', 'get-caller-identity'], host)).toBe(255);
    expect(host.err.join('')).toBe(
      '\nUnable to parse config file: /home/test/.aws/config\nline 2: expected "key = value" or a [section], found "region us-east-1"\n',
    );
  });
});

describe('configure export-credentials', () => {
  async function exportAs(format: string[], env: Record<string, string>) {
    const host = createMemoryHost(() => reply(500), { env: { AWS_EC2_METADATA_DISABLED: 'true', ...env } });
    await host.fs.writeFile('/home/test/.aws/credentials', CREDENTIALS);
    const code = await runCli(['configure', 'export-credentials', ...format], host);
    return { code, out: host.out.join(''), err: host.err.join('') };
  }

  it('prints the resolved credentials in each format, as the CLI does', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDX', AWS_SECRET_ACCESS_KEY: 'sec', AWS_SESSION_TOKEN: 'tok' };
    expect((await exportAs([], env)).out).toBe(
      '{\n  "Version": 1,\n  "AccessKeyId": "AKIDX",\n  "SecretAccessKey": "sec",\n  "SessionToken": "tok"\n}\n',
    );
    expect((await exportAs(['--format', 'env'], env)).out).toBe(
      'export AWS_ACCESS_KEY_ID=AKIDX\nexport AWS_SECRET_ACCESS_KEY=sec\nexport AWS_SESSION_TOKEN=tok\n',
    );
    expect((await exportAs(['--format', 'powershell'], env)).out).toBe(
      '$Env:AWS_ACCESS_KEY_ID="AKIDX"\n$Env:AWS_SECRET_ACCESS_KEY="sec"\n$Env:AWS_SESSION_TOKEN="tok"\n',
    );
    expect((await exportAs(['--format', 'windows-cmd', '--profile', 'dev'], {})).out).toBe(
      'set AWS_ACCESS_KEY_ID=AKIDDEV\nset AWS_SECRET_ACCESS_KEY=dev-secret\nset AWS_SESSION_TOKEN=dev-token\n',
    );
  });

  it('says so when there are none (253)', async () => {
    const host = createMemoryHost(() => reply(500), { env: { AWS_EC2_METADATA_DISABLED: 'true' } });
    expect(await runCli(['configure', 'export-credentials'], host)).toBe(253);
    expect(host.err.join('')).toBe('\nUnable to retrieve credentials: no credentials found\n');
  });
});
