/**
 * The package as users get it: `npm pack` of isoaws and of its types (@isoaws/types), installed into a
 * scratch project (their dependencies from the registry or npm's cache, as for anyone), then used from
 * there and never from `src/`: the command line it installs; a Node ESM script;
 * a strict TypeScript file (and the README's example) type-checked; and in Chromium a page Vite built, a
 * plain `<script type="module">` with an import map, a module Worker and a page esbuild built — each making
 * S3 and DynamoDB round trips against moto_server (pages through a CORS front), waiting on a waiter,
 * catching a service error and aborting a call. A test built from `src/` cannot see what the published
 * files get wrong (the browser entry once looked for its models one directory too high).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { launchChromium } from '../support/browser.js';
import { startCorsGateway } from '../support/cors-gateway.js';
import { startMoto } from '../support/moto.js';
import { serveDirectory } from '../../scripts/static-server.js';

const moto = await startMoto();
const browser: Browser | undefined = moto ? await launchChromium() : undefined;
if (!browser) await moto?.stop();
let project = '';
let gateway: Awaited<ReturnType<typeof startCorsGateway>> | undefined;

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd, stdio: 'pipe' });

beforeAll(async () => {
  if (!moto) return;
  gateway = await startCorsGateway(moto.endpoint);
  // dist/ as `npm pack` would publish it (prepare's tsc step; dist-node is the suite's global setup's).
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
  });
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/generate-types.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/bundle-browser.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
  const packs = mkdtempSync(join(tmpdir(), 'isoaws-pack-'));
  npm(['pack', '--ignore-scripts', '--pack-destination', packs], REPO_ROOT);
  npm(['pack', '--ignore-scripts', '--pack-destination', packs], join(REPO_ROOT, 'types'));
  const tarballs = readdirSync(packs).map((f) => join(packs, f));
  project = mkdtempSync(join(tmpdir(), 'isoaws-user-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  const vite = JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("vite/package.json").version)'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }),
  );
  const nodeTypes = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@types/node/package.json'), 'utf8')).version;
  npm(['install', '--prefer-offline', ...tarballs, `vite@${vite}`, 'esbuild', `@types/node@${nodeTypes}`], project);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await moto?.stop();
});

/** The calls each runtime makes, on its own bucket and table (`name`). Plain JavaScript, as a user writes it. */
const SCRIPT = `
import { createClient } from 'isoaws';

export async function roundTrips(endpointUrl, name) {
  const aws = createClient({
    region: 'us-east-1',
    endpointUrl,
    credentials: { accessKeyId: 'AKIDPACKED', secretAccessKey: 'packed-secret' },
  });
  const out = {};
  await aws.s3.createBucket({ Bucket: name });
  await aws.s3.putObject({ Bucket: name, Key: 'k.txt', Body: 'from the package', ContentType: 'text/plain' });
  const got = await aws.s3.getObject({ Bucket: name, Key: 'k.txt' });
  out.text = await got.Body.text();
  try {
    await aws.s3.getObject({ Bucket: name, Key: 'missing' });
  } catch (err) {
    out.error = [err.name, err.code];
  }
  await aws.dynamodb.createTable({
    TableName: name,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await aws.waitFor('dynamodb', 'TableExists', { TableName: name });
  await aws.dynamodb.putItem({ TableName: name, Item: { id: { S: 'a' }, n: { N: '7' } } });
  out.item = (await aws.dynamodb.getItem({ TableName: name, Key: { id: { S: 'a' } } })).Item;
  const controller = new AbortController();
  controller.abort();
  try {
    await aws.s3.listBuckets({}, { signal: controller.signal });
  } catch (err) {
    out.aborted = err.name;
  }
  return out;
}
`;

/**
 * Code an editor would check: outputs used without casts; each `@ts-expect-error` line must fail to
 * compile (a misspelt member, a wrong type, a missing required member, an unknown operation, an enum
 * value the model does not have, another service's error, an unknown waiter, an event a stream does not have).
 */
const TYPED = `
import { createClient, isServiceError } from 'isoaws';
import type {} from '@isoaws/types/s3';
import type {} from '@isoaws/types/dynamodb';
import type {} from '@isoaws/types/sts';

const aws = createClient({ region: 'us-east-1' });

export async function main(): Promise<string | undefined> {
  const put = await aws.s3.putObject({ Bucket: 'b', Key: 'k', Body: 'text', ACL: 'private' });
  const etag: string | undefined = put.ETag;
  const status: number = put.$metadata.httpStatusCode;
  // @ts-expect-error misspelt member
  await aws.s3.putObject({ Bukcet: 'b', Key: 'k' });
  // @ts-expect-error wrong type
  await aws.s3.putObject({ Bucket: 'b', Key: 42 });
  // @ts-expect-error missing required member
  await aws.s3.putObject({ Bucket: 'b' });
  // @ts-expect-error unknown operation
  await aws.s3.putObjekt({ Bucket: 'b', Key: 'k' });
  // @ts-expect-error an ACL the model does not have
  await aws.s3.putObject({ Bucket: 'b', Key: 'k', ACL: 'public' });
  const tables = await aws.dynamodb.listTables();
  const names: string[] | undefined = tables.TableNames;
  const item = await aws.send('dynamodb', 'GetItem', { TableName: 't', Key: { id: { S: 'a' } } });
  const n: string | undefined = item.Item?.n?.N;
  // @ts-expect-error unknown operation through send
  await aws.send('dynamodb', 'GetItems', { TableName: 't', Key: {} });
  const who = await aws.sts.getCallerIdentity();
  try {
    await aws.s3.getObject({ Bucket: 'b', Key: 'k' });
  } catch (err) {
    if (isServiceError(err, 's3', 'NoSuchKey')) {
      const code: 'NoSuchKey' = err.code;
      void code;
    }
    // @ts-expect-error not an error of s3
    if (isServiceError(err, 's3', 'ResourceNotFoundException')) void err;
  }
  await aws.waitFor('dynamodb', 'TableExists', { TableName: 't' });
  // @ts-expect-error unknown waiter
  await aws.waitFor('dynamodb', 'TableExist', { TableName: 't' });
  for await (const page of aws.paginate('s3', 'ListObjectsV2', { Bucket: 'b' })) {
    const key: string | undefined = page.Contents?.[0]?.Key;
    const modified: Date | undefined = page.Contents?.[0]?.LastModified;
    void key;
    void modified;
  }
  const sent = await aws.s3.upload({ Bucket: 'b', Key: 'k', Body: 'x' }, { onProgress: (p) => void p.loaded });
  const got = await aws.s3.download({ Bucket: 'b', Key: 'k' });
  const bytes: Uint8Array | undefined = got.Body;
  void [sent.Key, bytes];
  // @ts-expect-error upload needs a Key
  await aws.s3.upload({ Bucket: 'b', Body: 'x' });
  const body = (await aws.s3.getObject({ Bucket: 'b', Key: 'k' })).Body;
  const text: string | undefined = await body?.text();
  // An event stream is typed as the async iterable of its events.
  const selected = await aws.s3.selectObjectContent({
    Bucket: 'b',
    Key: 'k',
    Expression: 'select * from s3object',
    ExpressionType: 'SQL',
    InputSerialization: { CSV: {} },
    OutputSerialization: { CSV: {} },
  });
  for await (const event of selected.Payload ?? []) {
    const records: Uint8Array | undefined = event.Records?.Payload;
    // @ts-expect-error an event the stream does not have
    void event.Record;
    void records;
  }
  // DynamoDB's document mode is typed as such: plain values in, plain values out.
  const docs = createClient({ dynamodb: { document: true } });
  await docs.dynamodb.putItem({ TableName: 't', Item: { id: 'a', n: 7, tags: new Set(['x']) } });
  const doc = await docs.dynamodb.getItem({ TableName: 't', Key: { id: 'a' } });
  const value = doc.Item?.n;
  void value;
  // @ts-expect-error a Date is no DynamoDB value
  await docs.dynamodb.putItem({ TableName: 't', Item: { when: new Date() } });
  // Any service and operation, untyped, for dynamic use.
  const service: string = 'lambda';
  const dynamic = await aws.send(service, 'ListFunctions');
  void dynamic.$metadata;
  return who.Account ?? etag ?? names?.[0] ?? n ?? text ?? String(status);
}
`;

/** A strict TypeScript program that runs: typed S3 calls, DynamoDB in document mode, a narrowed error. */
const TYPED_RUN = `
import { createClient, isServiceError } from 'isoaws';
import type {} from '@isoaws/types/s3';
import type {} from '@isoaws/types/dynamodb';

const settings = {
  region: 'us-east-1',
  endpointUrl: process.argv[2],
  credentials: { accessKeyId: 'AKIDTYPED', secretAccessKey: 'typed-secret' },
};
const aws = createClient(settings);
await aws.s3.createBucket({ Bucket: 'packed-typed' });
await aws.s3.putObject({ Bucket: 'packed-typed', Key: 'k', Body: 'typed' });
const text = await (await aws.s3.getObject({ Bucket: 'packed-typed', Key: 'k' })).Body?.text();
let missing = '';
try {
  await aws.s3.getObject({ Bucket: 'packed-typed', Key: 'nope' });
} catch (err) {
  if (isServiceError(err, 's3', 'NoSuchKey')) missing = err.code;
}
const docs = createClient({ ...settings, dynamodb: { document: true } });
await docs.dynamodb.createTable({
  TableName: 'packed-typed',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  BillingMode: 'PAY_PER_REQUEST',
});
await docs.dynamodb.putItem({ TableName: 'packed-typed', Item: { id: 'a', n: 7, tags: new Set(['x']) } });
const item = (await docs.dynamodb.getItem({ TableName: 'packed-typed', Key: { id: 'a' } })).Item;
const tags = item?.tags instanceof Set ? [...item.tags] : [];
console.log(JSON.stringify({ text, n: item?.n, tags, missing }));
`;

const EXPECTED = {
  text: 'from the package',
  error: ['ServiceError', 'NoSuchKey'],
  item: { id: { S: 'a' }, n: { N: '7' } },
  aborted: 'AbortedError',
};

describe.skipIf(!moto)('the packed package, installed into a new project', () => {
  it('works from a Node ESM script', () => {
    writeFileSync(join(project, 'calls.js'), SCRIPT);
    writeFileSync(
      join(project, 'node.js'),
      `import { roundTrips } from './calls.js';\nconsole.log(JSON.stringify(await roundTrips(process.argv[2], 'packed-node')));\n`,
    );
    const out = execFileSync('node', ['node.js', moto!.endpoint], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(EXPECTED);
  }, 120_000);

  it('runs the command line it installs, with nothing but its own files', () => {
    // The package has no dependencies: the CLI, like the library, is bundled whole.
    expect(JSON.parse(readFileSync(join(project, 'node_modules/isoaws/package.json'), 'utf8')).dependencies).toBe(
      undefined,
    );
    const out = execFileSync(
      join(project, 'node_modules/.bin/isoaws'),
      ['sts', 'get-caller-identity', '--endpoint-url', moto!.endpoint, '--query', 'Account', '--output', 'text'],
      {
        cwd: project,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: project,
          AWS_ACCESS_KEY_ID: 'AKIDPACKED',
          AWS_SECRET_ACCESS_KEY: 'packed-secret',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
      },
    );
    expect(out).toBe('123456789012\n');
  }, 60_000);

  it('is typed for the services a program names, under strict', () => {
    const dir = join(project, 'typed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'typed.ts'), TYPED);
    // The README's library example is code a user copies: it must compile as it stands.
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /## Use it as a library\n\n```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    writeFileSync(join(dir, 'readme.ts'), `${example}\nexport {};\n`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          types: [],
        },
        files: ['typed.ts', 'readme.ts'],
      }),
    );
    const started = performance.now();
    let output = '';
    try {
      execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        encoding: 'utf8',
      });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout);
    }
    console.log(
      `types: a file naming three services type-checks in ${Math.round(performance.now() - started)} ms (tsc, whole process)`,
    );
    // Every @ts-expect-error line must be an error (else tsc reports it unused), and nothing else may be.
    expect(output).toBe('');
  }, 120_000);

  it('runs a TypeScript program written under strict, compiled with tsc', () => {
    const dir = join(project, 'ts-run');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'run.ts'), TYPED_RUN);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          types: ['node'],
          outDir: 'out',
        },
        files: ['run.ts'],
      }),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    const out = execFileSync('node', [join(dir, 'out/run.js'), moto!.endpoint], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ text: 'typed', n: 7, tags: ['x'], missing: 'NoSuchKey' });
  }, 120_000);

  it.skipIf(!browser)(
    'works in a page Vite built from it, in Chromium',
    async () => {
      const page = join(project, 'vite-page');
      mkdirSync(page, { recursive: true });
      writeFileSync(join(page, 'calls.js'), SCRIPT);
      writeFileSync(
        join(page, 'index.html'),
        `<!doctype html><html><body><script type="module">
import { roundTrips } from './calls.js';
const endpoint = new URL(location.href).searchParams.get('endpoint');
roundTrips(endpoint, 'packed-vite').then((r) => (window.result = r), (e) => (window.result = { failed: String(e) }));
</script></body></html>`,
      );
      execFileSync(
        process.execPath,
        [join(project, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--base', './'],
        {
          cwd: page,
        },
      );
      const site = await serveDirectory(join(page, 'dist'));
      try {
        const tab = await browser!.newPage();
        await tab.goto(`${site.url}?endpoint=${encodeURIComponent(gateway!.url)}`);
        await tab.waitForFunction(() => 'result' in window, null, { timeout: 60_000 });
        expect(await tab.evaluate(() => (window as unknown as { result: unknown }).result)).toEqual({
          ...EXPECTED,
          // The gateway answers moto's S3 calls for the page.
        });
        await tab.close();
      } finally {
        await site.close();
      }
    },
    120_000,
  );

  it.skipIf(!browser)(
    'works from a plain <script type="module"> and in a Worker, with no bundler',
    async () => {
      const plain = join(project, 'plain');
      mkdirSync(plain, { recursive: true });
      const bundle = '/node_modules/isoaws/dist/adapters/web/bundle.js';
      writeFileSync(join(plain, 'calls.js'), SCRIPT);
      // A module worker has no import map: it names the bundle by its path.
      writeFileSync(join(plain, 'worker-calls.js'), SCRIPT.replace("from 'isoaws'", `from '${bundle}'`));
      writeFileSync(
        join(plain, 'worker.js'),
        `import { roundTrips } from './worker-calls.js';
onmessage = (e) => roundTrips(e.data, 'packed-worker').then((r) => postMessage(r), (err) => postMessage({ failed: String(err) }));`,
      );
      writeFileSync(
        join(plain, 'index.html'),
        `<!doctype html><html><body>
<script type="importmap">{ "imports": { "isoaws": "${bundle}" } }</script>
<script type="module">
import { roundTrips } from './calls.js';
const endpoint = new URL(location.href).searchParams.get('endpoint');
window.page = roundTrips(endpoint, 'packed-plain').catch((e) => ({ failed: String(e) }));
const worker = new Worker('./worker.js', { type: 'module' });
window.worker = new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
worker.postMessage(endpoint);
</script></body></html>`,
      );
      const site = await serveDirectory(project);
      try {
        const tab = await browser!.newPage();
        const loaded = new Set<string>();
        tab.on('request', (request) => {
          const file = /\/node_modules\/isoaws\/dist\/(.*\.js)$/.exec(new URL(request.url()).pathname)?.[1];
          if (file) loaded.add(file);
        });
        await tab.goto(`${site.url}plain/index.html?endpoint=${encodeURIComponent(gateway!.url)}`);
        expect(await tab.evaluate(() => (window as unknown as { page: Promise<unknown> }).page)).toEqual(EXPECTED);
        expect(await tab.evaluate(() => (window as unknown as { worker: Promise<unknown> }).worker)).toEqual(EXPECTED);
        // The calls' code in a few files (scripts/bundle-browser.js groups it), not one per module as the
        // bundler would have it (41 files for S3 and DynamoDB calls): the entry with what it imports, the
        // bundler's runtime, the protocols, and what the waiter loads when first used.
        expect(loaded.size, [...loaded].sort().join(', ')).toBeLessThanOrEqual(5);
        await tab.close();
      } finally {
        await site.close();
      }
    },
    120_000,
  );

  it.skipIf(!browser)(
    'works in a page esbuild built from it, the models served beside it by a server without Range',
    async () => {
      const page = join(project, 'esbuild');
      mkdirSync(page, { recursive: true });
      writeFileSync(join(page, 'calls.js'), SCRIPT);
      writeFileSync(
        join(page, 'main.js'),
        `import { roundTrips } from './calls.js';
const endpoint = new URL(location.href).searchParams.get('endpoint');
window.result = roundTrips(endpoint, 'packed-esbuild').catch((e) => ({ failed: String(e) }));`,
      );
      writeFileSync(
        join(page, 'index.html'),
        '<!doctype html><html><body><script type="module" src="./out.js"></script></body></html>',
      );
      execFileSync(
        join(project, 'node_modules/.bin/esbuild'),
        ['main.js', '--bundle', '--format=esm', '--platform=browser', '--outfile=out.js', '--log-level=warning'],
        { cwd: page },
      );
      // esbuild leaves new URL('../../../models/…', import.meta.url) as it is: from /esbuild/out.js that is
      // /models/, where the site serves the package's models (the README says so for such bundlers).
      symlinkSync(join(project, 'node_modules/isoaws/models'), join(project, 'models'));
      // A server that ignores Range, as some do: the page reads its models from the whole files it is sent.
      const site = await serveDirectory(project, { ranges: false });
      try {
        const tab = await browser!.newPage();
        await tab.goto(`${site.url}esbuild/index.html?endpoint=${encodeURIComponent(gateway!.url)}`);
        await tab.waitForFunction(() => 'result' in window);
        expect(await tab.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)).toEqual(EXPECTED);
        await tab.close();
      } finally {
        await site.close();
      }
    },
    120_000,
  );
});
