/**
 * botocore's endpoint rule-set tests (test/fixtures/endpoints, 20 services): every case's `params`
 * go through resolveEndpoint and must give the expected url, headers and properties (authSchemes
 * included), or the expected error message exactly. A case's `operationInputs` also go end to end: its
 * built-ins plus the operation's static/context/operation-context parameters, gathered by
 * buildEndpointParams from the service model, must give the same endpoint.
 *
 * Rule sets and models come from the bundled models (models/pack-NN.bin) and partitions from
 * models/partitions.json; where the bundle lacks them, from the installed botocore's data directory.
 * A case we cannot pass must be listed in endpoints-ignore.json with a reason; the summary prints counts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildEndpointParams,
  resolveEndpoint,
  type BuiltInValues,
  type EndpointParams,
  type EndpointRuleSet,
  type PartitionTable,
  type ResolvedEndpoint,
} from '../../src/core/endpoints/index.js';
import { createNodeModelSource } from '../../src/adapters/node/models.js';
import { EndpointError } from '../../src/core/errors.js';
import type { ServiceBundle } from '../../src/core/model/types.js';
import { search } from '../../src/core/query/index.js';
import { FIXTURES, REPO_ROOT } from './fixtures.js';

const ROOT = join(FIXTURES, 'endpoints');
const MODELS = join(REPO_ROOT, 'models');
const models = createNodeModelSource(MODELS);
const IGNORE: Record<string, string> = JSON.parse(
  readFileSync(new URL('./endpoints-ignore.json', import.meta.url), 'utf8'),
).cases;

interface TestCase {
  documentation: string;
  params?: EndpointParams;
  expect:
    | { endpoint: { url: string; headers?: Record<string, string[]>; properties?: Record<string, unknown> } }
    | { error: string };
  operationInputs?: Array<{
    operationName: string;
    operationParams?: Record<string, unknown>;
    builtInParams?: BuiltInValues;
  }>;
}

const partitions: PartitionTable = existsSync(join(MODELS, 'partitions.json'))
  ? readJson(join(MODELS, 'partitions.json'))
  : readJson(join(botocoreData(), 'partitions.json'));

const tally = { cases: 0, operationInputs: 0, passed: 0, ignored: 0 };

for (const file of readdirSync(ROOT)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const service = file.slice(0, -'.json'.length);
  const cases: TestCase[] = readJson<{ testCases: TestCase[] }>(join(ROOT, file)).testCases;
  const bundle = await loadService(service);
  describe(service, () => {
    const ruleSet = bundle.endpointRuleSet as EndpointRuleSet;
    cases.forEach((testCase, i) => {
      const key = `${service}#${i}`;
      tally.cases++;
      tally.operationInputs += testCase.operationInputs?.length ?? 0;
      const name = `${i}: ${testCase.documentation}`;
      if (IGNORE[key]) {
        tally.ignored++;
        it.skip(`${name} (ignored: ${IGNORE[key]})`, () => {});
        return;
      }
      it(name, () => {
        if (testCase.params)
          expectOutcome(() => resolveEndpoint(ruleSet, testCase.params!, partitions), testCase.expect);
        for (const op of testCase.operationInputs ?? []) {
          const operation = bundle.operations[op.operationName];
          expect(operation, `operation ${op.operationName}`).toBeDefined();
          const params = buildEndpointParams({
            ruleSet,
            // botocore's end-to-end runner replaces every built-in with the case's, after its S3 handler.
            builtIns: op.builtInParams ?? {},
            operation: { ...operation!, name: op.operationName },
            inputShape: operation!.input ? bundle.shapes[operation!.input.shape] : undefined,
            input: op.operationParams ?? {},
            search,
          });
          expectOutcome(
            () => resolveEndpoint(ruleSet, params, partitions),
            testCase.expect,
            `${op.operationName} ${JSON.stringify(params)}`,
          );
        }
        tally.passed++;
      });
    });
  });
}

afterAll(() => {
  console.log(
    `endpoint rule-set tests: ${tally.passed} passed, ${tally.ignored} ignored, ${tally.cases} cases ` +
      `(${tally.operationInputs} operationInputs checked end to end within them)`,
  );
});

function expectOutcome(run: () => ResolvedEndpoint, expected: TestCase['expect'], context?: string): void {
  if ('error' in expected) {
    let thrown: unknown;
    try {
      run();
    } catch (err) {
      thrown = err;
    }
    expect(thrown, context).toBeInstanceOf(EndpointError);
    expect((thrown as Error).message, context).toBe(expected.error);
    return;
  }
  expect(run(), context).toEqual({
    url: expected.endpoint.url,
    headers: expected.endpoint.headers ?? {},
    properties: expected.endpoint.properties ?? {},
  });
}

/** The bundled model, or botocore's newest API version of it (model + rule set) when the bundle lacks it. */
async function loadService(service: string): Promise<ServiceBundle> {
  const bundle = await models.load(service).catch(() => undefined);
  if (bundle?.endpointRuleSet) return bundle;
  const dir = join(botocoreData(), service);
  const version = readdirSync(dir).sort().pop()!;
  const model = JSON.parse(gunzipSync(readFileSync(join(dir, version, 'service-2.json.gz'))).toString('utf8'));
  const endpointRuleSet = JSON.parse(
    gunzipSync(readFileSync(join(dir, version, 'endpoint-rule-set-1.json.gz'))).toString('utf8'),
  );
  return { ...model, endpointRuleSet };
}

let botocoreDataDir: string | undefined;

/** The installed botocore's data directory, asked of python3 once and only if the bundle is missing. */
function botocoreData(): string {
  botocoreDataDir ??= execFileSync(
    'python3',
    ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))'],
    { encoding: 'utf8' },
  ).trim();
  return botocoreDataDir;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
