/**
 * The browser host's configuration: `~/.aws` files given by the page, kept in its storage only when it
 * passes one (and then said so), and clear failures for what a page cannot do — credential_process,
 * the machine's credential services, a proxy of its own choosing.
 */
import { describe, expect, it } from 'vitest';
import { createNodeModelSource } from '../../src/adapters/node/models.js';
import { createWebHost, type WebHostOptions } from '../../src/adapters/web/host.js';
import { runCli } from '../../src/cli-app.js';

const models = createNodeModelSource();
const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';

function page(opts: WebHostOptions = {}) {
  const urls: string[] = [];
  let out = '';
  let err = '';
  const host = createWebHost({
    models,
    fetch: (async (url: string) => {
      urls.push(url);
      return new Response(IDENTITY, { status: 200, headers: { 'content-type': 'text/xml' } });
    }) as typeof fetch,
    stdout: {
      write: (t) => {
        out += t;
      },
    },
    stderr: {
      write: (t) => {
        err += t;
      },
    },
    ...opts,
  });
  return { host, urls, run: async (...argv: string[]) => ({ code: await runCli(argv, host), out, err }) };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      items.set(k, v);
    },
  };
}

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDPAGE', AWS_SECRET_ACCESS_KEY: 'page-secret' };

describe('the web host', () => {
  it('reads ~/.aws files the page gives it', async () => {
    const p = page({ env: KEYS, files: { '~/.aws/config': '[default]\nregion = eu-west-1\n' } });
    expect((await p.run('sts', 'get-caller-identity', '--query', 'Account', '--output', 'text')).out).toBe(
      '123456789012\n',
    );
    expect(p.urls).toEqual(['https://sts.eu-west-1.amazonaws.com/']);
  });

  it('keeps the ~/.aws files in storage only when given one, and says so', async () => {
    const storage = memoryStorage();
    const first = page({ storage });
    const set = await first.run('configure', 'set', 'region', 'ap-south-1');
    expect(set.code).toBe(0);
    expect(set.err).toContain("in the browser's localStorage, where any script of this site can read them");
    expect(JSON.parse(storage.items.get('isoaws:aws-files')!)).toEqual({
      '/home/user/.aws/config': '[default]\nregion = ap-south-1\n',
    });
    const next = page({ storage });
    expect((await next.run('configure', 'get', 'region')).out).toBe('ap-south-1\n');
    const without = page();
    expect((await without.run('configure', 'set', 'region', 'ap-south-1')).err).toBe('');
  });

  it('says what a page cannot do: credential_process, machine credentials, its own proxy', async () => {
    const config =
      '[profile proc]\ncredential_process = /bin/creds\nregion = us-east-1\n' +
      '[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\ncredential_source = Ec2InstanceMetadata\nregion = us-east-1\n';
    expect(
      await page({ files: { '~/.aws/config': config } }).run('sts', 'get-caller-identity', '--profile', 'proc'),
    ).toMatchObject({
      code: 255,
      err: '\ncredential_process needs a runtime that can start programs; this one cannot (a browser)\n',
    });
    expect(
      await page({ files: { '~/.aws/config': config } }).run('sts', 'get-caller-identity', '--profile', 'role'),
    ).toMatchObject({
      code: 255,
      err: '\nThe credential source "Ec2InstanceMetadata" referenced in profile "role" needs the machine\'s credential service, which cannot be reached from here.\n',
    });
    const proxied = page({ env: { ...KEYS, AWS_DEFAULT_REGION: 'us-east-1', HTTPS_PROXY: 'http://proxy:3128' } });
    const result = await proxied.run('sts', 'get-caller-identity');
    expect(result.code).toBe(255);
    expect(result.err).toContain(
      "HTTPS_PROXY is set, but a web page cannot choose its proxy: requests go through the browser's own proxy settings.",
    );
    expect(proxied.urls).toEqual([]);
  });
});
