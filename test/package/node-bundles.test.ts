/**
 * The shape of the Node bundles (built by the suite's global setup, vite.node.config.ts) where it decides
 * how fast a process starts: no built-in module imported through an ESM facade, and a run loading a few
 * files rather than the dozens the bundler would cut its code into (each costs Node's loader about a
 * millisecond). Which files a run loads is read from the V8 inspector's parsed scripts, in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { callerIdentityByKey, localServers } from '../support/local-servers.js';

const DIST = join(REPO_ROOT, 'dist-node');
const read = (path: string) => readFileSync(join(DIST, path), 'utf8');
const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));

/** The files a module imports statically (`import … from "x"`, `import "x"`, `export … from "x"`). */
const staticImports = (code: string) =>
  [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{][^"'`;]*?from\s*)?["'`]([^"'`]+)["'`]/g)].map(
    (m) => m[1]!,
  );

const servers = localServers();
// STS answers who called; anything else is S3 listing one bucket.
const endpoint = await servers.listen(
  createServer((req, res) => {
    if (req.method === 'POST') return callerIdentityByKey(req, res);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      '<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name><CreationDate>2026-01-01T00:00:00Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>',
    );
  }),
);

const scratch = mkdtempSync(join(tmpdir(), 'isoaws-bundles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const LOADED = `import { Session } from 'node:inspector';
const session = new Session();
session.connect();
const loaded = new Set();
session.on('Debugger.scriptParsed', ({ params }) => {
  const at = params.url.indexOf('/dist-node/');
  if (at >= 0) loaded.add(params.url.slice(at + 11).replace(/-[\\w-]{8}\\.js$/, '.js'));
});
session.post('Debugger.enable');
process.on('exit', () => process.stderr.write(JSON.stringify([...loaded].sort())));
`;

/** The dist-node files (chunk names without their hashes) a child running `body` loads. */
async function filesLoaded(name: string, body: string, env: Record<string, string> = {}): Promise<string[]> {
  const script = join(scratch, `${name}.mjs`);
  writeFileSync(script, `${LOADED}${body}\n`);
  const { stderr } = await promisify(execFile)(process.execPath, [script], {
    env: { PATH: process.env.PATH, HOME: scratch, AWS_DEFAULT_REGION: 'us-east-1', ...env },
  });
  return JSON.parse(stderr) as string[];
}

const cli = (args: string[]) =>
  `const { main } = await import(${JSON.stringify(join(DIST, 'cli.js'))});
await main(${JSON.stringify([...args, '--endpoint-url', endpoint])});`;

const library = (options: string) =>
  `const { createClient } = await import(${JSON.stringify(join(DIST, 'index.js'))});
const aws = createClient({ region: 'us-east-1', endpointUrl: ${JSON.stringify(endpoint)}, ${options} });
await aws.send('sts', 'GetCallerIdentity');`;

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDBUNDLES', AWS_SECRET_ACCESS_KEY: 'secret' };

describe('the Node bundles', () => {
  it('take built-in modules from process.getBuiltinModule, never through an ESM import', () => {
    expect(files.length).toBeGreaterThan(50);
    const importing = files.filter((f) => staticImports(read(f)).some((spec) => spec.startsWith('node:')));
    expect(importing).toEqual([]);
    expect(read('index.js')).toContain('process.getBuiltinModule(`node:net`)');
  });

  it('run an API command from five files: the entry, the start, the run, the protocols, the runtime', async () => {
    expect(await filesLoaded('sts', cli(['sts', 'get-caller-identity']), KEYS)).toEqual([
      'assets/protocols.js',
      'assets/rolldown-runtime.js',
      'assets/run.js',
      'assets/start.js',
      'cli.js',
    ]);
  });

  it('run an s3 command from one file more, and print the version from the start alone', async () => {
    const s3 = await filesLoaded('s3-ls', cli(['s3', 'ls']), KEYS);
    expect(s3.filter((f) => !f.endsWith('/s3.js'))).toEqual(
      await filesLoaded('sts', cli(['sts', 'get-caller-identity']), KEYS),
    );
    expect(s3).toContain('assets/s3.js');
    expect(await filesLoaded('version', cli(['--version']))).toEqual([
      'assets/rolldown-runtime.js',
      'assets/start.js',
      'cli.js',
    ]);
  });

  it("make a library call from the entry and the protocols, and the credential chain's when it is needed", async () => {
    const given = await filesLoaded('given', library("credentials: { accessKeyId: 'AKID', secretAccessKey: 's' }"));
    expect(given).toEqual(['index.js', 'lib/protocols.js', 'lib/rolldown-runtime.js']);
    expect(await filesLoaded('chain', library(''), KEYS)).toEqual([
      'index.js',
      'lib/credentials.js',
      'lib/protocols.js',
      'lib/rolldown-runtime.js',
    ]);
  });
});
