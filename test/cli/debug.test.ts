/** `--debug`: every step on stderr, and never a secret key, session token, signature or sensitive parameter. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

describe('--debug', () => {
  it('logs parameters, endpoint, canonical request, string to sign, request and response, redacted', async () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIDDEBUG',
      AWS_SECRET_ACCESS_KEY: 'secret-key-value',
      AWS_SESSION_TOKEN: 'session-token-value',
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    const host = createMemoryHost(
      () =>
        reply(
          200,
          '<CreateLoginProfileResponse><CreateLoginProfileResult><LoginProfile><UserName>u</UserName><CreateDate>2024-01-01T00:00:00Z</CreateDate></LoginProfile></CreateLoginProfileResult></CreateLoginProfileResponse>',
        ),
      { env },
    );
    const code = await runCli(
      ['--debug', 'iam', 'create-login-profile', '--user-name', 'u', '--password', 'hunter2-password'],
      host,
    );
    const err = host.err.join('');
    expect(code).toBe(0);
    for (const step of [
      'CLI version: isoaws/',
      'Calling iam.CreateLoginProfile with parameters',
      'Endpoint for iam.CreateLoginProfile: https://iam.amazonaws.com',
      'CanonicalRequest:\nPOST\n/\n',
      'StringToSign:\nAWS4-HMAC-SHA256\n',
      'Sending request (attempt 1): POST https://iam.amazonaws.com/',
      'Response (attempt 1): 200',
    ]) {
      expect(err).toContain(step);
    }
    expect(err).toContain('x-amz-security-token:REDACTED');
    expect(err).toContain('Signature=REDACTED');
    for (const secret of ['secret-key-value', 'session-token-value', 'hunter2-password'])
      expect(err).not.toContain(secret);
    expect(err).not.toMatch(/Signature=[0-9a-f]{64}/);
  });

  it('says which credential sources it tried, in order, and which answered (no keys)', async () => {
    const identity =
      '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
    const host = createMemoryHost(() => reply(200, identity), { env: { AWS_DEFAULT_REGION: 'us-east-1' } });
    await host.fs.writeFile(
      '/home/test/.aws/credentials',
      '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n',
    );
    expect(await runCli(['--debug', 'sts', 'get-caller-identity'], host)).toBe(0);
    const lines = (h: typeof host) =>
      h.err
        .join('')
        .split('\n')
        .filter((l) => l.includes('isoaws.credentials'))
        .map((l) => l.replace(/^.* - DEBUG - /, ''));
    expect(lines(host)).toEqual([
      'Looking for credentials via: env',
      'Looking for credentials via: the profile "default"',
      'Found credentials via the profile "default": shared-credentials-file',
    ]);
    host.err.length = 0;
    expect(await runCli(['--debug', 'sts', 'get-caller-identity', '--profile', 'dev'], host)).toBe(0);
    expect(lines(host)).toEqual([
      'Skipping environment variable credential check because profile name was explicitly set.',
      'Looking for credentials via: the profile "dev"',
      'Found credentials via the profile "dev": shared-credentials-file',
    ]);
    expect(host.err.join('')).not.toContain('secret');
  });

  it("shows no SSE-C key, of the object or of a copy's source, in the canonical request or the headers", async () => {
    const host = createMemoryHost(() => reply(200, '<CopyObjectResult><ETag>"e"</ETag></CopyObjectResult>'), {
      env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' },
    });
    const key = '01234567890123456789012345678901';
    const code = await runCli(
      [
        '--debug',
        's3api',
        'copy-object',
        '--bucket',
        'b',
        '--key',
        'k',
        '--copy-source',
        'b/src',
        '--sse-customer-algorithm',
        'AES256',
        '--sse-customer-key',
        key,
        '--copy-source-sse-customer-algorithm',
        'AES256',
        '--copy-source-sse-customer-key',
        key,
      ],
      host,
    );
    const err = host.err.join('');
    expect(code).toBe(0);
    expect(err).toContain('x-amz-server-side-encryption-customer-key:REDACTED');
    expect(err).toContain('x-amz-copy-source-server-side-encryption-customer-key:REDACTED');
    expect(err).toContain('"x-amz-server-side-encryption-customer-key":"REDACTED"');
    // The key as typed, and base64-encoded as it is sent.
    for (const secret of [key, Buffer.from(key).toString('base64')]) expect(err).not.toContain(secret);
  });
});
