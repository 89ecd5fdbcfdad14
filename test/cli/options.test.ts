/**
 * Global options and their precedence over the environment and the files, through runCli on the
 * memory host: --color on table output, a repeated option's last value, credentials refused as options
 * (the CLI's own usage text), the configure wizard and configure set/get for a named profile and a
 * session token, --endpoint-url over every configured endpoint, a services section shared by
 * profiles, AWS_ACCOUNT_ID_ENDPOINT_MODE over the profile, AWS_DEFAULT_OUTPUT over the profile.
 * Expected texts and files checked against aws-cli 2.9.19 (endpoint settings against 1.45, which 2.9 predates).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>';
const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function run(
  argv: string[],
  opts: { env?: Record<string, string>; config?: string; credentials?: string; body?: string } = {},
) {
  const host = createMemoryHost(() => reply(200, opts.body ?? IDENTITY, { 'content-type': 'text/xml' }), {
    env: opts.env ?? { ...KEYS, AWS_DEFAULT_REGION: 'us-east-1' },
  });
  if (opts.config !== undefined) await host.fs.writeFile('/home/test/.aws/config', opts.config);
  if (opts.credentials !== undefined) await host.fs.writeFile('/home/test/.aws/credentials', opts.credentials);
  const code = await runCli(argv, host);
  return {
    code,
    out: host.out.join(''),
    err: host.err.join(''),
    host,
    url: host.requests[0]?.url,
    body: host.requests[0]?.body ? decode(host.requests[0].body as Uint8Array) : undefined,
  };
}

describe('--color', () => {
  it('on puts ANSI escapes in table output around the values; off puts none', async () => {
    const on = await run(['sts', 'get-caller-identity', '--output', 'table', '--color', 'on']);
    expect(on.code).toBe(0);
    expect(on.out).toContain('\x1b[1m\x1b[34m123456789012\x1b[0m');
    expect(on.out).toContain('\x1b[1m\x1b[34marn:aws:iam::123456789012:user/x\x1b[0m');
    const off = await run(['sts', 'get-caller-identity', '--output', 'table', '--color', 'off']);
    expect(off.code).toBe(0);
    expect(off.out).not.toContain('\x1b');
    expect(off.out).toBe(
      [
        '----------------------------------------------------------------',
        '|                       GetCallerIdentity                      |',
        '+---------------+------------------------------------+---------+',
        '|    Account    |                Arn                 | UserId  |',
        '+---------------+------------------------------------+---------+',
        '|  123456789012 |  arn:aws:iam::123456789012:user/x  |  AIDA   |',
        '+---------------+------------------------------------+---------+',
        '',
      ].join('\n'),
    );
  });
});

describe('repeated and refused options', () => {
  it("a repeated option's last value is sent", async () => {
    const r = await run(['ec2', 'delete-key-pair', '--key-name', 'a', '--key-name', 'b'], {
      body: '<DeleteKeyPairResponse><return>true</return></DeleteKeyPairResponse>',
    });
    expect(r.code).toBe(0);
    expect(r.body).toBe('Action=DeleteKeyPair&Version=2016-11-15&KeyName=b');
  });

  it('credentials are not options: unknown options, exit 252, nothing sent', async () => {
    const r = await run(['sts', 'get-caller-identity', '--aws-access-key-id', 'X']);
    expect(r).toMatchObject({
      code: 252,
      out: '',
      err: [
        '',
        'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]',
        'To see help text, you can run:',
        '',
        '  aws help',
        '  aws <command> help',
        '  aws <command> <subcommand> help',
        '',
        'Unknown options: --aws-access-key-id, X',
        '',
        '',
      ].join('\n'),
    });
    expect(r.host.requests).toHaveLength(0);
  });
});

describe('configure for a named profile', () => {
  it('the wizard writes [produser] to the credentials file and [profile produser] to the config file', async () => {
    const host = createMemoryHost(() => reply(200, IDENTITY));
    const asked: string[] = [];
    const answers = ['AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'us-east-1', 'text'];
    host.prompt = {
      ask: async (q) => {
        asked.push(q);
        return answers.shift()!;
      },
    };
    expect(await runCli(['configure', '--profile', 'produser'], host)).toBe(0);
    expect(asked).toEqual([
      'AWS Access Key ID [None]: ',
      'AWS Secret Access Key [None]: ',
      'Default region name [None]: ',
      'Default output format [None]: ',
    ]);
    expect(decode(await host.fs.readFile('/home/test/.aws/credentials'))).toBe(
      '[produser]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n',
    );
    expect(decode(await host.fs.readFile('/home/test/.aws/config'))).toBe(
      '[profile produser]\nregion = us-east-1\noutput = text\n',
    );

    host.out.length = 0;
    expect(await runCli(['configure', 'get', 'region', '--profile', 'produser'], host)).toBe(0);
    expect(host.out.join('')).toBe('us-east-1\n');
    expect(await runCli(['sts', 'get-caller-identity', '--profile', 'produser'], host)).toBe(0);
    expect(host.requests[0]!.headers.authorization).toMatch(
      /Credential=AKIAI44QH8DHBEXAMPLE\/\d{8}\/us-east-1\/sts\/aws4_request/,
    );
  });

  it('configure set aws_session_token goes to the credentials file, and configure get reads it back', async () => {
    const host = createMemoryHost(() => reply(500));
    expect(await runCli(['configure', 'set', 'aws_session_token', 'fcZib3JpZ2luX2IQoJEXAMPLE'], host)).toBe(0);
    expect(decode(await host.fs.readFile('/home/test/.aws/credentials'))).toBe(
      '[default]\naws_session_token = fcZib3JpZ2luX2IQoJEXAMPLE\n',
    );
    expect(await host.fs.stat('/home/test/.aws/config')).toBeUndefined();
    expect(await runCli(['configure', 'get', 'aws_session_token'], host)).toBe(0);
    expect(host.out.join('')).toBe('fcZib3JpZ2luX2IQoJEXAMPLE\n');
  });
});

describe('endpoints and settings: options over the environment over the profile', () => {
  it("--endpoint-url beats AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, a services section and the profile's endpoint_url", async () => {
    const config =
      '[default]\nregion = us-east-1\nendpoint_url = https://profile.example\nservices = local\n[services local]\nsts =\n  endpoint_url = https://section.example\n';
    const env = {
      ...KEYS,
      AWS_ENDPOINT_URL_STS: 'https://service-env.example',
      AWS_ENDPOINT_URL: 'https://global-env.example',
    };
    expect((await run(['sts', 'get-caller-identity'], { env, config })).url).toBe('https://service-env.example/');
    const r = await run(['sts', 'get-caller-identity', '--endpoint-url', 'https://option.example'], { env, config });
    expect(r.code).toBe(0);
    expect(r.host.requests.map((q) => q.url)).toEqual(['https://option.example/']);
  });

  it('two profiles naming one services section both use it, each with its own output', async () => {
    const config = [
      '[profile dev1]',
      'region = us-east-1',
      'output = json',
      'services = testing-s3',
      'aws_access_key_id = AK1',
      'aws_secret_access_key = s1',
      '[profile dev2]',
      'region = us-east-1',
      'output = text',
      'services = testing-s3',
      'aws_access_key_id = AK2',
      'aws_secret_access_key = s2',
      '[services testing-s3]',
      's3 =',
      '  endpoint_url = https://localhost:4567',
      '',
    ].join('\n');
    const body = '<ListAllMyBucketsResult><Buckets><Bucket><Name>b1</Name></Bucket></Buckets></ListAllMyBucketsResult>';
    const dev1 = await run(['s3api', 'list-buckets', '--profile', 'dev1', '--query', 'Buckets[].Name'], {
      env: {},
      config,
      body,
    });
    const dev2 = await run(['s3api', 'list-buckets', '--profile', 'dev2', '--query', 'Buckets[].Name'], {
      env: {},
      config,
      body,
    });
    expect([dev1.code, dev2.code]).toEqual([0, 0]);
    expect(new URL(dev1.url!).origin).toBe('https://localhost:4567');
    expect(new URL(dev2.url!).origin).toBe('https://localhost:4567');
    expect(dev1.out).toBe('[\n    "b1"\n]\n');
    expect(dev2.out).toBe('b1\n');
  });

  it("AWS_ACCOUNT_ID_ENDPOINT_MODE=disabled overrides the profile's preferred", async () => {
    const config =
      '[default]\nregion = us-east-1\naws_access_key_id = AK\naws_secret_access_key = SK\naws_account_id = 123456789012\naccount_id_endpoint_mode = preferred\n';
    const body = '{"TableNames":[]}';
    expect((await run(['dynamodb', 'list-tables'], { env: {}, config, body })).url).toBe(
      'https://123456789012.ddb.us-east-1.amazonaws.com/',
    );
    const r = await run(['dynamodb', 'list-tables'], {
      env: { AWS_ACCOUNT_ID_ENDPOINT_MODE: 'disabled' },
      config,
      body,
    });
    expect(r.code).toBe(0);
    expect(r.url).toBe('https://dynamodb.us-east-1.amazonaws.com/');
  });

  it("AWS_DEFAULT_OUTPUT beats the profile's output", async () => {
    const config = '[default]\nregion = us-east-1\noutput = json\n';
    expect((await run(['sts', 'get-caller-identity', '--query', 'Account'], { env: KEYS, config })).out).toBe(
      '"123456789012"\n',
    );
    expect(
      await run(['sts', 'get-caller-identity', '--query', 'Account'], {
        env: { ...KEYS, AWS_DEFAULT_OUTPUT: 'text' },
        config,
      }),
    ).toMatchObject({ code: 0, out: '123456789012\n' });
  });
});

describe('glacier --account-id', () => {
  it('may be left out: the engine sends "-" (the caller\'s account), where the AWS CLI stops at its required check', async () => {
    const host = createMemoryHost(() => reply(201, '', { location: '/123456789012/vaults/myvault' }), {
      env: { ...KEYS, AWS_DEFAULT_REGION: 'us-east-1' },
    });
    expect(await runCli(['glacier', 'create-vault', '--vault-name', 'myvault'], host)).toBe(0);
    expect(new URL(host.requests[0]!.url).pathname).toBe('/-/vaults/myvault');
    expect(JSON.parse(host.out.join(''))).toEqual({ location: '/123456789012/vaults/myvault' });
    // Another account when given.
    expect(
      await runCli(['glacier', 'create-vault', '--vault-name', 'myvault', '--account-id', '111122223333'], host),
    ).toBe(0);
    expect(new URL(host.requests[1]!.url).pathname).toBe('/111122223333/vaults/myvault');
  });
});
