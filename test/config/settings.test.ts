/**
 * The settings table: environment over config file, nested `s3` blocks and their top-level spellings,
 * typed values and the errors for bad ones; then the settings as a command sees them (FIPS, dual-stack,
 * STS and S3 endpoint styles, account-based endpoints), each level of precedence through the CLI.
 */
import { describe, expect, it } from 'vitest';
import { applyGiven, SETTINGS, settingsConfig, settingValue } from '../../src/core/config/settings.js';
import { GLOBAL_SPECS } from '../../src/cli/globals.js';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

describe('settingValue', () => {
  it('takes the environment over the profile, and the first of several variables', () => {
    expect(settingValue('region', { AWS_DEFAULT_REGION: 'eu-west-1' }, { region: 'us-west-2' })).toBe('eu-west-1');
    expect(settingValue('region', { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'eu-west-1' })).toBe('ap-south-1');
    expect(settingValue('region', {}, { region: 'us-west-2' })).toBe('us-west-2');
    expect(settingValue('region', { AWS_REGION: '' }, {})).toBeUndefined();
  });

  it('reads nested s3 settings and their top-level spellings', () => {
    expect(settingValue('s3.addressing_style', {}, { s3: { addressing_style: 'path' } })).toBe('path');
    expect(settingValue('s3.use_arn_region', {}, { s3_use_arn_region: 'false' })).toBe(false);
    expect(
      settingValue('s3.use_arn_region', { AWS_S3_USE_ARN_REGION: 'TRUE' }, { s3: { use_arn_region: 'false' } }),
    ).toBe(true);
  });

  it('reads booleans as botocore does, integers and choices strictly', () => {
    expect(settingValue('use_fips_endpoint', { AWS_USE_FIPS_ENDPOINT: 'True' })).toBe(true);
    expect(settingValue('use_fips_endpoint', { AWS_USE_FIPS_ENDPOINT: 'yes' })).toBe(false);
    expect(settingValue('max_attempts', {}, { max_attempts: ' 7 ' })).toBe(7);
    expect(settingValue('retry_mode', { AWS_RETRY_MODE: 'Adaptive' })).toBe('adaptive');
    expect(() => settingValue('max_attempts', { AWS_MAX_ATTEMPTS: 'abc' })).toThrow(
      "Invalid value for max_attempts (AWS_MAX_ATTEMPTS): 'abc'; expected an integer",
    );
    expect(() => settingValue('retry_mode', {}, { retry_mode: 'fast' })).toThrow(
      "Invalid value for retry_mode (retry_mode): 'fast'; expected one of: standard, legacy, adaptive",
    );
  });

  it('has one row per key, each variable in one row only', () => {
    const keys = SETTINGS.map((s) => s.key);
    const vars = SETTINGS.flatMap((s) => s.env ?? []);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(vars).size).toBe(vars.length);
  });

  it('takes what the caller gives over the environment and the file, through the table', () => {
    const config = settingsConfig({ AWS_REGION: 'us-east-2', AWS_CA_BUNDLE: '/env.pem' }, { region: 'eu-west-1' });
    applyGiven(config, {
      region: 'ap-south-1',
      endpointUrl: 'http://localhost:4566',
      verifySsl: false,
      readTimeoutMs: 0,
    });
    expect(config).toEqual({
      region: 'ap-south-1',
      caBundle: '/env.pem',
      endpointUrl: 'http://localhost:4566',
      verifySsl: false,
      readTimeoutMs: 0,
    });
    // Each given setting is one row's, and a row's option is a global option of the CLI.
    const given = SETTINGS.flatMap((s) => (s.given ? [s.given] : []));
    expect(new Set(given).size).toBe(given.length);
    const flags = GLOBAL_SPECS.map((g) => g.flag);
    for (const s of SETTINGS) if (s.option) expect(flags).toContain(s.option);
    // A setting only the caller gives is not read from the environment or the file.
    expect(settingsConfig({}, { endpoint_url: 'http://file', cli_read_timeout: '5' })).toEqual({});
  });

  it('builds the client configuration', () => {
    expect(
      settingsConfig(
        { AWS_USE_DUALSTACK_ENDPOINT: 'true' },
        { region: 'eu-west-1', use_fips_endpoint: 'true', s3: { addressing_style: 'virtual' }, max_attempts: '0' },
      ),
    ).toEqual({
      region: 'eu-west-1',
      useFipsEndpoint: true,
      useDualstackEndpoint: true,
      s3: { addressingStyle: 'virtual' },
    });
  });
});

describe('settings as a command sees them', () => {
  async function url(config: string, argv: string[], env: Record<string, string> = {}) {
    const host = createMemoryHost(() => reply(200, '<R/>', { 'content-type': 'text/xml' }), {
      env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', ...env },
    });
    await host.fs.writeFile('/home/test/.aws/config', config);
    const code = await runCli([...argv, '--output', 'json'], host);
    return { code, url: host.requests[0]?.url, err: host.err.join('') };
  }

  it('use_fips_endpoint and use_dualstack_endpoint from the profile, the environment over them', async () => {
    expect(
      (await url('[default]\nregion = us-east-1\nuse_fips_endpoint = true\n', ['sts', 'get-caller-identity'])).url,
    ).toBe('https://sts-fips.us-east-1.amazonaws.com/');
    expect(
      (
        await url('[default]\nregion = us-east-1\nuse_fips_endpoint = true\n', ['sts', 'get-caller-identity'], {
          AWS_USE_FIPS_ENDPOINT: 'false',
        })
      ).url,
    ).toBe('https://sts.us-east-1.amazonaws.com/');
    expect(
      (await url('[default]\nregion = us-east-1\nuse_dualstack_endpoint = true\n', ['ec2', 'describe-regions'])).url,
    ).toBe('https://ec2.us-east-1.api.aws/');
  });

  it('the region option over the environment over the profile', async () => {
    const config = '[default]\nregion = us-west-2\n';
    expect((await url(config, ['sts', 'get-caller-identity'])).url).toBe('https://sts.us-west-2.amazonaws.com/');
    expect((await url(config, ['sts', 'get-caller-identity'], { AWS_DEFAULT_REGION: 'eu-west-1' })).url).toBe(
      'https://sts.eu-west-1.amazonaws.com/',
    );
    expect(
      (await url(config, ['sts', 'get-caller-identity', '--region', 'ap-south-1'], { AWS_DEFAULT_REGION: 'eu-west-1' }))
        .url,
    ).toBe('https://sts.ap-south-1.amazonaws.com/');
  });

  it("the s3 block's use_dualstack_endpoint for S3 only, with accelerate too", async () => {
    const config = '[default]\nregion = us-west-2\ns3 =\n  use_dualstack_endpoint = true\n';
    expect((await url(config, ['s3api', 'list-objects-v2', '--bucket', 'my-bucket'])).url).toBe(
      'https://my-bucket.s3.dualstack.us-west-2.amazonaws.com/?list-type=2&encoding-type=url',
    );
    expect(
      (await url(`${config}  use_accelerate_endpoint = true\n`, ['s3api', 'list-objects-v2', '--bucket', 'my-bucket']))
        .url,
    ).toBe('https://my-bucket.s3-accelerate.dualstack.amazonaws.com/?list-type=2&encoding-type=url');
    expect((await url(config, ['sts', 'get-caller-identity'])).url).toBe('https://sts.us-west-2.amazonaws.com/');
  });

  it('S3 in us-east-1 goes to the regional endpoint, as AWS CLI v2 sends it, unless us_east_1_regional_endpoint is legacy', async () => {
    expect(
      (await url('[default]\nregion = us-east-1\n', ['s3api', 'list-objects-v2', '--bucket', 'my-bucket'])).url,
    ).toBe('https://my-bucket.s3.us-east-1.amazonaws.com/?list-type=2&encoding-type=url');
    expect(
      (
        await url('[default]\nregion = us-east-1\ns3 =\n  us_east_1_regional_endpoint = legacy\n', [
          's3api',
          'list-objects-v2',
          '--bucket',
          'my-bucket',
        ])
      ).url,
    ).toBe('https://my-bucket.s3.amazonaws.com/?list-type=2&encoding-type=url');
  });

  it('sts_regional_endpoints = legacy and s3 addressing_style = path', async () => {
    expect(
      (await url('[default]\nregion = us-west-2\nsts_regional_endpoints = legacy\n', ['sts', 'get-caller-identity']))
        .url,
    ).toBe('https://sts.amazonaws.com/');
    expect(
      (
        await url('[default]\nregion = us-west-2\ns3 =\n  addressing_style = path\n', [
          's3api',
          'list-objects-v2',
          '--bucket',
          'b',
        ])
      ).url,
    ).toBe('https://s3.us-west-2.amazonaws.com/b?list-type=2&encoding-type=url');
  });

  it("an account-based endpoint from the signing credentials' account, unless account_id_endpoint_mode is disabled", async () => {
    const noEnvKeys = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const config =
      '[default]\nregion = us-east-1\naws_access_key_id = AK\naws_secret_access_key = SK\naws_account_id = 123456789012\n';
    expect((await url(config, ['dynamodb', 'list-tables'], noEnvKeys)).url).toBe(
      'https://123456789012.ddb.us-east-1.amazonaws.com/',
    );
    expect(
      (await url(`${config}account_id_endpoint_mode = disabled\n`, ['dynamodb', 'list-tables'], noEnvKeys)).url,
    ).toBe('https://dynamodb.us-east-1.amazonaws.com/');
    // As botocore (checked with aws-cli 1.45): the profile's account does not go with the environment's keys…
    expect((await url(config, ['dynamodb', 'list-tables'])).url).toBe('https://dynamodb.us-east-1.amazonaws.com/');
    // …the environment's own AWS_ACCOUNT_ID does; services without account endpoints never use it.
    expect((await url(config, ['dynamodb', 'list-tables'], { AWS_ACCOUNT_ID: '999988887777' })).url).toBe(
      'https://999988887777.ddb.us-east-1.amazonaws.com/',
    );
    expect((await url(config, ['sts', 'get-caller-identity'], { AWS_ACCOUNT_ID: '999988887777' })).url).toBe(
      'https://sts.us-east-1.amazonaws.com/',
    );
  });

  it('s3 payload signing as botocore decides it: the setting first, else unsigned only for a checksummed streaming upload over https', async () => {
    const call = async (config: string, argv: string[]) => {
      const host = createMemoryHost(() => reply(200, ''), {
        env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' },
      });
      await host.fs.writeFile('/home/test/.aws/config', `[default]\nregion = us-east-1\n${config}`);
      await host.fs.writeFile('/home/test/body.txt', 'hello');
      expect(await runCli(['s3api', ...argv], host)).toBe(0);
      return host.requests[0]!.headers['x-amz-content-sha256'];
    };
    const put = (config: string, endpoint: string[] = []) =>
      call(config, [...endpoint, 'put-object', '--bucket', 'b', '--key', 'k', '--body', '/home/test/body.txt']);
    const HASH = /^[0-9a-f]{64}$/;
    expect(await put('')).toBe('UNSIGNED-PAYLOAD');
    expect(await put('', ['--endpoint-url', 'http://127.0.0.1:1'])).toMatch(HASH);
    expect(await put('s3 =\n  payload_signing_enabled = false\n', ['--endpoint-url', 'http://127.0.0.1:1'])).toBe(
      'UNSIGNED-PAYLOAD',
    );
    expect(await put('s3 =\n  payload_signing_enabled = true\n')).toMatch(HASH);
    // No streaming payload member: signed over https too.
    expect(await call('', ['put-bucket-tagging', '--bucket', 'b', '--tagging', 'TagSet=[{Key=a,Value=b}]'])).toMatch(
      HASH,
    );
  });

  it("parameter_validation = false sends what the model's checks would refuse", async () => {
    expect(await url('[default]\nregion = us-east-1\n', ['iam', 'create-user', '--user-name', ''])).toMatchObject({
      code: 252,
      url: undefined,
    });
    expect(
      await url('[default]\nregion = us-east-1\nparameter_validation = false\n', [
        'iam',
        'create-user',
        '--user-name',
        '',
      ]),
    ).toMatchObject({ code: 0, url: 'https://iam.amazonaws.com/' });
  });

  it("cli_timestamp_format: iso8601 is the default, wire is taken; any other value (v1's none too) stops the command as v2 does (253)", async () => {
    expect(
      (await url('[default]\nregion = us-east-1\ncli_timestamp_format = iso8601\n', ['sts', 'get-caller-identity']))
        .code,
    ).toBe(0);
    expect(
      await url('[default]\nregion = us-east-1\ncli_timestamp_format = bogus\n', ['sts', 'get-caller-identity']),
    ).toEqual({
      code: 253,
      url: undefined,
      err: '\nUnknown cli_timestamp_format value: bogus, valid values are "wire" or "iso8601"\n',
    });
    expect(
      await url('[default]\nregion = us-east-1\ncli_timestamp_format = wire\n', ['sts', 'get-caller-identity']),
    ).toEqual({ code: 0, url: 'https://sts.us-east-1.amazonaws.com/', err: '' });
    expect(
      (await url('[default]\nregion = us-east-1\ncli_timestamp_format = none\n', ['sts', 'get-caller-identity'])).err,
    ).toBe('\nUnknown cli_timestamp_format value: none, valid values are "wire" or "iso8601"\n');
    // What wire prints is test/cli/wire-timestamps.test.ts's.
  });

  it('a bad value stops the command naming the setting (exit 255)', async () => {
    expect(
      await url('[default]\nregion = us-east-1\n', ['sts', 'get-caller-identity'], { AWS_MAX_ATTEMPTS: 'abc' }),
    ).toEqual({
      code: 255,
      url: undefined,
      err: "\nInvalid value for max_attempts (AWS_MAX_ATTEMPTS): 'abc'; expected an integer\n",
    });
  });
});
