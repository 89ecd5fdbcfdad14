// The library against the AWS SDK for JavaScript v3, both installed and run in this process's machine
// in the same run: whole processes that import the client and make one signed call (S3 ListBuckets,
// DynamoDB ListTables, STS GetCallerIdentity) against a local stub, their wall time and peak RSS; and
// calls per second in one process once warm. Targets (library issue): import + one call ≥ 2× faster than
// SDK v3; steady-state calls per second ≥ 2×; peak RSS no higher than the SDK's.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { median, peakRss, timeRun } from './lib.js';
import { serveDirectory } from '../static-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const SDK_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sts'];

/** S3, DynamoDB and STS answered by one local server, told apart by the request; `cors` for pages. */
async function startServiceStub({ cors = false } = {}) {
  const server = createServer((req, res) => {
    if (cors) {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', '*');
      res.setHeader('access-control-allow-methods', '*');
      res.setHeader('access-control-expose-headers', '*');
      if (req.method === 'OPTIONS') return res.writeHead(204).end();
    }
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] ?? '';
      if (target.startsWith('DynamoDB')) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'bench' });
        return res.end('{"TableNames":["bench"]}');
      }
      if (body.includes('Action=GetCallerIdentity')) {
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'bench' });
        return res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDABENCH</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
      }
      res.writeHead(200, { 'content-type': 'application/xml', 'x-amz-request-id': 'bench' });
      res.end(
        '<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>bench</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>',
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The SDK clients, installed once into a directory of their own (npm's cache makes later runs quick). */
function installSdk() {
  const dir = join(tmpdir(), 'isoaws-bench-sdk');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'node_modules/@aws-sdk/client-sts'))) {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel', 'error', ...SDK_PACKAGES], { cwd: dir });
  }
  const version = JSON.parse(readFileSync(join(dir, 'node_modules/@aws-sdk/client-s3/package.json'), 'utf8')).version;
  return { dir, version };
}

const CALLS = {
  s3: {
    isoaws: ["'s3'", "'ListBuckets'"],
    sdk: ['@aws-sdk/client-s3', 'S3Client', 'ListBucketsCommand', ', forcePathStyle: true'],
  },
  dynamodb: {
    isoaws: ["'dynamodb'", "'ListTables'"],
    sdk: ['@aws-sdk/client-dynamodb', 'DynamoDBClient', 'ListTablesCommand', ''],
  },
  sts: {
    isoaws: ["'sts'", "'GetCallerIdentity'"],
    sdk: ['@aws-sdk/client-sts', 'STSClient', 'GetCallerIdentityCommand', ''],
  },
};

/**
 * Each call as a script with no library at all would make it: SigV4 over node:crypto, HTTP/1.1 written to a
 * node:net socket, the answer checked with a regular expression. Less than any client can do (no model, no
 * endpoint rules, no parsing), so the SDK's time ÷ this script's is the most any library could reach.
 */
const BY_HAND = {
  s3: { method: 'GET', path: '/', headers: {}, body: '', answer: '<Name>bench</Name>' },
  dynamodb: {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
    body: '{}',
    answer: '"TableNames"',
  },
  sts: {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    answer: '<Account>123456789012</Account>',
  },
};

function byHandScript(service, endpoint) {
  const call = BY_HAND[service];
  return `const { createHash, createHmac } = process.getBuiltinModule('node:crypto');
const net = process.getBuiltinModule('node:net');
const url = new URL(${JSON.stringify(endpoint)});
const call = ${JSON.stringify(call)};
const hash = (data) => createHash('sha256').update(data).digest('hex');
const date = new Date().toISOString().replace(/[-:]|\\.\\d{3}/g, '');
const scope = \`\${date.slice(0, 8)}/us-east-1/${service}/aws4_request\`;
const headers = { ...call.headers, host: url.host, 'x-amz-content-sha256': hash(call.body), 'x-amz-date': date };
const names = Object.keys(headers).sort();
const canonical = [call.method, call.path, '', ...names.map((n) => \`\${n}:\${headers[n]}\`), '', names.join(';'), headers['x-amz-content-sha256']].join('\\n');
let key = 'AWS4bench-secret';
for (const part of scope.split('/')) key = createHmac('sha256', key).update(part).digest();
const signature = createHmac('sha256', key).update(['AWS4-HMAC-SHA256', date, scope, hash(canonical)].join('\\n')).digest('hex');
headers.authorization = \`AWS4-HMAC-SHA256 Credential=AKIDBENCH/\${scope}, SignedHeaders=\${names.join(';')}, Signature=\${signature}\`;
const socket = net.connect(Number(url.port), url.hostname);
socket.write(\`\${call.method} \${call.path} HTTP/1.1\\r\\n\${names.concat('authorization').map((n) => \`\${n}: \${headers[n]}\\r\\n\`).join('')}content-length: \${call.body.length}\\r\\n\\r\\n\${call.body}\`);
let text = '';
socket.on('data', (chunk) => {
  text += chunk;
  if (!text.includes(call.answer)) return;
  socket.end();
  if (!text.startsWith('HTTP/1.1 200')) process.exitCode = 1;
});
socket.on('end', () => {
  if (!text.includes(call.answer)) process.exitCode = 1;
});
`;
}

/** A script making `n` calls (after 50 unmeasured ones when n > 1), printing calls per second and CPU per call. */
function scripts(dir, service, endpoint, n) {
  const settings = `region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' }`;
  const loop = (call) => `
const warm = ${n > 1 ? 50 : 0};
for (let i = 0; i < warm; i++) await ${call};
const cpu = process.cpuUsage(); const t = performance.now();
for (let i = 0; i < ${n}; i++) await ${call};
const ms = performance.now() - t; const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ perSecond: ${n} / (ms / 1000), cpuMsPerCall: (used.user + used.system) / 1000 / ${n} }));`;
  const [svc, op] = CALLS[service].isoaws;
  const [pkg, Client, Command, extra] = CALLS[service].sdk;
  const isoaws = join(dir, `isoaws-${service}-${n}.mjs`);
  writeFileSync(
    isoaws,
    `import { createClient } from ${JSON.stringify(join(root, 'dist-node/index.js'))};
const aws = createClient({ ${settings}, endpointUrl: ${JSON.stringify(endpoint)} });${loop(`aws.send(${svc}, ${op})`)}`,
  );
  const sdk = join(dir, `sdk-${service}-${n}.mjs`);
  writeFileSync(
    sdk,
    `import { ${Client}, ${Command} } from '${pkg}';
const client = new ${Client}({ ${settings}, endpoint: ${JSON.stringify(endpoint)}${extra} });${loop(`client.send(new ${Command}({}))`)}`,
  );
  const byHand = join(dir, `by-hand-${service}.mjs`);
  writeFileSync(byHand, byHandScript(service, endpoint));
  return { isoaws, sdk, byHand };
}

export async function library() {
  const { dir, version } = installSdk();
  const stub = await startServiceStub();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const report = { sdkVersion: version };
  // The floor: Node starting and running an empty module, which both sides pay before their first line.
  // No library can do better than SDK time ÷ this (bestPossibleRatio below).
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, '');
  const floorTimes = [];
  for (let i = 0; i < 12; i++) floorTimes.push(await timeRun(process.execPath, [empty], env));
  const floor = median(floorTimes.slice(2));
  report.emptyNodeProcessMs = +floor.toFixed(1);
  try {
    for (const service of Object.keys(CALLS)) {
      const once = scripts(dir, service, stub.url, 1);
      // Interleaved, so that a slow spell of the machine falls on every side alike.
      const times = { isoaws: [], sdk: [], byHand: [] };
      for (let i = 0; i < 14; i++)
        for (const side of Object.keys(times)) times[side].push(await timeRun(process.execPath, [once[side]], env));
      const cold = Object.fromEntries(Object.entries(times).map(([side, t]) => [side, median(t.slice(2))]));
      const rss = {
        isoaws: await peakRss(process.execPath, [once.isoaws], env),
        sdk: await peakRss(process.execPath, [once.sdk], env),
      };
      const many = scripts(dir, service, stub.url, 2000);
      const steady = {};
      for (const side of ['isoaws', 'sdk'])
        // Asynchronously: the stub answers from this process, whose event loop must keep turning.
        steady[side] = JSON.parse(
          (await promisify(execFile)(process.execPath, [many[side]], { cwd: dir, env })).stdout,
        );
      report[service] = {
        importAndOneCallMs: {
          isoaws: +cold.isoaws.toFixed(1),
          sdk: +cold.sdk.toFixed(1),
          ratio: +(cold.sdk / cold.isoaws).toFixed(2),
          byHand: +cold.byHand.toFixed(1),
          // The most any library could reach: the SDK against the script with no library.
          byHandRatio: +(cold.sdk / cold.byHand).toFixed(2),
          bestPossibleRatio: +(cold.sdk / floor).toFixed(2),
          aboveFloor: {
            isoaws: +(cold.isoaws - floor).toFixed(1),
            sdk: +(cold.sdk - floor).toFixed(1),
            byHand: +(cold.byHand - floor).toFixed(1),
          },
        },
        peakRssMB: rss,
        callsPerSecond: {
          isoaws: Math.round(steady.isoaws.perSecond),
          sdk: Math.round(steady.sdk.perSecond),
          ratio: +(steady.isoaws.perSecond / steady.sdk.perSecond).toFixed(2),
        },
        cpuMsPerCall: { isoaws: +steady.isoaws.cpuMsPerCall.toFixed(3), sdk: +steady.sdk.cpuMsPerCall.toFixed(3) },
      };
    }
  } finally {
    await stub.close();
  }
  return report;
}

/**
 * A page that lists S3 buckets and DynamoDB tables, built by Vite with each library and loaded in
 * Chromium against the stub: the gzip size of every JavaScript and model file the page fetched.
 */
export async function browserPage() {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) return { skipped: 'no Chromium installed' };
  const { dir } = installSdk();
  const stub = await startServiceStub({ cors: true });
  const pages = {
    // What the package's `browser` export names, as a bundler would resolve `import 'isoaws'`.
    isoaws: `import { createClient } from ${JSON.stringify(join(root, PACKAGE.exports['.'].browser))};
const aws = createClient({ region: 'us-east-1', endpointUrl: ENDPOINT, credentials: KEYS });
const buckets = await aws.send('s3', 'ListBuckets');
const tables = await aws.send('dynamodb', 'ListTables');
window.done = [buckets.Buckets.length, tables.TableNames.length];`,
    sdk: `import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
const s3 = new S3Client({ region: 'us-east-1', endpoint: ENDPOINT, credentials: KEYS, forcePathStyle: true });
const ddb = new DynamoDBClient({ region: 'us-east-1', endpoint: ENDPOINT, credentials: KEYS });
const buckets = await s3.send(new ListBucketsCommand({}));
const tables = await ddb.send(new ListTablesCommand({}));
window.done = [buckets.Buckets.length, tables.TableNames.length];`,
  };
  const { chromium: browserType } = await import('playwright-core');
  const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] });
  const report = {};
  try {
    for (const [name, code] of Object.entries(pages)) {
      const pageDir = join(dir, `page-${name}`);
      mkdirSync(pageDir, { recursive: true });
      writeFileSync(
        join(pageDir, 'main.js'),
        `const ENDPOINT = ${JSON.stringify(stub.url)};\nconst KEYS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };\n${code}\n`,
      );
      writeFileSync(join(pageDir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
      execFileSync(
        process.execPath,
        [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error', '--base', './'],
        {
          cwd: pageDir,
          env: { ...process.env, NODE_PATH: join(dir, 'node_modules') },
        },
      );
      const site = await serveDirectory(join(pageDir, 'dist'));
      const page = await browser.newPage();
      await page.goto(site.url);
      await page.waitForFunction('"done" in window', null, { timeout: 30_000 });
      // What the page transferred: JavaScript as a server's gzip would send it; models as they travel
      // (gzipped files whole, packs by the ranges read).
      const transferred = ({ path, bytes }) =>
        /\.(js|json)$/.test(path) ? gzipSync(readFileSync(join(pageDir, 'dist', path))).length : bytes;
      const fetched = site.sent.filter(({ path }) => /\.(js|json|gz|bin)$/.test(path));
      const byFile = new Map();
      for (const f of fetched) {
        const file = f.path.replace(/^\/?assets\//, '');
        byFile.set(file, (byFile.get(file) ?? 0) + transferred(f));
      }
      const bytes = [...byFile.values()].reduce((sum, n) => sum + n, 0);
      // The six files most transferred: where the bytes go.
      const largest = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 6);
      report[name] = {
        gzipKB: +(bytes / 1024).toFixed(1),
        requests: fetched.length,
        largestKB: Object.fromEntries(largest.map(([f, n]) => [f, +(n / 1024).toFixed(1)])),
      };
      await page.close();
      await site.close();
    }
  } finally {
    await browser.close();
    await stub.close();
  }
  report.ratio = +(report.sdk.gzipKB / report.isoaws.gzipKB).toFixed(2);
  return report;
}

/** Bytes of the files under `dir`, as `du --apparent-size` counts them. */
function treeBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const MB = (bytes) => +(bytes / 1e6).toFixed(1);

/** The same typed program (calls to S3, DynamoDB and STS, outputs used without casts) for each library. */
const TYPED_PROGRAMS = {
  isoaws: `import { createClient } from 'isoaws';
import type {} from '@isoaws/types/s3';
import type {} from '@isoaws/types/dynamodb';
import type {} from '@isoaws/types/sts';
const aws = createClient({ region: 'us-east-1' });
const put = await aws.s3.putObject({ Bucket: 'b', Key: 'k', Body: 'text' });
const tables = await aws.dynamodb.listTables({});
const who = await aws.sts.getCallerIdentity({});
export const out: (string | undefined)[] = [put.ETag, tables.TableNames?.[0], who.Account];
`,
  sdk: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
const put = await new S3Client({ region: 'us-east-1' }).send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'text' }));
const tables = await new DynamoDBClient({ region: 'us-east-1' }).send(new ListTablesCommand({}));
const who = await new STSClient({ region: 'us-east-1' }).send(new GetCallerIdentityCommand({}));
export const out: (string | undefined)[] = [put.ETag, tables.TableNames?.[0], who.Account];
`,
};

/**
 * The published packages: isoaws (`npm pack` of dist/, as built) and @isoaws/types installed into a new
 * project, their installed size against the SDK's S3 and DynamoDB clients (each with its dependencies),
 * and the whole `tsc --noEmit` process over the typed program above for each library.
 * Target (library issue): isoaws installed ≤ 25 MB with every service; a file using three services
 * type-checks in ≤ 2 s.
 */
export function packages() {
  const { dir: sdkDir } = installSdk();
  const project = join(tmpdir(), 'isoaws-bench-package');
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd });
  execFileSync(process.execPath, [join(root, 'scripts/generate-types.js')], { cwd: root, stdio: 'ignore' });
  npm(['pack', '--ignore-scripts', '--pack-destination', project], root);
  npm(['pack', '--ignore-scripts', '--pack-destination', project], join(root, 'types'));
  const tarballs = readdirSync(project).filter((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  npm(['install', '--prefer-offline', ...tarballs.map((f) => `./${f}`)], project);
  const modules = join(project, 'node_modules');
  const sdkModules = join(sdkDir, 'node_modules');
  const sdkOnly = ['@aws-sdk/client-sts'].map((p) => treeBytes(join(sdkModules, p))).reduce((a, b) => a + b, 0);
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const typeCheck = (cwd, side) => {
    writeFileSync(join(cwd, `typed-${side}.ts`), TYPED_PROGRAMS[side]);
    const args = [tsc, '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext'];
    args.push('--types', 'node', '--typeRoots', join(root, 'node_modules/@types'), `typed-${side}.ts`);
    const times = [];
    for (let i = 0; i < 4; i++) {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, args, { cwd });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return Math.round(median(times.slice(1)));
  };
  const typeCheckMs = { isoaws: typeCheck(project, 'isoaws'), sdk: typeCheck(sdkDir, 'sdk') };
  return {
    installedMB: {
      isoaws: MB(treeBytes(join(modules, 'isoaws'))),
      isoawsWithDependencies: MB(treeBytes(modules) - treeBytes(join(modules, '@isoaws/types'))),
      isoawsTypes: MB(treeBytes(join(modules, '@isoaws/types'))),
      // The SDK's directory also holds the STS client the other figures use; the S3 and DynamoDB clients are what a page lists.
      sdkS3AndDynamoDBWithDependencies: MB(treeBytes(sdkModules) - sdkOnly),
    },
    typeCheckMs: { ...typeCheckMs, ratio: +(typeCheckMs.sdk / typeCheckMs.isoaws).toFixed(2) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const which = { page: browserPage, packages }[process.argv[2]] ?? library;
  console.log(JSON.stringify(await which(), null, 2));
}
