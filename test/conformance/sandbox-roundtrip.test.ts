/**
 * The sandbox's server side held to the client's own codecs, over every case of the protocol suites
 * (test/fixtures/protocols): each input case serialized by the client must be read back by the sandbox
 * into parameters that serialize to the same request, and each output case written by the sandbox must
 * parse on the client to the expected output (errors: to the same code and message). A case it does not
 * pass is listed in sandbox-roundtrip-ignore.json with a reason; the summary line prints the counts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol, selectProtocol, type ProtocolName } from '../../src/core/protocols/index.js';
import type { Operation, ServiceModel } from '../../src/core/model/types.js';
import type { SerializedRequest } from '../../src/core/protocols/types.js';
import { readInput, routeByHead, routeQuery, writeOutput } from '../../src/sandbox/wire/codec.js';
import { writeError } from '../../src/sandbox/wire/errors.js';
import type { WireRequest } from '../../src/sandbox/wire/types.js';
import { SandboxError } from '../../src/sandbox/service.js';
import { collect, concatBytes } from '../../src/core/streaming-body.js';
import { FIXTURES } from './fixtures.js';
import { assertBodyEqual, headerMap, normalizeOutput, readBody } from './protocol-compare.js';

const ROOT = join(FIXTURES, 'protocols');
const IGNORE: { protocols: Record<string, string>; cases: Record<string, string> } = JSON.parse(
  readFileSync(new URL('./sandbox-roundtrip-ignore.json', import.meta.url), 'utf8'),
);
const TOKEN = '00000000-0000-4000-8000-000000000000';

interface Suite {
  description: string;
  metadata: ServiceModel['metadata'];
  shapes: ServiceModel['shapes'];
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
  if (suites.every((suite) => suite.cases.length === 0)) continue;
  describe(`sandbox ${file}`, () => {
    suites.forEach((suite, si) => {
      suite.cases.forEach((testCase, ci) => {
        const id = testCase.id ?? `${si}.${ci}`;
        const key = `${file}#${id}`;
        const protocolName = selectProtocol(suite.metadata);
        const reason = IGNORE.cases[key] ?? IGNORE.protocols[protocolName];
        tally.total++;
        if (reason) {
          tally.ignored++;
          it.skip(`${id} (ignored: ${reason})`, () => {});
          return;
        }
        it(`${id}: ${testCase.description ?? suite.description}`, async () => {
          const operation: Operation = { http: { method: 'POST', requestUri: '/' }, ...testCase.given };
          const model: ServiceModel = {
            metadata: suite.metadata,
            shapes: suite.shapes,
            operations: { [operation.name]: operation },
          };
          if (isInput) await roundTripInput(model, protocolName, operation, testCase.params ?? {});
          else await roundTripOutput(model, protocolName, operation, testCase);
          tally.passed++;
        });
      });
    });
  });
}

afterAll(() => {
  const failed = tally.total - tally.passed - tally.ignored;
  console.log(
    `sandbox protocol round trip: ${tally.passed}/${tally.total} passed, ${tally.ignored} ignored, ${failed} failed`,
  );
});

async function serialize(model: ServiceModel, protocolName: ProtocolName, operation: Operation, params: object) {
  const protocol = await loadProtocol(protocolName);
  const req = protocol.serialize({
    model,
    operation,
    params: params as Record<string, unknown>,
    idempotencyToken: () => TOKEN,
  });
  return { req, body: await readBody(req.body) };
}

function wireOf(req: SerializedRequest, body: Uint8Array): WireRequest {
  const query = req.query.map(([k, v]): [string, string] => [k, v ?? '']);
  return { method: req.method, host: 'example.com', path: req.path, query, headers: headerMap(req.headers), body };
}

async function roundTripInput(
  model: ServiceModel,
  protocolName: ProtocolName,
  operation: Operation,
  params: Record<string, unknown>,
): Promise<void> {
  const first = await serialize(model, protocolName, operation, params);
  const wire = wireOf(first.req, first.body);
  const routed =
    protocolName === 'query' || protocolName === 'ec2'
      ? routeQuery(model, wire)
      : routeByHead(model, protocolName, wire);
  expect(routed?.operation.name).toBe(operation.name);
  const input = readInput(model, protocolName, routed!, wire);
  const again = await serialize(model, protocolName, operation, input);
  expect(again.req.method).toBe(first.req.method);
  expect(again.req.path).toBe(first.req.path);
  expect(again.req.query).toEqual(first.req.query);
  expect(headerMap(again.req.headers)).toEqual(headerMap(first.req.headers));
  assertBodyEqual(
    protocolName,
    again.body,
    new TextDecoder().decode(first.body),
    headerMap(first.req.headers)['content-type'],
  );
}

async function roundTripOutput(
  model: ServiceModel,
  protocolName: ProtocolName,
  operation: Operation,
  testCase: Record<string, any>,
): Promise<void> {
  const protocol = await loadProtocol(protocolName);
  if (testCase.errorCode !== undefined) {
    const status = testCase.response?.status_code ?? 400;
    const message = testCase.errorMessage ?? 'the message';
    // A handler throws an error by its shape's name; a custom wire code (`error.code`) is the writer's to apply.
    const shapeName =
      Object.entries(model.shapes).find(([, shape]) => shape.error?.code === testCase.errorCode)?.[0] ??
      testCase.errorCode;
    const reply = writeError(protocolName, model, new SandboxError(shapeName, message, status), 'rid', 'POST');
    const parsed = protocol.parse({ model, operation, response: { ...reply, body: await bytesOf(reply.body) } });
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') {
      expect(parsed.error.code).toBe(testCase.errorCode);
      expect(parsed.error.message).toBe(message);
    }
    return;
  }
  const reply = writeOutput(model, protocolName, operation, structuredClone(testCase.result ?? {}), 'rid');
  const parsed = protocol.parse({ model, operation, response: { ...reply, body: await bytesOf(reply.body) } });
  expect(parsed.kind).toBe('output');
  if (parsed.kind === 'output') expect(normalizeOutput(parsed.output)).toEqual(testCase.result ?? {});
}

async function bytesOf(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : concatBytes(await collect(body));
}
