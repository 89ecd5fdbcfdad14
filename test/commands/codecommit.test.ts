/**
 * `codecommit credential-helper` (the AWS CLI's codecommit.py): git's key=value lines in, a user name and
 * a signed password out. The password is byte-equal to botocore 1.43.11's (the CLI's sign_request with
 * its clock at the memory host's 2024-01-02T03:04:05Z, same keys and path).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKID',
  AWS_SECRET_ACCESS_KEY: 's',
  AWS_SESSION_TOKEN: 'TOKEN',
  AWS_DEFAULT_REGION: 'us-east-1',
};

async function helper(argv: string[], input: string) {
  const host = createMemoryHost(() => reply(200, ''), { env: ENV });
  host.stdin = (async function* () {
    yield new TextEncoder().encode(input);
  })();
  const code = await runCli(['codecommit', 'credential-helper', ...argv], host);
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests };
}

const GIT = 'protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com\npath=v1/repos/myrepo\n\n';

describe('codecommit credential-helper', () => {
  it('get: the key with its session token, and the time and signature as the password; nothing is sent', async () => {
    const { code, out, requests } = await helper(['get'], GIT);
    expect(code).toBe(0);
    expect(out).toBe(
      'username=AKID%TOKEN\npassword=20240102T030405Zb0f595ec787dbb8b4701f42c1bd2abb92b6c6519aa653519c84925072e9f0755\n',
    );
    expect(requests).toHaveLength(0);
  });

  it('gives a host that is not Amazon’s nothing, unless --ignore-host-check', async () => {
    const other = 'protocol=https\nhost=git.example.com\npath=repo\n';
    expect((await helper(['get'], other)).out).toBe('');
    // The region is then the profile's: us-east-1 here.
    expect((await helper(['get', '--ignore-host-check'], other)).out).toMatch(
      /^username=AKID%TOKEN\npassword=20240102T030405Z[0-9a-f]{64}\n$/,
    );
  });

  it('store and erase do nothing; an unknown subcommand is refused with the choices (exit 252)', async () => {
    expect(await helper(['store'], GIT)).toMatchObject({ code: 0, out: '' });
    expect(await helper(['erase'], GIT)).toMatchObject({ code: 0, out: '' });
    const bad = await helper(['got'], GIT);
    expect(bad.code).toBe(252);
    expect(bad.err).toContain('Invalid choice, valid choices are:\n\nget                                      | store');
  });

  it.each([
    ['protocol=https\npath=v1/repos/r\n', 'credential-helper get needs host= on standard input, as git gives it'],
    ['protocol=https\nhost\n', 'credential-helper get reads key=value lines; this one has no "=": host'],
  ])(
    'refuses git input it cannot read (%j) with a message naming what is missing (exit 255)',
    async (input, message) => {
      const { code, err } = await helper(['get'], input);
      expect(code).toBe(255);
      expect(err).toBe(`\n${message}\n`);
    },
  );
});
