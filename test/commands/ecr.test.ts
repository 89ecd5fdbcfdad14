/**
 * `ecr get-login-password` and `ecr-public get-login-password` against a recording stand-in: the call
 * each sends and the password it prints, as AWS CLI v2 2.9.19 sent and printed them against the same
 * answers; unknown options and an unusable token refused with the CLI's exit codes.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpResponse } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const TOKEN = Buffer.from('AWS:secret-password-123').toString('base64');
const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };
const json = (body: unknown): HttpResponse =>
  reply(200, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.1' });

async function run(argv: string[], answer: HttpResponse) {
  const host = createMemoryHost(() => answer, { env: ENV });
  const code = await runCli(argv, host);
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests };
}

describe('get-login-password', () => {
  it.each([
    [
      'ecr',
      {
        authorizationData: [
          { authorizationToken: TOKEN, proxyEndpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com' },
        ],
      },
      'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
    ],
    [
      'ecr-public',
      { authorizationData: { authorizationToken: TOKEN } },
      'SpencerFrontendService.GetAuthorizationToken',
    ],
  ])('%s calls GetAuthorizationToken and prints the password alone', async (service, answer, target) => {
    const r = await run([service, 'get-login-password'], json(answer));
    expect([r.code, r.out, r.err]).toEqual([0, 'secret-password-123\n', '']);
    expect(r.requests).toHaveLength(1);
    const headers = Object.entries(r.requests[0]!.headers).map(([k, v]) => [k.toLowerCase(), v]);
    expect(Object.fromEntries(headers)['x-amz-target']).toBe(target);
    expect(new TextDecoder().decode(r.requests[0]!.body as Uint8Array)).toBe('{}');
  });

  it('refuses options it does not have before calling (exit 252)', async () => {
    const r = await run(['ecr', 'get-login-password', '--bogus'], json({}));
    expect([r.code, r.err, r.requests.length]).toEqual([252, '\nUnknown options: --bogus\n', 0]);
  });

  it('says so when the token is no user:password pair (exit 255)', async () => {
    const bad = Buffer.from('no-colon').toString('base64');
    const r = await run(['ecr', 'get-login-password'], json({ authorizationData: [{ authorizationToken: bad }] }));
    expect([r.code, r.out]).toEqual([255, '']);
    expect(r.err).toBe('\necr GetAuthorizationToken gave no token of the form user:password\n');
  });

  it('is on the service’s help page and has its own', async () => {
    const list = await run(['ecr', 'help'], json({}));
    expect(list.out).toContain('       o get-authorization-token\n       o get-download-url-for-layer\n');
    expect(list.out).toContain('       o get-login-password\n');
    const page = await run(['ecr-public', 'get-login-password', 'help'], json({}));
    expect(page.out).toContain('GetAuthorizationToken');
    expect(page.requests).toHaveLength(0);
  });
});
