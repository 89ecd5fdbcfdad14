/**
 * Database authentication tokens: `rds generate-db-auth-token` and `dsql generate-db-connect(-admin)-auth-token`.
 * Each expected token is what botocore 1.43.11 (the AWS CLI's generate_db_auth_token and DSQL's) made for
 * the same arguments, credentials and clock (2026-12-06T01:00:00Z). Nothing is sent; bad arguments are
 * refused with the CLI's exit codes.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const NOW = new Date('2026-12-06T01:00:00Z');
const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };

async function run(argv: string[], env: Record<string, string> = {}) {
  const host = createMemoryHost(() => reply(500), {
    now: NOW,
    env: { AWS_DEFAULT_REGION: 'us-east-1', ...KEYS, ...env },
  });
  const code = await runCli(argv, host);
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests.length };
}

describe('database authentication tokens', () => {
  it.each([
    [
      [
        'rds',
        'generate-db-auth-token',
        '--hostname',
        'mydb.abc.us-east-1.rds.amazonaws.com',
        '--port',
        '3306',
        '--username',
        'admin',
      ],
      {},
      'mydb.abc.us-east-1.rds.amazonaws.com:3306/?Action=connect&DBUser=admin&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20261206T010000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=460543c49a3b55306e2d32698336fd79e821edf78af94b326b3b7e6be56982a3',
    ],
    [
      [
        'rds',
        'generate-db-auth-token',
        '--hostname',
        'h',
        '--port',
        '5432',
        '--username',
        'a b',
        '--region',
        'eu-west-1',
      ],
      { AWS_SESSION_TOKEN: 'tok/en+x' },
      'h:5432/?Action=connect&DBUser=a%20b&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Feu-west-1%2Frds-db%2Faws4_request&X-Amz-Date=20261206T010000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=tok%2Fen%2Bx&X-Amz-Signature=e8c00ce7728a9a9516527713a2b1f64aa574feba80805113f378c54338a239b1',
    ],
    [
      ['dsql', 'generate-db-connect-auth-token', '--hostname', 'abc.dsql.us-east-1.on.aws'],
      {},
      'abc.dsql.us-east-1.on.aws/?Action=DbConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Fus-east-1%2Fdsql%2Faws4_request&X-Amz-Date=20261206T010000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=6d273fd67da1126001c7d0f7fb11eedd751e2bd0971aa7751ba5efb21eb5ea86',
    ],
    [
      ['dsql', 'generate-db-connect-admin-auth-token', '--hostname', 'abc.dsql.us-east-1.on.aws', '--expires-in', '60'],
      {},
      'abc.dsql.us-east-1.on.aws/?Action=DbConnectAdmin&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Fus-east-1%2Fdsql%2Faws4_request&X-Amz-Date=20261206T010000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=77c71b47b2c2ce7b4ad903e57c04006e49c9aa9b2d14568fd966baa2ef9c6b56',
    ],
  ])('%j prints the token botocore makes', async (argv, env, token) => {
    expect(await run(argv, env)).toEqual({ code: 0, out: `${token}\n`, err: '', requests: 0 });
  });

  it('refuses a port that is no integer with Python’s words (exit 255)', async () => {
    const r = await run(['rds', 'generate-db-auth-token', '--hostname', 'h', '--port', 'x', '--username', 'u']);
    expect([r.code, r.err]).toEqual([255, "\ninvalid literal for int() with base 10: 'x'\n"]);
  });

  it('requires the port, as argparse does (exit 252)', async () => {
    const r = await run(['rds', 'generate-db-auth-token', '--hostname', 'h', '--username', 'u']);
    expect(r.code).toBe(252);
    expect(r.err).toContain('the following arguments are required: --port');
  });

  it('needs credentials and a region to sign with', async () => {
    const argv = ['dsql', 'generate-db-connect-auth-token', '--hostname', 'h'];
    const host = createMemoryHost(() => reply(500), { now: NOW, env: KEYS });
    expect(await runCli(argv, host)).toBe(253);
    expect(host.err.join('')).toContain('You must specify a region.');
    const noKeys = createMemoryHost(() => reply(500), { now: NOW, env: { AWS_DEFAULT_REGION: 'us-east-1' } });
    expect(await runCli(argv, noKeys)).toBe(253);
    expect(noKeys.err.join('')).toContain('Unable to locate credentials.');
  });
});
