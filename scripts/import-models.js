#!/usr/bin/env node
// Generates models/ from botocore's data directory (pinned: botocore 1.43.11, the machine's Python has it).
// Usage: node scripts/import-models.js [--botocore PATH]   (PATH: the botocore package dir or a repo root)
// Per service its API model without documentation, plus `paginators`, `waiters`, `endpointRuleSet`
// (botocore's newest API version, *.sdk-extras.json merged), written packed into models/pack-NN.bin
// (scripts/model-pack.js).
// Also models/index.json (one row per service), models/partitions.json and the upstream NOTICE/LICENSE.
// Documentation goes to models/docs/<name>.json.gz, loaded only for help: HTML turned into plain text,
// `{ "service": text, "operations": {Op: text}, "shapes": {Shape: text}, "members": {"Shape.Member": text} }`.
// The CLI's examples (models/examples/) come from scripts/import-examples.js.
// A few services the AWS CLI v2 ships in its own copy of botocore (awscli/botocore/data) are not in any botocore
// release yet; those in AWS_CLI_SERVICES are read from an aws-cli clone at a pinned commit (--aws-cli GITDIR,
// by default the mirror import-examples.js reads).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writePacks } from './model-pack.js';
import { AWS_CLI_MIRROR, option } from './upstream.js';

const PINNED = '1.43.11';
const out = new URL('../models/', import.meta.url).pathname;
const DOC_KEYS = new Set(['documentation', 'documentationUrl', 'examples', 'deprecatedMessage']);

// agenttoolkit: `aws agent-toolkit` (aws-cli 9e298abd7, "Add agent-toolkit feature", the first 2.35 release).
const AWS_CLI_SERVICES = { commit: '9e298abd76670e367c0c26d58d731c80ef559997', names: ['agenttoolkit'] };
const awsCliGit = option('--aws-cli', AWS_CLI_MIRROR);

const argIndex = process.argv.indexOf('--botocore');
let root =
  argIndex > 0
    ? process.argv[argIndex + 1]
    : execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], {
        encoding: 'utf8',
      }).trim();
if (existsSync(join(root, 'botocore', 'data'))) root = join(root, 'botocore');
const data = join(root, 'data');
const version = (readFileSync(join(root, '__init__.py'), 'utf8').match(/__version__ = '([^']+)'/) ?? [])[1];
if (version !== PINNED) console.warn(`warning: botocore ${version} found, ${PINNED} is the pinned version`);

// The AWS CLI names four services differently from botocore (its s3, codedeploy and configservice
// customizations, and handlers_registry.py's rename of agenttoolkit).
const CLI_RENAMES = { s3: 's3api', codedeploy: 'deploy', config: 'configservice', agenttoolkit: 'agent-toolkit' };

const readJson = (base) => {
  if (existsSync(`${base}.json`)) return JSON.parse(readFileSync(`${base}.json`, 'utf8'));
  if (existsSync(`${base}.json.gz`)) return JSON.parse(gunzipSync(readFileSync(`${base}.json.gz`)).toString('utf8'));
  return undefined;
};
const deepMerge = (target, extra) => {
  for (const [k, v] of Object.entries(extra)) {
    target[k] =
      v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object'
        ? deepMerge(target[k], v)
        : v;
  }
  return target;
};
const withExtras = (dir, name) => {
  const doc = readJson(join(dir, name));
  const extras = readJson(join(dir, `${name}.sdk-extras`));
  return doc && extras?.merge ? deepMerge(doc, extras.merge) : doc;
};
// An operation is called by its key in the model, botocore's API name (`CreateInvalidation`); its `name` is
// the wire name, which CloudFront suffixes with its API version (`CreateInvalidation2020_05_31`) and which
// only the query and JSON protocols send. Every operation is given its key as its name; a wire name that
// differs where a protocol sends it would need keeping, so the import stops on one.
const apiNamed = (service, api) => {
  const sendsName = !api.metadata.protocol.startsWith('rest-');
  return Object.fromEntries(
    Object.entries(api.operations).map(([key, op]) => {
      if (op.name !== key && sendsName)
        throw new Error(`${service}: operation ${key} is sent as ${op.name}, which the engine does not keep`);
      return [key, { ...op, name: key }];
    }),
  );
};
const strip = (value) => {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !DOC_KEYS.has(k))
        .map(([k, v]) => [k, strip(v)]),
    );
  }
  return value;
};

/** HTML documentation → plain text: paragraphs, `- ` list items, code kept, entities decoded. */
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const htmlToText = (html) =>
  html
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(p|ul|ol|div|h\d|note|important)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? m),
    )
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
const docsOf = (api) => {
  const docs = { service: htmlToText(api.documentation ?? ''), operations: {}, shapes: {}, members: {} };
  for (const [name, op] of Object.entries(api.operations))
    if (op.documentation) docs.operations[name] = htmlToText(op.documentation);
  for (const [name, shape] of Object.entries(api.shapes)) {
    if (shape.documentation) docs.shapes[name] = htmlToText(shape.documentation);
    for (const [member, ref] of Object.entries(shape.members ?? {}))
      if (ref.documentation) docs.members[`${name}.${member}`] = htmlToText(ref.documentation);
  }
  return docs;
};

// models/examples/ is made by a step of its own (import-examples.js, from the AWS CLI): kept as it is.
const examples = join(out, 'examples');
const keptExamples = join(out, '..', '.models-examples');
if (existsSync(examples)) renameSync(examples, keptExamples);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'docs'), { recursive: true });
if (existsSync(keptExamples)) renameSync(keptExamples, examples);
let docsTotal = 0;
const index = [];
const bundles = new Map();
let total = 0;
const fromAwsCli = mkdtempSync(join(tmpdir(), 'isoaws-models-'));
const serviceDirs = new Map(readdirSync(data).map((name) => [name, join(data, name)]));
for (const name of AWS_CLI_SERVICES.names) {
  if (serviceDirs.has(name)) throw new Error(`${name} is in botocore ${version} now: take it off AWS_CLI_SERVICES`);
  const path = `awscli/botocore/data/${name}`;
  const tar = execFileSync('git', ['--git-dir', awsCliGit, 'archive', AWS_CLI_SERVICES.commit, path], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', fromAwsCli], { input: tar });
  serviceDirs.set(name, join(fromAwsCli, path));
}
for (const [name, serviceDir] of [...serviceDirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  if (!statSync(serviceDir).isDirectory()) continue;
  const versions = readdirSync(serviceDir)
    .filter((v) => statSync(join(serviceDir, v)).isDirectory())
    .sort();
  if (!versions.length) continue;
  const dir = join(serviceDir, versions.at(-1));
  const api = withExtras(dir, 'service-2');
  if (!api) continue;
  const bundle = strip({ metadata: api.metadata, operations: apiNamed(name, api), shapes: api.shapes });
  if (api.clientContextParams) bundle.clientContextParams = api.clientContextParams;
  const paginators = withExtras(dir, 'paginators-1');
  if (paginators?.pagination) bundle.paginators = paginators.pagination;
  const waiters = readJson(join(dir, 'waiters-2'));
  if (waiters?.waiters) bundle.waiters = waiters.waiters;
  const rules = readJson(join(dir, 'endpoint-rule-set-1'));
  if (rules) bundle.endpointRuleSet = strip(rules);
  const docs = gzipSync(JSON.stringify(docsOf(api)), { level: 9 });
  docsTotal += docs.length;
  writeFileSync(join(out, 'docs', `${name}.json.gz`), docs);
  total += JSON.stringify(bundle).length;
  bundles.set(name, bundle);
  const m = api.metadata;
  const sdkId = m.serviceId ?? m.serviceFullName;
  index.push({
    name,
    cliName: CLI_RENAMES[name] ?? name,
    endpointPrefix: m.endpointPrefix,
    signingName: m.signingName ?? m.endpointPrefix,
    protocols: m.protocols ?? [m.protocol],
    apiVersion: m.apiVersion,
    sdkId,
    // seed 003: spaces in the service id become underscores, then upper case.
    envId: sdkId.replace(/ /g, '_').toUpperCase(),
  });
}
rmSync(fromAwsCli, { recursive: true, force: true });
writePacks(out, bundles);
writeFileSync(join(out, 'index.json'), JSON.stringify(index));
writeFileSync(join(out, 'partitions.json'), JSON.stringify(readJson(join(data, 'partitions'))));
const upstream = join(root, '..', 'botocore-' + version + '.dist-info');
const licence =
  ['LICENSE.txt', 'LICENSE'].map((f) => join(upstream, f)).find(existsSync) ??
  ['licenses/LICENSE.txt'].map((f) => join(upstream, f)).find(existsSync);
const notice = ['NOTICE', 'licenses/NOTICE'].map((f) => join(upstream, f)).find(existsSync);
writeFileSync(
  join(out, 'NOTICE'),
  `The files in this directory are generated from the service models of botocore ${version}\n(https://github.com/boto/botocore), licensed under the Apache License 2.0 (LICENSE-botocore), and of ${AWS_CLI_SERVICES.names.join(', ')} from the copy of botocore in\nthe AWS Command Line Interface (https://github.com/aws/aws-cli, commit ${AWS_CLI_SERVICES.commit}),\nunder the same licence.\n\n${notice ? readFileSync(notice, 'utf8') : 'botocore\nCopyright 2012-2024 Amazon.com, Inc. or its affiliates. All Rights Reserved.\n'}`,
);
if (licence) writeFileSync(join(out, 'LICENSE-botocore'), readFileSync(licence));
console.log(
  `${index.length} services, ${(total / 1048576).toFixed(1)} MB of minified models, ${(docsTotal / 1048576).toFixed(1)} MB of compressed docs`,
);
