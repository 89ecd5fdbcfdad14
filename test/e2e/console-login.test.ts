/**
 * `login` end to end over real sockets: the stand-in Sign-In (test/support/signin-stand-in.ts) behind
 * an HTTP server, a browser that follows its authorize page's redirect into the loopback server the
 * Node host opens, then a command signed with the cached keys, their renewal once they are close to
 * expiry (Sign-In found through AWS_ENDPOINT_URL_SIGNIN), and `logout`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import type { Host } from '../../src/core/host.js';
import { createSigninStandIn, SESSION_ARN } from '../support/signin-stand-in.js';
import { callerIdentityByKey, localServers } from '../support/local-servers.js';

const { listen } = localServers();

describe('login end to end', () => {
  it('signs in through the browser and the loopback server, signs a command, renews the keys, and logs out', async () => {
    const signin = createSigninStandIn();
    let origin = '';
    origin = await listen(
      createServer((req, res) => {
        let body = '';
        req.on('data', (d) => void (body += d));
        req.on('end', () => {
          const url = new URL(req.url!, origin);
          if (url.pathname === '/v1/authorize') {
            res.writeHead(302, { location: signin.authorize(url).location! });
            return res.end();
          }
          const r = signin.token(`${origin}${req.url}`, body, req.headers.dpop as string | undefined);
          res.writeHead(r.status, r.headers);
          res.end(r.body);
        });
      }),
    );
    const api = await listen(createServer(callerIdentityByKey));
    const home = mkdtempSync(join(tmpdir(), 'isoaws-login-'));
    let later = 0;
    const run = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const host = createNodeHost({
        env: {
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
          AWS_ENDPOINT_URL_SIGNIN: origin,
          AWS_DEFAULT_REGION: 'us-west-2',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        homeDir: home,
        stdout: { write: (t) => void (out += t) },
        stderr: { write: (t) => void (err += t) },
      });
      // The browser: opens the authorize page and follows its redirect to the loopback server.
      const browser: Host = {
        ...host,
        now: () => new Date(Date.now() + later),
        openUrl: async (url) => void (await (await fetch(url)).text()),
      };
      return { code: await runCli(argv, browser), out, err };
    };

    const login = await run('login', '--profile', 'dev');
    expect(login.err).toBe('');
    expect(login.code).toBe(0);
    expect(login.out).toContain(`\n\n${origin}/v1/authorize?response_type=code&`);
    expect(signin.authorizations[0]!.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(signin.tokens[0]!.input.redirectUri).toBe(signin.authorizations[0]!.redirect_uri);
    expect(readFileSync(join(home, 'config'), 'utf8')).toBe(`[profile dev]\nlogin_session = ${SESSION_ARN}\n`);
    const cacheDir = join(home, '.aws/login/cache');
    const file = `${createHash('sha256').update(SESSION_ARN).digest('hex')}.json`;
    expect(readdirSync(cacheDir)).toEqual([file]);
    expect(statSync(join(cacheDir, file)).mode & 0o777).toBe(0o600);

    const identity = () =>
      run(
        'sts',
        'get-caller-identity',
        '--profile',
        'dev',
        '--endpoint-url',
        api,
        '--query',
        'Account',
        '--output',
        'text',
      );
    expect(await identity()).toEqual({ code: 0, out: 'ASIAKEYS1\n', err: '' });
    // Eleven minutes on, four are left: the keys are renewed and written back.
    later = 11 * 60_000;
    expect(await identity()).toEqual({ code: 0, out: 'ASIAKEYS2\n', err: '' });
    expect(signin.tokens.map((t) => t.input.grantType)).toEqual(['authorization_code', 'refresh_token']);
    expect(JSON.parse(readFileSync(join(cacheDir, file), 'utf8')).refreshToken).toBe('rt-2');

    expect((await run('logout', '--profile', 'dev')).code).toBe(0);
    expect(readdirSync(cacheDir)).toEqual([]);
    const after = await identity();
    expect(after.code).toBe(255);
    expect(after.err).toContain('Error loading login session token: Unable to load a existing login session');
  });
});
