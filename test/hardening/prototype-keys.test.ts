/**
 * Keys named like Object's own members — `__proto__`, `constructor`, `toString` — in data of every kind,
 * against moto_server and a stand-in: a DynamoDB attribute (sent, printed in every output format,
 * queried), S3 metadata, a profile name, a parameter of --cli-input-json, a shorthand key; and parsed from JSON, XML
 * and CBOR bodies. Each is a key like any other: never lost, never turned into a prototype whose
 * members show up as fake keys, never found on Object.prototype.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { parseShorthand } from '../../src/cli/shorthand.js';
import { parseIni, configProfiles } from '../../src/core/config/ini.js';
import type { HttpRequest } from '../../src/core/host.js';
import { decodeCbor } from '../../src/core/protocols/cbor.js';
import { cliRunner } from '../support/cli-runner.js';
import { createMemoryHost, reply } from '../support/memory-host.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());
const home = mkdtempSync(join(tmpdir(), 'isoaws-proto-'));
const aws = cliRunner({ home, work: home, endpoint: () => moto!.endpoint });

const ITEM = '{"id":{"S":"1"},"__proto__":{"M":{"polluted":{"S":"yes"}}},"constructor":{"S":"c"}}';

describe.skipIf(!moto)("keys named like Object's members, against moto_server", () => {
  it('keeps a DynamoDB attribute named __proto__ on the way in and out, in every format and in --query', async () => {
    await aws([
      'dynamodb',
      'create-table',
      '--table-name',
      'p',
      '--attribute-definitions',
      'AttributeName=id,AttributeType=S',
      '--key-schema',
      'AttributeName=id,KeyType=HASH',
      '--billing-mode',
      'PAY_PER_REQUEST',
    ]);
    expect((await aws(['dynamodb', 'put-item', '--table-name', 'p', '--item', ITEM])).code).toBe(0);
    const get = ['dynamodb', 'get-item', '--table-name', 'p', '--key', '{"id":{"S":"1"}}'];
    const json = await aws(get);
    expect(json.out).toBe(
      '{\n    "Item": {\n        "id": {\n            "S": "1"\n        },\n        "__proto__": {\n            "M": {\n                "polluted": {\n                    "S": "yes"\n                }\n            }\n        },\n        "constructor": {\n            "S": "c"\n        }\n    }\n}\n',
    );
    expect(JSON.parse(json.out).Item).not.toHaveProperty('M');
    expect((await aws([...get, '--output', 'text'])).out).toBe('POLLUTED\tyes\nCONSTRUCTOR\tc\nID\t1\n');
    expect((await aws([...get, '--output', 'yaml'])).out).toBe(
      "Item:\n  __proto__:\n    M:\n      polluted:\n        S: yes\n  constructor:\n    S: c\n  id:\n    S: '1'\n",
    );
    expect((await aws([...get, '--query', 'Item.__proto__.M.polluted.S', '--output', 'text'])).out).toBe('yes\n');
    expect((await aws([...get, '--query', 'Item.toString'])).out).toBe('null\n');
  });

  it('sends S3 metadata named __proto__ and constructor (moto keeps only the second)', async () => {
    await aws(['s3', 'mb', 's3://proto']);
    const requests: HttpRequest[] = [];
    expect(
      (
        await aws(
          ['s3api', 'put-object', '--bucket', 'proto', '--key', 'k', '--metadata', '__proto__=p,constructor=c'],
          { requests },
        )
      ).code,
    ).toBe(0);
    expect(requests[0]!.headers).toMatchObject({ 'x-amz-meta-__proto__': 'p', 'x-amz-meta-constructor': 'c' });
  });

  it('finds no profile named constructor or __proto__ unless there is one (exit 255)', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(await aws(['--profile', name, 's3', 'ls'])).toMatchObject({
        code: 255,
        err: `\nThe config profile (${name}) could not be found\n`,
      });
    }
  });

  it('refuses toString and __proto__ as parameters of --cli-input-json, as unknown parameters (exit 252)', async () => {
    for (const key of ['toString', '__proto__']) {
      const r = await aws(['dynamodb', 'list-tables', '--cli-input-json', `{"${key}": {"Limit": 1}}`]);
      expect(r).toMatchObject({
        code: 252,
        err: `\nParameter validation failed:\nUnknown parameter in input: "${key}", must be one of: ExclusiveStartTableName, Limit\n`,
      });
    }
  });
});

describe("parsers given keys named like Object's members", () => {
  it('read S3 metadata headers named __proto__ and constructor into the map', async () => {
    const host = createMemoryHost(
      () => reply(200, '', { 'x-amz-meta-__proto__': 'p', 'x-amz-meta-constructor': 'c', 'content-length': '0' }),
      { env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' } },
    );
    expect(await runCli(['s3api', 'head-object', '--bucket', 'b', '--key', 'k', '--query', 'Metadata'], host)).toBe(0);
    expect(host.out.join('')).toBe('{\n    "__proto__": "p",\n    "constructor": "c"\n}\n');
  });

  it('keep them as keys: shorthand, config files, CBOR', () => {
    const shorthand = parseShorthand('__proto__=a,constructor={toString=b}');
    expect(Object.keys(shorthand)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(shorthand)).toBe(Object.prototype);
    const config = configProfiles(parseIni('[profile __proto__]\nregion = x\n[default]\nconstructor = y\n', 'config'));
    expect(Object.keys(config.profiles)).toEqual(['__proto__', 'default']);
    expect(config.profiles.default!.constructor).toBe('y');
    expect(config.profiles.toString).toBeUndefined();
    // {"__proto__": 1, "toString": 2} in CBOR: a map of two text keys.
    const cbor = decodeCbor(
      new Uint8Array([
        0xa2,
        0x69,
        ...new TextEncoder().encode('__proto__'),
        0x01,
        0x68,
        ...new TextEncoder().encode('toString'),
        0x02,
      ]),
    );
    expect(Object.entries(cbor as object)).toEqual([
      ['__proto__', 1],
      ['toString', 2],
    ]);
  });
});
