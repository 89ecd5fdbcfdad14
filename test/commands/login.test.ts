/**
 * `login` and `logout` (console credentials) against a stand-in AWS Sign-In in memory: the browser is a
 * function that follows the authorize page's redirect into the host's loopback server (or, for
 * `--remote`, reads the confirmation page's code for the prompt). What is checked is the AWS CLI's:
 * the authorize URL, the token exchange under a DPoP proof, the cache entry, the profile written, the
 * keys renewed five minutes before expiry, and its messages and exit codes (login/, botocore's
 * LoginProvider and LoginError).
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { dpopKeyFromPem, dpopProof, newDpopKey } from '../../src/core/credentials/dpop.js';
import type { HttpRequest } from '../../src/core/host.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';
import { createSigninStandIn, SESSION_ARN, type SigninStandIn } from '../support/signin-stand-in.js';

const CACHE = `/home/test/.aws/login/cache/${createHash('sha256').update(SESSION_ARN).digest('hex')}.json`;
const text = (body: HttpRequest['body']) => new TextDecoder().decode(body as Uint8Array);
const read = async (host: MemoryHost, path: string) => new TextDecoder().decode(await host.fs.readFile(path));

interface Setup {
  host: MemoryHost;
  signin: SigninStandIn;
  asked: string[];
  out: () => string;
  err: () => string;
}

/** A host with the stand-in behind `send`, a loopback server and browser in memory, and a prompt answering `answer`. */
function setup(
  o: {
    env?: Record<string, string>;
    files?: Record<string, string>;
    answer?: (q: string) => string;
    refuse?: string;
    otherState?: boolean;
  } = {},
): Setup {
  const signin = createSigninStandIn({ refuse: o.refuse, otherState: o.otherState });
  const host = createMemoryHost(
    (req) => {
      if (new URL(req.url).pathname.endsWith('/v1/token')) {
        const dpop = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'dpop')?.[1];
        const r = signin.token(req.url, text(req.body), dpop);
        return reply(r.status, r.body, r.headers);
      }
      const key = /Credential=(\w+)/.exec(req.headers.Authorization ?? req.headers.authorization ?? '')?.[1];
      return reply(
        200,
        `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${key}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      );
    },
    { env: { AWS_REGION: 'eu-west-1', ...o.env } },
  );
  for (const [path, data] of Object.entries(o.files ?? {})) void host.fs.writeFile(path, data);
  let loopback: ((target: string) => string) | undefined;
  host.serveLoopback = async (answer) => {
    loopback = answer;
    return { port: 4242, close: async () => void (loopback = undefined) };
  };
  host.openUrl = async (url) => {
    const location = new URL(signin.authorize(new URL(url)).location!);
    loopback!(`${location.pathname}${location.search}`);
  };
  const asked: string[] = [];
  host.prompt = {
    ask: async (question) => {
      asked.push(question);
      if (question.startsWith('\nEnter the authorization code')) {
        const url = /https:\S+\/v1\/authorize\S+/.exec(host.out.join(''))![0];
        return signin.authorize(new URL(url)).code!;
      }
      return o.answer?.(question) ?? '';
    },
  };
  return { host, signin, asked, out: () => host.out.join(''), err: () => host.err.join('') };
}

describe('login', () => {
  it('signs in on this device: PKCE through the browser, the code for keys under DPoP, the token cached, the profile set', async () => {
    const { host, signin, out, err } = setup();
    expect(await runCli(['login', '--profile', 'dev'], host)).toBe(0);
    expect(err()).toBe('');
    const [authorize] = signin.authorizations;
    expect(authorize).toEqual({
      response_type: 'code',
      client_id: 'arn:aws:signin:::devtools/same-device',
      state: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      code_challenge_method: 'SHA-256',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1:4242/oauth/callback',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    // Printed as the CLI's browser handler prints it, the query in its order, the challenge last.
    expect(out()).toBe(
      `Attempting to open your default browser. If the browser does not open, open the following URL.\nIf you are unable to open the URL on this device, run this command again with the '--remote' option.\n\nhttps://eu-west-1.signin.aws.amazon.com/v1/authorize?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device&state=${authorize!.state}&code_challenge_method=SHA-256&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A4242%2Foauth%2Fcallback&code_challenge=${authorize!.code_challenge}\n\n` +
        `\nUpdated profile dev to use ${SESSION_ARN} credentials.\nUse "--profile dev" to use the new credentials, such as "aws sts get-caller-identity --profile dev"\n`,
    );
    expect(signin.tokens.map((t) => t.input)).toEqual([
      {
        clientId: 'arn:aws:signin:::devtools/same-device',
        grantType: 'authorization_code',
        code: 'code-1',
        codeVerifier: expect.stringMatching(/^[A-Za-z0-9._~-]{64}$/),
        redirectUri: 'http://127.0.0.1:4242/oauth/callback',
      },
    ]);
    expect(signin.tokens[0]!.proof.payload).toMatchObject({
      htm: 'POST',
      htu: 'https://eu-west-1.signin.aws.amazon.com/v1/token',
      iat: Math.floor(host.now().getTime() / 1000),
    });
    expect(await read(host, '/home/test/.aws/config')).toBe(`[profile dev]\nlogin_session = ${SESSION_ARN}\n`);
    const cached = JSON.parse(await read(host, CACHE));
    expect(cached).toEqual({
      accessToken: {
        accessKeyId: 'ASIAKEYS1',
        secretAccessKey: 'secret-1',
        sessionToken: 'token-1',
        accountId: '123456789012',
        expiresAt: '2024-01-02T03:19:05Z',
      },
      tokenType: 'aws_sigv4',
      clientId: 'arn:aws:signin:::devtools/same-device',
      refreshToken: 'rt-1',
      idToken: expect.any(String),
      dpopKey: expect.stringMatching(
        /^-----BEGIN EC PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END EC PRIVATE KEY-----\n$/,
      ),
    });
    // Written as Python's json.dumps writes it, readable by its owner only.
    expect(await read(host, CACHE)).toMatch(/^\{"accessToken": \{"accessKeyId": "ASIAKEYS1", /);
    expect((await host.fs.stat(CACHE))!.mode! & 0o777).toBe(0o600);
  });

  it('signs commands with the cached keys, renewing them (with the same key) within five minutes of expiry', async () => {
    const { host, signin } = setup();
    expect(await runCli(['login', '--profile', 'dev'], host)).toBe(0);
    const identity = async () => {
      host.out.length = 0;
      const code = await runCli(['sts', 'get-caller-identity', '--profile', 'dev', '--query', 'Account'], host);
      return { code, out: host.out.join(''), err: host.err.join('') };
    };
    expect(await identity()).toEqual({ code: 0, out: '"ASIAKEYS1"\n', err: '' });
    expect(signin.tokens).toHaveLength(1);
    const before = JSON.parse(await read(host, CACHE));
    host.now = () => new Date('2024-01-02T03:15:05Z');
    expect(await identity()).toEqual({ code: 0, out: '"ASIAKEYS2"\n', err: '' });
    expect(signin.tokens[1]!.input).toEqual({
      clientId: 'arn:aws:signin:::devtools/same-device',
      refreshToken: 'rt-1',
      grantType: 'refresh_token',
    });
    expect(signin.tokens[1]!.proof.payload.htu).toBe('https://eu-west-1.signin.aws.amazon.com/v1/token');
    expect(JSON.parse(await read(host, CACHE))).toEqual({
      ...before,
      accessToken: {
        ...before.accessToken,
        accessKeyId: 'ASIAKEYS2',
        secretAccessKey: 'secret-2',
        sessionToken: 'token-2',
        expiresAt: '2024-01-02T03:30:05Z',
      },
      refreshToken: 'rt-2',
    });
  });

  it('--remote: prints the URL and takes the code pasted from the confirmation page', async () => {
    const { host, signin, asked, out } = setup();
    expect(await runCli(['login', '--remote'], host)).toBe(0);
    const [authorize] = signin.authorizations;
    expect(authorize).toMatchObject({
      client_id: 'arn:aws:signin:::devtools/cross-device',
      redirect_uri: 'https://eu-west-1.signin.aws.amazon.com/v1/sessions/confirmation',
    });
    expect(out()).toMatch(
      /^Browser will not be automatically opened\.\nPlease visit the following URL:\n\nhttps:\/\/eu-west-1\.signin\.aws\.amazon\.com\/v1\/authorize\?response_type=code&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fcross-device&state=[^&]+&code_challenge_method=SHA-256&scope=openid&redirect_uri=https%3A%2F%2Feu-west-1\.signin\.aws\.amazon\.com%2Fv1%2Fsessions%2Fconfirmation&code_challenge=[\w-]{43}\n\nUpdated profile default to use arn:aws:sts::123456789012:assumed-role\/Admin\/alice credentials\.\n$/,
    );
    expect(asked).toEqual(['\nEnter the authorization code displayed in your browser: ']);
    expect(signin.tokens[0]!.input).toMatchObject({
      clientId: 'arn:aws:signin:::devtools/cross-device',
      redirectUri: 'https://eu-west-1.signin.aws.amazon.com/v1/sessions/confirmation',
    });
    expect(await read(host, '/home/test/.aws/config')).toBe(`[default]\nlogin_session = ${SESSION_ARN}\n`);
  });

  it('asks for a region when none is configured, and saves it with the session', async () => {
    const { host, asked, out, signin } = setup({ env: { AWS_REGION: '' }, answer: () => '' });
    expect(await runCli(['login'], host)).toBe(0);
    expect(asked).toEqual(['AWS Region [us-east-1]: ']);
    expect(out()).toMatch(/^No AWS region has been configured\. /);
    expect(signin.tokens[0]!.proof.payload.htu).toBe('https://us-east-1.signin.aws.amazon.com/v1/token');
    expect(await read(host, '/home/test/.aws/config')).toBe(
      `[default]\nlogin_session = ${SESSION_ARN}\nregion = us-east-1\n`,
    );
  });

  it('sends Sign-In to --endpoint-url and keeps the rest of the profile', async () => {
    const { host, signin } = setup({ files: { '/home/test/.aws/config': '[profile dev]\noutput = text\n' } });
    expect(await runCli(['login', '--profile', 'dev', '--endpoint-url', 'http://127.0.0.1:9/base'], host)).toBe(0);
    expect(signin.tokens[0]!.proof.payload.htu).toBe('http://127.0.0.1:9/base/v1/token');
    expect(host.out.join('')).toContain('\n\nhttp://127.0.0.1:9/v1/authorize?response_type=code&');
    expect(await read(host, '/home/test/.aws/config')).toBe(
      `[profile dev]\noutput = text\nlogin_session = ${SESSION_ARN}\n`,
    );
  });

  it('refuses a profile with credentials of another kind (253), before any request', async () => {
    const { host, err, signin } = setup({
      files: { '/home/test/.aws/credentials': '[dev]\naws_access_key_id = AKID\naws_secret_access_key = s\n' },
    });
    expect(await runCli(['login', '--profile', 'dev'], host)).toBe(253);
    expect(err()).toBe(
      "\nProfile 'dev' is already configured with Access Key credentials.\n\nYou may run 'aws login --profile new-profile-name' to create a new profile with the specified name. Otherwise you must first manually remove the existing credentials from 'dev'.\n\n",
    );
    expect(signin.authorizations).toEqual([]);
  });

  it('refuses a redirect with another state, and an expired code, in botocore’s words (255), writing nothing', async () => {
    const forged = setup({ otherState: true });
    expect(await runCli(['login'], forged.host)).toBe(255);
    expect(forged.err()).toMatch(
      /^\nError loading or redeeming a login authorization code: State parameter forged does not match expected value [0-9a-f-]{36}\. \n$/,
    );
    expect(forged.signin.tokens).toEqual([]);
    const expired = setup({ refuse: 'AUTHCODE_EXPIRED' });
    expect(await runCli(['login'], expired.host)).toBe(255);
    expect(expired.err()).toBe(
      "\nError loading or redeeming a login authorization code: Unable to complete the login process due to an expired authorization code. Please reauthenticate using 'aws login'. \n",
    );
    expect(await expired.host.fs.stat('/home/test/.aws/config')).toBeUndefined();
    expect(await expired.host.fs.stat(CACHE)).toBeUndefined();
  });

  it('asks before pointing a profile at another session; no keeps the profile as it was', async () => {
    const config = '[default]\nlogin_session = arn:aws:sts::111111111111:assumed-role/Old/bob\n';
    const { host, asked, out } = setup({
      files: { '/home/test/.aws/config': config },
      answer: (q) => (q.includes('(y/n)') ? (asked.length === 1 ? 'maybe' : 'n') : ''),
    });
    expect(await runCli(['login'], host)).toBe(0);
    expect(asked).toEqual([
      `\nProfile default is already configured to use session arn:aws:sts::111111111111:assumed-role/Old/bob. Do you want to overwrite it to use ${SESSION_ARN} instead? (y/n): `,
      `\nProfile default is already configured to use session arn:aws:sts::111111111111:assumed-role/Old/bob. Do you want to overwrite it to use ${SESSION_ARN} instead? (y/n): `,
    ]);
    expect(out()).toContain('Invalid response. Please enter "y" or "n"\n');
    expect(await read(host, '/home/test/.aws/config')).toBe(config);
    expect(await host.fs.stat(CACHE)).toBeUndefined();
  });
});

describe('login_session credentials', () => {
  const profile = `[profile dev]\nlogin_session = ${SESSION_ARN}\ncredential_process = /bin/false\n`;
  const call = (host: MemoryHost) => runCli(['sts', 'get-caller-identity', '--profile', 'dev'], host);

  it('comes after the credentials file and before credential_process, as in botocore', async () => {
    const { host } = setup({ files: { '/home/test/.aws/config': profile } });
    expect(await call(host)).toBe(255);
    expect(host.err.join('')).toBe(
      `\nError loading login session token: Unable to load a existing login session for session ${SESSION_ARN}, Please reauthenticate with 'aws login'.\n`,
    );
    await host.fs.writeFile(
      '/home/test/.aws/credentials',
      '[dev]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n',
    );
    host.err.length = 0;
    expect(await call(host)).toBe(0);
    expect(host.out.join('')).toContain('AKIDFILE');
  });

  it('reports a cache entry without its fields, and a refresh Sign-In refuses', async () => {
    const { host } = setup({ files: { '/home/test/.aws/config': profile, [CACHE]: '{"accessToken": {}}' } });
    expect(await call(host)).toBe(255);
    expect(host.err.join('')).toBe(
      '\nError loading login session token: Failed to load access token from token cache, missing one or more required fields.\n',
    );
    const refused = setup({ refuse: 'TOKEN_EXPIRED', files: { '/home/test/.aws/config': profile } });
    const { pem } = await newDpopKey();
    const token = {
      accessToken: {
        accessKeyId: 'A',
        secretAccessKey: 'S',
        sessionToken: 'T',
        accountId: '1',
        expiresAt: '2024-01-02T03:00:00Z',
      },
      clientId: 'arn:aws:signin:::devtools/same-device',
      refreshToken: 'rt-0',
      dpopKey: pem,
    };
    await refused.host.fs.writeFile(CACHE, JSON.stringify(token));
    expect(await call(refused.host)).toBe(255);
    expect(refused.err()).toBe("\nYour session has expired. Please reauthenticate using 'aws login'.\n");
  });

  it('reads the cache from AWS_LOGIN_CACHE_DIRECTORY', async () => {
    const { host } = setup({ env: { AWS_LOGIN_CACHE_DIRECTORY: '$HOME/login-cache', HOME: '/home/test' } });
    expect(await runCli(['login'], host)).toBe(0);
    expect(await host.fs.readDir('/home/test/login-cache')).toEqual([CACHE.split('/').at(-1)]);
  });
});

describe('logout', () => {
  const config = `[default]\nlogin_session = ${SESSION_ARN}\n[profile plain]\nregion = us-east-1\n`;

  it('removes the profile’s cached token, and warns for a profile without a session', async () => {
    const { host, out, err } = setup({ files: { '/home/test/.aws/config': config, [CACHE]: '{}' } });
    expect(await runCli(['logout'], host)).toBe(0);
    expect(out()).toBe(
      "Removed cached login credentials for profile 'default'. Note, any local developer tools that have already loaded the access token may continue to use it until its expiration. Access tokens expire in 15 minutes.\n",
    );
    expect(await host.fs.stat(CACHE)).toBeUndefined();
    expect(await runCli(['logout', '--profile', 'plain'], host)).toBe(0);
    expect(err()).toBe("warning: no login session found for profile 'plain'\n");
  });

  it('--all removes every login token and nothing else', async () => {
    const dir = '/home/test/.aws/login/cache';
    const { host, out } = setup({
      files: {
        [`${dir}/a.json`]: '{"accessToken": {"accessKeyId": "A"}}',
        [`${dir}/b.json`]: '{"accessToken": {"accessKeyId": "B"}}',
        [`${dir}/other.json`]: '{"accessToken": "sso-style"}',
        [`${dir}/broken.json`]: '{',
      },
    });
    expect(await runCli(['logout', '--all'], host)).toBe(0);
    expect(out()).toBe(
      'Removed 2 cached login credentials. Note, any local developer tools that have already loaded access tokens may continue to use them until their expiration. Access tokens expire in 15 minutes.\n',
    );
    expect((await host.fs.readDir(dir)).sort()).toEqual(['broken.json', 'other.json']);
    host.out.length = 0;
    expect(await runCli(['logout', '--all'], host)).toBe(0);
    expect(out()).toBe('No cached login session tokens found.\n');
  });
});

describe('DPoP keys', () => {
  it('round-trips the cache’s SEC1 PEM, and reads one without its public point (the CLI may write either)', async () => {
    const { key, pem } = await newDpopKey();
    const again = await dpopKeyFromPem(pem);
    expect([again.x, again.y]).toEqual([key.x, key.y]);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const d = Buffer.from(jwk.d!, 'base64url');
    // ECPrivateKey { version 1, privateKey, [0] prime256v1 } without [1] publicKey.
    const der = Buffer.concat([
      Buffer.from([0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20]),
      d,
      Buffer.from([0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]),
    ]);
    const bare = await dpopKeyFromPem(
      `-----BEGIN EC PRIVATE KEY-----\n${der.toString('base64')}\n-----END EC PRIVATE KEY-----\n`,
    );
    expect([bare.x, bare.y]).toEqual([jwk.x, jwk.y]);
    const proof = await dpopProof(bare, 'https://x/v1/token', new Date(0));
    expect(JSON.parse(Buffer.from(proof.split('.')[0]!, 'base64url').toString())).toEqual({
      typ: 'dpop+jwt',
      alg: 'ES256',
      jwk: { kty: 'EC', x: jwk.x, y: jwk.y, crv: 'P-256' },
    });
    await expect(
      dpopKeyFromPem('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n'),
    ).rejects.toThrow(/^Error loading login session token: Unable to load private key from cached token: /);
  });
});
