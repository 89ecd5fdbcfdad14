/**
 * The fuzz targets: each is a fast-check property over inputs a hostile server or a careless user can
 * give, stating what must hold for every one of them (an answer or the error the design names, never an
 * internal error; a local path never outside its destination; the same answer as the reference). Run a
 * few hundred cases each in `npm test` (test/fuzz/fuzz.test.ts, fixed seed) and 100,000 by `npm run fuzz`.
 */
import { spawnSync } from 'node:child_process';
import { posix } from 'node:path';
import fc from 'fast-check';
import { Reader, type Head } from '../../src/adapters/node/http1.js';
import { runCli } from '../../src/cli-app.js';
import { parseShorthand, quotedEnd, ShorthandSyntaxError } from '../../src/cli/shorthand.js';
import { fnmatcher } from '../../src/commands/s3/filters.js';
import { createClient } from '../../src/core/client.js';
import { ConfigParseError, parseIni } from '../../src/core/config/ini.js';
import { profileSection, updateIniText } from '../../src/core/config/writer.js';
import { IsoawsError } from '../../src/core/errors.js';
import type { HttpResponse } from '../../src/core/host.js';
import { isWithin, placeUnder } from '../../src/core/local-paths.js';
import type { ServiceBundle, ShapeRef } from '../../src/core/model/types.js';
import { encodeCbor } from '../../src/core/protocols/cbor.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

export interface FuzzTarget {
  name: string;
  /** Cases in `npm test`: enough to catch a regression, within a second or two. */
  suiteRuns: number;
  /** Checks `numRuns` cases from `seed` (fc.assert: throws the smallest counterexample found). */
  run(numRuns: number, seed: number): Promise<void>;
  /**
   * A check of a whole batch against an outside reference (Python), run once over `runs` generated cases;
   * undefined when the reference is not installed (outside CI, where a missing one is a failure).
   */
  batch?(runs: number, seed: number): { checked: number; wrong: unknown[] } | undefined;
}

const ENV = { AWS_ACCESS_KEY_ID: 'AKIDFUZZ', AWS_SECRET_ACCESS_KEY: 'fuzz-secret', AWS_DEFAULT_REGION: 'us-east-1' };
/** The exit codes the AWS CLI uses; anything else is a bug. */
const EXIT_CODES = new Set([0, 1, 2, 130, 252, 253, 254, 255]);
/** What an error that escaped from a bug reads like: JavaScript's own words, never isoaws's. */
const INTERNAL =
  /\b(TypeError|RangeError|ReferenceError)\b|is not a function|Cannot read propert|is not iterable|Maximum call stack|Invalid array length|\[object Object\]/;

const pick = <T>(...items: T[]) => fc.constantFrom(...items);
const text = (alphabet: string[], maxLength = 40) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength });

/** fc.assert over `numRuns` cases from `seed`, as a promise whether the property is synchronous or not. */
async function check<T>(
  numRuns: number,
  seed: number,
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
): Promise<void> {
  await fc.assert(property, { numRuns, seed });
}

/** Runs a command line on the memory host against a canned answer; fails the case on an internal error. */
async function cliAnswers(argv: string[], answer: () => HttpResponse = () => reply(200, '{}')): Promise<boolean> {
  const host = createMemoryHost(answer, { env: ENV });
  const code = await runCli(argv, host);
  const err = host.err.join('');
  if (!EXIT_CODES.has(code)) throw new Error(`exit ${code} for ${JSON.stringify(argv)}`);
  if (INTERNAL.test(err)) throw new Error(`an internal error for ${JSON.stringify(argv)}:\n${err}`);
  return true;
}

// ---- Shorthand -------------------------------------------------------------------------------------
const SHORTHAND_UNITS = [
  'a',
  'B',
  '1',
  '=',
  ',',
  '[',
  ']',
  '{',
  '}',
  "'",
  '"',
  '\\',
  ' ',
  '@',
  '.',
  ':',
  '/',
  '\n',
  'é',
  '\u0000',
];

const shorthand: FuzzTarget = {
  name: 'shorthand',
  suiteRuns: 2000,
  run: (numRuns, seed) =>
    check(
      numRuns,
      seed,
      fc.property(text(SHORTHAND_UNITS, 60), (input) => {
        try {
          const value = parseShorthand(input);
          if (typeof value !== 'object' || value === null) throw new Error(`not an object: ${JSON.stringify(value)}`);
        } catch (err) {
          if (!(err instanceof ShorthandSyntaxError)) throw err;
        }
        // Quoted values end where the CLI's expression ends them (short inputs: it backtracks exponentially).
        for (const quote of ["'", '"']) {
          const at = input.indexOf(quote);
          if (at === -1 || input.length > 24) continue;
          const re = quote === "'" ? /'(?:\\\\|\\'|[^'])*'/y : /"(?:\\\\|\\"|[^"])*"/y;
          re.lastIndex = at;
          const m = re.exec(input);
          if (quotedEnd(input, at, quote) !== (m ? at + m[0].length : -1))
            throw new Error(`quoted value of ${JSON.stringify(input)} ends elsewhere`);
        }
      }),
    ),
};

// ---- INI files -------------------------------------------------------------------------------------
const INI_LINE = fc.oneof(
  pick(
    '[default]',
    '[profile dev]',
    '[profile "a b"]',
    '[sso-session s]',
    '[services x]',
    '[',
    '[]',
    '[[x]]',
    '[profile __proto__]',
    '[constructor]',
  ),
  fc
    .tuple(
      text(['a', 'b', '_', '-', ' ', 'K', '#', ';'], 8),
      pick(' = ', '=', ': ', ' : ', ''),
      text(['v', '1', ' ', '=', ':', '#', ';', '"', '\\', 'é'], 12),
    )
    .map(([k, s, v]) => `${k}${s}${v}`),
  fc.tuple(pick('  ', '\t', ' '), text(['x', '=', ' ', 'y'], 10)).map(([i, v]) => `${i}${v}`),
  pick('# comment', '; comment', '', '   ', 's3 =', 'region = us-east-1', 'REGION=eu-west-1'),
  text(['\r', '\ufeff', '\u0000', '[', ']', '=', 'a'], 6),
);

const ini: FuzzTarget = {
  name: 'INI files',
  suiteRuns: 2000,
  run: (numRuns, seed) =>
    check(
      numRuns,
      seed,
      fc.property(
        fc.array(INI_LINE, { maxLength: 12 }),
        pick('\n', '\r\n'),
        fc.tuple(text(['a', 'b', '_'], 6), text(['v', ' ', '=', 'é', '#'], 10)),
        (lines, eol, [key, value]) => {
          const input = lines.join(eol);
          let parsed;
          try {
            parsed = parseIni(input, 'config');
          } catch (err) {
            if (err instanceof ConfigParseError) return;
            throw err;
          }
          // A file that parses keeps parsing after `configure set`, with the new value and the others as they were.
          if (!key) return;
          const updated = updateIniText(input, profileSection('fuzz'), { [key]: value.trim() || 'x' });
          const again = parseIni(updated, 'config');
          if (again['profile fuzz']?.[key.toLowerCase()] !== (value.trim() || 'x'))
            throw new Error(`configure set lost its value in ${JSON.stringify(updated)}`);
          for (const [name, values] of Object.entries(parsed)) {
            if (name === 'profile fuzz') continue;
            if (JSON.stringify(again[name]) !== JSON.stringify(values))
              throw new Error(`configure set changed [${name}] in ${JSON.stringify(input)}`);
          }
        },
      ),
    ),
};

// ---- Command lines ---------------------------------------------------------------------------------
const ARG = fc.oneof(
  {
    weight: 3,
    arbitrary: pick(
      's3',
      's3api',
      'ec2',
      'dynamodb',
      'sts',
      'iam',
      'sqs',
      'glacier',
      'configure',
      'help',
      'lambda',
      'cloudwatch',
    ),
  },
  {
    weight: 3,
    arbitrary: pick(
      'ls',
      'cp',
      'mv',
      'rm',
      'sync',
      'mb',
      'presign',
      'describe-instances',
      'put-item',
      'get-caller-identity',
      'list-tables',
      'set',
      'get',
      'list',
      'tree-hash',
      'list-functions',
      'get-metric-data',
      'send-message',
      'wait',
      'table-exists',
    ),
  },
  {
    weight: 4,
    arbitrary: pick(
      '--region',
      '--output',
      '--query',
      '--debug',
      '--profile',
      '--no-sign-request',
      '--cli-input-json',
      '--filters',
      '--max-items',
      '--page-size',
      '--starting-token',
      '--recursive',
      '--exclude',
      '--include',
      '--dryrun',
      '--table-name',
      '--item',
      '--key',
      '--bucket',
      '--instance-ids',
      '--generate-cli-skeleton',
      '--no-paginate',
      '--color',
      '--cli-binary-format',
      '--endpoint-url',
      '--expires-in',
      '--metadata',
      '--sse-c-key',
    ),
  },
  {
    weight: 4,
    arbitrary: pick(
      's3://b/k',
      's3://b/',
      's3://',
      '-',
      '--',
      '?',
      'json',
      'text',
      'table',
      'yaml',
      'on',
      'us-east-1',
      'Name=x,Values=y',
      '{"a":1}',
      '[',
      '{',
      'file://nowhere',
      'fileb://',
      '1',
      '-1',
      '0',
      'Items[0]',
      '[?a',
      'x]',
      "'",
      '"',
      'http://127.0.0.1:1',
      'key=value',
      'S=1',
    ),
  },
  {
    weight: 2,
    arbitrary: text(['a', '-', '=', ',', '{', '}', '[', ']', '"', "'", ':', '/', '.', '*', '?', 'é', ' '], 20),
  },
);

const argv: FuzzTarget = {
  name: 'argv',
  suiteRuns: 1000,
  run: (numRuns, seed) =>
    check(
      numRuns,
      seed,
      fc.asyncProperty(fc.array(ARG, { minLength: 0, maxLength: 8 }), (args) =>
        cliAnswers(['--endpoint-url', 'http://127.0.0.1:1', ...args]),
      ),
    ),
};

// ---- JSON parameters -------------------------------------------------------------------------------
/** A value for a shape: mostly of the right kind, sometimes any JSON at all. */
function valueFor(model: ServiceBundle, ref: ShapeRef, depth: number): fc.Arbitrary<unknown> {
  const shape = model.shapes[ref.shape]!;
  const any = fc.jsonValue({ maxDepth: 2 });
  if (depth > 4) return fc.oneof(any, fc.constant(undefined));
  let right: fc.Arbitrary<unknown>;
  switch (shape.type) {
    case 'structure': {
      const members = Object.entries(shape.members ?? {}).slice(0, 12);
      right = fc.record(
        Object.fromEntries(members.map(([name, member]) => [name, valueFor(model, member, depth + 1)])),
        { requiredKeys: [] },
      );
      break;
    }
    case 'list':
      right = fc.array(valueFor(model, shape.member!, depth + 1), { maxLength: 3 });
      break;
    case 'map':
      right = fc.dictionary(
        fc.oneof(fc.string({ maxLength: 6 }), pick('__proto__', 'constructor', 'toString')),
        valueFor(model, shape.value!, depth + 1),
        { maxKeys: 3 },
      );
      break;
    case 'integer':
    case 'long':
      right = fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER + 2));
      break;
    case 'float':
    case 'double':
      right = fc.oneof(fc.double(), fc.constantFrom('NaN', 'Infinity'));
      break;
    case 'boolean':
      right = fc.boolean();
      break;
    case 'timestamp':
      right = fc.oneof(
        fc.integer({ min: -1e10, max: 1e11 }),
        fc.constantFrom('2024-01-01T00:00:00Z', 'Mon, 01 Jan 2024 00:00:00 GMT', 'not a date', ''),
      );
      break;
    case 'blob':
      right = fc.oneof(fc.base64String({ maxLength: 12 }), fc.string({ maxLength: 6 }));
      break;
    default:
      right = shape.enum
        ? fc.oneof(fc.constantFrom(...shape.enum), fc.string({ maxLength: 8 }))
        : fc.string({ maxLength: 12 });
  }
  return fc.oneof({ weight: 9, arbitrary: right }, { weight: 1, arbitrary: any });
}

const models = createMemoryHost(() => reply(200)).models;
const INPUTS: Array<[string, string, string]> = [
  ['dynamodb', 'PutItem', 'put-item'],
  ['ec2', 'RunInstances', 'run-instances'],
  ['sqs', 'SendMessage', 'send-message'],
  ['iam', 'CreateRole', 'create-role'],
  ['lambda', 'CreateFunction', 'create-function'],
  ['cloudwatch', 'PutMetricData', 'put-metric-data'],
];

const jsonParameters: FuzzTarget = {
  name: 'JSON parameters',
  suiteRuns: 1000,
  run: async (numRuns, seed) => {
    const arbitraries = await Promise.all(
      INPUTS.map(async ([service, operation, command]) => {
        const model = await models.load(service);
        const cli = (await models.index()).find((e) => e.name === service)!.cliName;
        return valueFor(model, { shape: model.operations[operation]!.input!.shape }, 0).map(
          (params) => [cli, command, JSON.stringify(params ?? null)] as const,
        );
      }),
    );
    await check(
      numRuns,
      seed,
      fc.asyncProperty(fc.oneof(...arbitraries), ([cli, command, json]) =>
        cliAnswers(['--endpoint-url', 'http://127.0.0.1:1', cli, command, '--cli-input-json', json]),
      ),
    );
  },
};

// ---- Response bodies -------------------------------------------------------------------------------
/** Calls whose answers are fuzzed, one per wire protocol. */
const CALLS: Array<{
  service: string;
  operation: string;
  params: Record<string, unknown>;
  format: 'xml' | 'json' | 'cbor';
}> = [
  { service: 'sts', operation: 'GetCallerIdentity', params: {}, format: 'xml' },
  { service: 'iam', operation: 'ListRoles', params: {}, format: 'xml' },
  { service: 'ec2', operation: 'DescribeInstances', params: {}, format: 'xml' },
  { service: 's3', operation: 'ListObjectsV2', params: { Bucket: 'b' }, format: 'xml' },
  { service: 'dynamodb', operation: 'Scan', params: { TableName: 'tbl' }, format: 'json' },
  { service: 'lambda', operation: 'ListFunctions', params: {}, format: 'json' },
  { service: 'cloudwatch', operation: 'ListMetrics', params: {}, format: 'cbor' },
];

/** XML for a value of a shape: members as elements (list items as <member>), scalars as escaped text. */
function toXml(model: ServiceBundle, ref: ShapeRef, value: unknown, name: string): string {
  const shape = model.shapes[ref.shape]!;
  if (value === undefined) return '';
  const esc = (v: unknown) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (shape.type === 'structure' && value && typeof value === 'object' && !Array.isArray(value)) {
    return `<${name}>${Object.entries(shape.members ?? {})
      .map(([m, r]) => toXml(model, r, (value as Record<string, unknown>)[m], r.locationName ?? m))
      .join('')}</${name}>`;
  }
  if (shape.type === 'list' && Array.isArray(value)) {
    const items = value.map((v) => toXml(model, shape.member!, v, shape.member!.locationName ?? 'member')).join('');
    return shape.flattened
      ? value.map((v) => toXml(model, shape.member!, v, name)).join('')
      : `<${name}>${items}</${name}>`;
  }
  if (shape.type === 'map' && value && typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => `<entry><key>${esc(k)}</key>${toXml(model, shape.value!, v, 'value')}</entry>`)
      .join('')}</${name}>`;
  }
  return `<${name}>${esc(typeof value === 'object' ? JSON.stringify(value) : value)}</${name}>`;
}

/** Breaks a body a little: cut short, a byte changed, a stray entity or bytes added. */
const mutation = fc.oneof(
  fc.constant((b: Uint8Array) => b),
  fc.nat().map((n) => (b: Uint8Array) => b.subarray(0, b.length ? n % b.length : 0)),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([n, x]) => (b: Uint8Array) => {
    const c = b.slice();
    if (c.length) c[n % c.length] = x;
    return c;
  }),
  fc
    .tuple(
      fc.nat(),
      pick(
        '&bogus;',
        '&#x110000;',
        '&#0;',
        '<![CDATA[x',
        '<!DOCTYPE x [<!ENTITY a "b">]>',
        '\u0000',
        '{',
        '"',
        '\uffff',
      ),
    )
    .map(([n, s]) => (b: Uint8Array) => {
      const at = b.length ? n % b.length : 0;
      const extra = new TextEncoder().encode(s);
      const c = new Uint8Array(b.length + extra.length);
      c.set(b.subarray(0, at));
      c.set(extra, at);
      c.set(b.subarray(at), at + extra.length);
      return c;
    }),
);

const responses: FuzzTarget = {
  name: 'XML, JSON and CBOR response bodies',
  suiteRuns: 1500,
  run: async (numRuns, seed) => {
    const cases = await Promise.all(
      CALLS.map(async (call) => {
        const model = await models.load(call.service);
        const op = model.operations[call.operation]!;
        const value = valueFor(model, op.output!, 0);
        const body = value.map((v) => {
          if (call.format === 'json') return new TextEncoder().encode(JSON.stringify(v ?? null));
          if (call.format === 'cbor') return encodeCbor(v ?? null);
          const inner = toXml(
            model,
            op.output!,
            v,
            call.operation === 'ListObjectsV2' ? 'ListBucketResult' : `${call.operation}Result`,
          );
          return new TextEncoder().encode(
            call.service === 's3' || call.service === 'ec2'
              ? inner
              : `<${call.operation}Response>${inner}</${call.operation}Response>`,
          );
        });
        return fc.record({
          call: fc.constant(call),
          body: fc.oneof({ weight: 4, arbitrary: body }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) }),
        });
      }),
    );
    await check(
      numRuns,
      seed,
      fc.asyncProperty(
        fc.oneof(...cases),
        mutation,
        pick(200, 200, 200, 400, 500, 503),
        async ({ call, body }, mutate, status) => {
          const bytes = mutate(body);
          const headers: Record<string, string> = call.format === 'cbor' ? { 'smithy-protocol': 'rpc-v2-cbor' } : {};
          const host = createMemoryHost(() => reply(status, bytes, headers), { env: ENV });
          const client = createClient(host, {
            region: 'us-east-1',
            credentials: { accessKeyId: 'a', secretAccessKey: 's' },
            maxAttempts: 1,
          });
          try {
            await client.send(call.service, call.operation, call.params);
          } catch (err) {
            if (!(err instanceof IsoawsError)) throw err;
          }
        },
      ),
    );
  },
};

// ---- The HTTP/1.1 response reader ------------------------------------------------------------------
const HEADER = fc.oneof(
  fc.nat({ max: 300 }).map((n) => `Content-Length: ${n}`),
  pick(
    'Content-Length: -1',
    'Content-Length: abc',
    'Content-Length: 5, 6',
    'Content-Length: 99999999999999999999',
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip, chunked',
    'Connection: close',
    'Connection: keep-alive',
    'X-Empty:',
    ': novalue',
    'NoColon',
    '__proto__: x',
    'constructor: y',
    'Content-Type: text/xml',
  ),
  text(['a', ':', ' ', '\t', '\r', 'é'], 20),
);
const CHUNKED_BODY = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 20 }).map((s) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`),
      pick(
        'zz\r\n',
        'ffffffffffffffffffff\r\n',
        '5;ext=1\r\nhello\r\n',
        '3\r\nab',
        '0\r\n\r\n',
        '0\r\nX-Trailer: t\r\n\r\n',
        '-1\r\n',
      ),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''));
const RESPONSE = fc
  .tuple(
    pick(
      'HTTP/1.1 200 OK',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK',
      'HTTP/1.0 200 OK',
      'HTTP/1.1 204 No Content',
      'HTTX/1.1 200',
      'HTTP/1.1 999 X',
      'HTTP/1.1',
      '',
      'HTTP/1.1 304 Not Modified',
    ),
    fc.array(HEADER, { maxLength: 5 }),
    fc.oneof(
      fc.string({ maxLength: 200 }),
      CHUNKED_BODY,
      fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('latin1')),
    ),
  )
  .map(([status, headers, body]) =>
    Buffer.from(`${status}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n${body}`, 'latin1'),
  );

/** Feeds an answer to a Reader in the given pieces, then the connection's end; says what came of it. */
async function readAnswer(
  bytes: Buffer,
  cuts: number[],
  headOnly: boolean,
): Promise<{ head?: Head; body?: Buffer; done?: boolean; failed?: Error }> {
  const reader = new Reader();
  const out: { head?: Head; body?: Buffer; done?: boolean; failed?: Error } = {};
  let bodyStream: AsyncIterable<Uint8Array> | undefined;
  reader.expect(headOnly, {
    head: (head, body) => {
      out.head = head;
      bodyStream = body;
    },
    done: () => {
      out.done = true;
    },
    fail: (err) => {
      out.failed = err;
      return err;
    },
  });
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
    if (cut > at) reader.feed(bytes.subarray(at, cut));
    at = Math.max(at, cut);
  }
  reader.closed();
  if (bodyStream) {
    const chunks: Uint8Array[] = [];
    try {
      for await (const chunk of bodyStream) chunks.push(chunk);
      out.body = Buffer.concat(chunks);
    } catch (err) {
      out.failed ??= err as Error;
    }
  }
  return out;
}

const http1: FuzzTarget = {
  name: 'HTTP/1.1 response reader',
  suiteRuns: 1500,
  run: (numRuns, seed) =>
    check(
      numRuns,
      seed,
      fc.asyncProperty(RESPONSE, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), async (bytes, cuts, headOnly) => {
        const { head, body, done } = await readAnswer(bytes, cuts, headOnly);
        if (!head || !done || body === undefined) return;
        // An answer read to its end holds exactly the bytes its framing promised.
        const length = head.headers['content-length'];
        const chunked = /chunked/i.test(head.headers['transfer-encoding'] ?? '');
        if (headOnly || head.statusCode === 204 || head.statusCode === 304) {
          if (body.length) throw new Error('a body after a bodiless answer');
        } else if (!chunked && length !== undefined && body.length !== Number(length.split(',')[0])) {
          throw new Error(`a body of ${body.length} bytes for Content-Length ${length}`);
        }
      }),
    ),
};

// ---- Glob patterns ---------------------------------------------------------------------------------
const GLOB_UNITS = ['a', 'b', 'z', '-', '!', '^', '[', ']', '*', '?', '/', '.', '\\', 'é', '😀'];
const globCase = fc.tuple(
  text(GLOB_UNITS, 10),
  text(
    GLOB_UNITS.filter((c) => c !== '*' && c !== '?'),
    12,
  ),
);

const glob: FuzzTarget = {
  name: 'glob patterns',
  suiteRuns: 3000,
  run: (numRuns, seed) =>
    check(
      numRuns,
      seed,
      fc.property(globCase, ([pattern, path]) => {
        // Whatever the pattern, an answer, in time linear in the path's length (a hang fails the run).
        fnmatcher(pattern)(path.repeat(20));
      }),
    ),
  batch(runs, seed) {
    const cases = fc.sample(globCase, { numRuns: runs, seed });
    const python = spawnSync(
      'python3',
      [
        '-c',
        'import fnmatch, json, sys\nprint(json.dumps([fnmatch.fnmatchcase(t, p) for p, t in json.load(sys.stdin)]))',
      ],
      { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    if (python.error && process.env.CI !== 'true') return undefined;
    if (python.status !== 0)
      throw new Error(`python3 could not check the cases: ${python.error?.message ?? python.stderr}`);
    const expected = JSON.parse(python.stdout) as boolean[];
    const wrong = cases.filter(([pattern, path], i) => fnmatcher(pattern)(path) !== expected[i]);
    return { checked: cases.length, wrong };
  },
};

// ---- S3 keys to local paths ------------------------------------------------------------------------
const KEY = fc
  .array(pick('a', 'b', '..', '.', '', 'é', '%2e%2e', '...', '\\', 'c d'), { maxLength: 8 })
  .map((segments) => segments.join('/'));

const keysToPaths: FuzzTarget = {
  name: 'S3 keys to local paths',
  suiteRuns: 3000,
  run: (numRuns, seed) =>
    check(
      numRuns,
      seed,
      fc.property(KEY, pick('/dest', '/dest/', '/', '/a/b/c'), (key, rootGiven) => {
        const root = posix.normalize(rootGiven).replace(/(.)\/$/, '$1');
        const placed = placeUnder(rootGiven, key);
        const relative = posix.normalize(`./${key}`).replace(/(.)\/$/, '$1');
        // The AWS CLI's rule (normpath of ./key climbing out), and node:path's normalisation as the reference.
        const climbs = relative === '..' || relative.startsWith('../');
        if ('refused' in placed) {
          if (!climbs && relative !== '.') throw new Error(`refused ${JSON.stringify(key)}`);
          return;
        }
        if (climbs) throw new Error(`placed ${JSON.stringify(key)}, which climbs out, at ${placed.path}`);
        if (!isWithin(root, placed.path) || placed.path === root)
          throw new Error(`${JSON.stringify(key)} placed outside ${root}: ${placed.path}`);
        if (placed.path !== posix.join(root, relative))
          throw new Error(`${JSON.stringify(key)} placed at ${placed.path}, not ${posix.join(root, relative)}`);
      }),
    ),
};

export const TARGETS: FuzzTarget[] = [shorthand, ini, argv, jsonParameters, responses, http1, glob, keysToPaths];
