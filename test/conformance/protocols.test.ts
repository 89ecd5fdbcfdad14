/**
 * Runs every case of botocore's protocol conformance suites (test/fixtures/protocols: input =
 * serialize, output = parse, plus the legacy suites) through our protocol modules. A case we do not pass
 * must be listed in protocols-ignore.json with a reason; the summary line prints the counts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol, selectProtocol } from '../../src/core/protocols/index.js';
import type { Operation, ServiceModel } from '../../src/core/model/types.js';
import { buildRequestUrl } from '../../src/core/request-url.js';
import { compressRequestBody } from '../../src/core/compression.js';
import { eventStreamMember } from '../../src/core/protocols/event-stream-member.js';
import { withEventStream } from '../../src/core/protocols/event-stream-output.js';
import { FIXTURES } from './fixtures.js';
import { assertBodyEqual, normalizeOutput, readBody, headerMap } from './protocol-compare.js';

const ROOT = join(FIXTURES, 'protocols');
const IGNORE: Record<string, string> = JSON.parse(
  readFileSync(new URL('./protocols-ignore.json', import.meta.url), 'utf8'),
).cases;
const IDEMPOTENCY_TOKEN = '00000000-0000-4000-8000-000000000000';

interface Suite {
  description: string;
  metadata: ServiceModel['metadata'];
  shapes: ServiceModel['shapes'];
  clientEndpoint?: string;
  cases: Array<Record<string, any>>;
}

const files = ['input', 'output', 'legacy/input', 'legacy/output'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

const tally = { passed: 0, ignored: 0, total: 0 };

for (const file of files) {
  const suites: Suite[] = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
  const isInput = file.includes('input/');
  if (suites.every((suite) => suite.cases.length === 0)) continue; // an upstream file with no cases yet
  describe(file, () => {
    suites.forEach((suite, si) => {
      suite.cases.forEach((testCase, ci) => {
        const key = `${file}#${testCase.id ?? `${si}.${ci}`}`;
        const reason = IGNORE[key];
        tally.total++;
        const name = `${testCase.id ?? `${si}.${ci}`}: ${testCase.description ?? suite.description}`;
        if (reason) {
          tally.ignored++;
          it.skip(`${name} (ignored: ${reason})`, () => {});
          return;
        }
        it(name, async () => {
          const operation: Operation = { ...testCase.given };
          const model: ServiceModel = {
            metadata: suite.metadata,
            shapes: suite.shapes,
            operations: { [operation.name]: operation },
          };
          const protocol = await loadProtocol(selectProtocol(suite.metadata));
          if (isInput) await checkInput(protocol, model, operation, suite, testCase);
          else await checkOutput(protocol, model, operation, testCase);
          tally.passed++;
        });
      });
    });
  });
}

afterAll(() => {
  const failed = tally.total - tally.passed - tally.ignored;
  const rate = ((100 * tally.passed) / tally.total).toFixed(1);
  console.log(
    `protocol conformance: ${tally.passed}/${tally.total} passed (${rate}%), ${tally.ignored} ignored, ${failed} failed`,
  );
});

async function checkInput(
  protocol: Awaited<ReturnType<typeof loadProtocol>>,
  model: ServiceModel,
  operation: Operation,
  suite: Suite,
  testCase: Record<string, any>,
): Promise<void> {
  const expected = testCase.serialized;
  const req = protocol.serialize({
    model,
    operation,
    params: testCase.params ?? {},
    idempotencyToken: () => IDEMPOTENCY_TOKEN,
  });
  const endpoint = testCase.clientEndpoint ?? suite.clientEndpoint ?? 'https://example.com';
  const url = new URL(buildRequestUrl(endpoint, req));
  // Legacy suites omit `http`; botocore then defaults the method to POST.
  expect(req.method).toBe(expected.method ?? operation.http?.method ?? 'POST');
  if (expected.uri !== undefined) expect(url.pathname + url.search).toBe(expected.uri);
  if (expected.host !== undefined) {
    expect(expected.host.includes('/') ? `${url.host}${new URL(endpoint).pathname}` : url.host).toBe(expected.host);
  }
  // Compression runs in the request path right after serializing; the fixtures cover both.
  const serializedBody = await readBody(req.body);
  const body =
    (await compressRequestBody(operation, req.headers, serializedBody.length ? serializedBody : undefined)) ??
    serializedBody;
  const headers = headerMap(req.headers);
  if (body.length > 0 && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
  const protocolName = selectProtocol(model.metadata);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    // botocore sets no Content-Type for rest-xml, and its own runner drops the suites' expected one
    // (tests/unit/test_protocols.py: "We don't set Content-Type for rest-xml"); the AWS CLI sends none.
    if (protocolName === 'rest-xml' && name.toLowerCase() === 'content-type') {
      expect(headers['content-type'], 'header Content-Type (none for rest-xml)').toBeUndefined();
      continue;
    }
    let actual = headers[name.toLowerCase()];
    // botocore (QuerySerializer) sends `...; charset=utf-8`, as the legacy suites expect; the Smithy-generated
    // suites list the bare media type. Both describe the same request.
    if (
      (protocolName === 'query' || protocolName === 'ec2') &&
      name.toLowerCase() === 'content-type' &&
      !String(value).includes('charset')
    ) {
      actual = actual?.replace(/;\s*charset=utf-8$/i, '');
    }
    // A list header may put spaces after its commas (RFC 9110 list syntax): botocore sends none, the
    // Smithy suites expect them, the legacy suites not. Compared with that optional whitespace removed.
    expect(actual?.replace(/,\s+/g, ','), `header ${name}`).toBe(String(value).replace(/,\s+/g, ','));
  }
  for (const name of expected.forbidHeaders ?? [])
    expect(headers[name.toLowerCase()], `forbidden header ${name}`).toBeUndefined();
  for (const name of expected.requireHeaders ?? [])
    expect(headers[name.toLowerCase()], `required header ${name}`).toBeDefined();
  if (expected.body !== undefined)
    assertBodyEqual(selectProtocol(model.metadata), body, expected.body, headers['content-type']);
}

async function checkOutput(
  protocol: Awaited<ReturnType<typeof loadProtocol>>,
  model: ServiceModel,
  operation: Operation,
  testCase: Record<string, any>,
): Promise<void> {
  const response = testCase.response;
  const events = eventStreamMember(model, operation);
  if (events) return checkEventStreamOutput(protocol, model, events, testCase);
  const isCbor = selectProtocol(model.metadata) === 'smithy-rpc-v2-cbor';
  const body = isCbor
    ? Uint8Array.from(atob(response.body ?? ''), (c) => c.charCodeAt(0))
    : new TextEncoder().encode(response.body ?? '');
  const result = protocol.parse({
    model,
    operation,
    response: { statusCode: response.status_code, headers: headerMap(response.headers ?? {}), body },
  });
  if (testCase.errorCode !== undefined || testCase.error !== undefined) {
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    if (testCase.errorCode !== undefined) expect(result.error.code).toBe(testCase.errorCode);
    if (testCase.errorMessage !== undefined) expect(result.error.message).toBe(testCase.errorMessage);
    const data = normalizeOutput({ Message: result.error.message, ...result.error.data });
    for (const [k, v] of Object.entries(testCase.error ?? {})) expect(data[k], `error member ${k}`).toEqual(v);
    return;
  }
  expect(result.kind).toBe('output');
  if (result.kind !== 'output') return;
  expect(normalizeOutput(result.output)).toEqual(testCase.result ?? {});
}

/**
 * An event-stream output (the legacy suites' base64 body of binary messages): parsed, then its events
 * read as the engine reads them (event-stream-output.ts), and compared as the list botocore iterates.
 */
async function checkEventStreamOutput(
  protocol: Awaited<ReturnType<typeof loadProtocol>>,
  model: ServiceModel,
  member: NonNullable<ReturnType<typeof eventStreamMember>>,
  testCase: Record<string, any>,
): Promise<void> {
  const bytes = Uint8Array.from(atob(testCase.response.body ?? ''), (c) => c.charCodeAt(0));
  const body = (async function* () {
    yield bytes;
  })();
  const operation: Operation = testCase.given;
  const response = { statusCode: testCase.response.status_code, headers: headerMap(testCase.response.headers ?? {}) };
  const parsed = protocol.parse({ model, operation, response: { ...response, body } });
  expect(parsed.kind).toBe('output');
  if (parsed.kind !== 'output') return;
  const output = await withEventStream(member, parsed.output, body, {
    model,
    readPayload: protocol.readEventPayload!,
    errorOf: (error) => new Error(`${error.code}: ${error.message}`),
  });
  const events: unknown[] = [];
  for await (const event of output[member.name] as AsyncIterable<unknown>) events.push(event);
  expect(normalizeOutput({ ...output, [member.name]: events })).toEqual(testCase.result ?? {});
}
