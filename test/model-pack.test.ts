/**
 * The packed models: scripts/model-pack.js writes them, core/model/pack.ts reads them. A partial read
 * holds everything its operations reach; a whole read gives the model back as it was, in its order;
 * reads of one service never read a group twice; the writer and the reader put a service in the same file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bucketOf as writerBucket, writePacks } from '../scripts/model-pack.js';
import { createNodeModelSource } from '../src/adapters/node/models.js';
import { bucketOf, packedModels, type ByteRange } from '../src/core/model/pack.js';
import type { ServiceBundle, ServiceIndexEntry, ShapeRef } from '../src/core/model/types.js';
import { REPO_ROOT } from './conformance/fixtures.js';

const MODELS = join(REPO_ROOT, 'models');
const index: ServiceIndexEntry[] = JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8'));

/** packedModels over a directory of packs, recording every range read. */
function counting(dir: string) {
  const reads: ByteRange[] = [];
  const load = packedModels({
    async read(bucket, ranges) {
      const file = readFileSync(join(dir, `pack-${bucket}.bin`));
      reads.push(...ranges);
      return ranges.map(({ start, end }) => file.subarray(start, end));
    },
    inflate: (bytes) => inflateRawSync(bytes).toString('utf8'),
    gap: 0,
  });
  return { load, reads };
}

function reachable(bundle: ServiceBundle, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const shape = bundle.shapes[name];
    expect(shape, name).toBeDefined();
    const refs: Array<ShapeRef | undefined> = [
      shape!.member,
      shape!.key,
      shape!.value,
      ...Object.values(shape!.members ?? {}),
    ];
    for (const ref of refs) if (ref) stack.push(ref.shape);
  }
  return seen;
}

/** A small model whose shapes are shared, exceptional and unread, in an order no grouping keeps. */
function sample(): ServiceBundle {
  const s = (shape: string) => ({ shape });
  return {
    metadata: { apiVersion: '2026-01-01', endpointPrefix: 'sample', protocol: 'json', serviceId: 'Sample' },
    operations: {
      PutThing: {
        name: 'PutThing',
        http: { method: 'POST', requestUri: '/' },
        input: s('PutInput'),
        errors: [s('Oops')],
      },
      GetThing: {
        name: 'GetThing',
        http: { method: 'POST', requestUri: '/' },
        input: s('GetInput'),
        output: s('Thing'),
      },
      ListThings: { name: 'ListThings', http: { method: 'POST', requestUri: '/' }, output: s('ThingList') },
    },
    shapes: {
      Unread: { type: 'string' },
      Thing: { type: 'structure', members: { Name: s('Name'), Size: s('Size') } },
      Oops: { type: 'structure', exception: true, members: { Message: s('Text') } },
      PutInput: { type: 'structure', members: { Thing: s('Thing'), Note: s('Text') } },
      Name: { type: 'string', max: 'x'.repeat(2000).length },
      GetInput: { type: 'structure', required: ['Name'], members: { Name: s('Name') } },
      Size: { type: 'long' },
      ThingList: { type: 'list', member: s('Thing') },
      Text: { type: 'string' },
    },
    paginators: { ListThings: { input_token: 'Next', output_token: 'Next', result_key: 'Things' } },
    waiters: { ThingExists: { operation: 'GetThing', delay: 1, maxAttempts: 2, acceptors: [] } },
    endpointRuleSet: { version: '1.0', parameters: {}, rules: [] },
  };
}

describe('model packs', () => {
  it('give a written model back whole, in its order, after reading part of it first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-packs-'));
    const model = sample();
    writePacks(dir, new Map([['sample', model]]));
    writeFileSync(join(dir, 'index.json'), '[]');
    const source = createNodeModelSource(dir);
    const part = await source.load('sample', ['GetThing']);
    expect(Object.keys(part.operations)).toContain('GetThing');
    expect(part.shapes.Oops?.exception).toBe(true);
    expect(part.shapes.Unread).toBeUndefined();
    const whole = await source.load('sample');
    expect(whole).toBe(part);
    expect(JSON.stringify(whole.operations)).toBe(JSON.stringify(model.operations));
    expect(JSON.stringify(whole.shapes)).toBe(JSON.stringify(model.shapes));
    expect(whole.paginators).toEqual(model.paginators);
    expect(whole.waiters).toEqual(model.waiters);
    expect(whole.endpointRuleSet).toEqual(model.endpointRuleSet);
  });

  it('serve every source of a directory from one reading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-packs-'));
    writePacks(dir, new Map([['sample', sample()]]));
    const first = await createNodeModelSource(dir).load('sample', ['GetThing']);
    // A second host's source reads nothing again: the file may go, the bundle is the one already read.
    rmSync(join(dir, `pack-${bucketOf('sample')}.bin`));
    expect(await createNodeModelSource(dir).load('sample', ['GetThing'])).toBe(first);
  });

  it('put each service in the file the reader looks in', () => {
    for (const { name } of index) expect(bucketOf(name), name).toBe(writerBucket(name));
  });

  it('read for a call everything its operation reaches, and a part of the service', async () => {
    const { load, reads } = counting(MODELS);
    for (const [service, operation] of [
      ['s3', 'ListBuckets'],
      ['dynamodb', 'Query'],
      ['ec2', 'DescribeInstances'],
      ['sts', 'GetCallerIdentity'],
    ] as const) {
      reads.length = 0;
      const bundle = (await load(service, [operation]))!;
      const op = bundle.operations[operation]!;
      const roots = [op.input?.shape, op.output?.shape, ...(op.errors ?? []).map((e) => e.shape)];
      reachable(
        bundle,
        roots.filter((r): r is string => !!r),
      );
      const exceptions = () => Object.keys(bundle.shapes).filter((name) => bundle.shapes[name]!.exception);
      const early = exceptions();
      const part = reads.reduce((n, r) => n + r.end - r.start, 0);
      await load(service);
      const whole = reads.reduce((n, r) => n + r.end - r.start, 0);
      expect(part, service).toBeLessThan(whole / 2);
      expect(early, service).toEqual(exceptions());
    }
  });

  it('read a group once however calls overlap, and end with the model as a whole read gives it', async () => {
    const single = counting(MODELS);
    await single.load('dynamodb', ['GetItem']);
    const overlapping = counting(MODELS);
    const same = await Promise.all([1, 2, 3].map(() => overlapping.load('dynamodb', ['GetItem'])));
    expect(new Set(same).size).toBe(1);
    expect(overlapping.reads).toEqual(single.reads);
    const ops = ['PutItem', 'Query', 'Scan', 'GetItem', 'UpdateItem'];
    await Promise.all([...ops.map((op) => overlapping.load('dynamodb', [op])), overlapping.load('dynamodb')]);
    const mixed = (await overlapping.load('dynamodb'))!;
    const whole = (await counting(MODELS).load('dynamodb'))!;
    expect(JSON.stringify(mixed.shapes)).toBe(JSON.stringify(whole.shapes));
    expect(JSON.stringify(mixed.operations)).toBe(JSON.stringify(whole.operations));
  });

  it('name the pack a damaged part is in, and read it again once mended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-packs-'));
    writePacks(dir, new Map([['sample', sample()]]));
    const file = join(dir, `pack-${bucketOf('sample')}.bin`);
    const good = readFileSync(file);
    const bad = Buffer.from(good);
    // The last bytes are the trailer's: a whole read fails, a partial one does not reach them.
    bad.fill(0xff, bad.length - 40);
    writeFileSync(file, bad);
    const source = createNodeModelSource(dir);
    expect((await source.load('sample', ['GetThing'])).operations.GetThing?.name).toBe('GetThing');
    await expect(source.load('sample')).rejects.toThrow(
      `Could not read the sample model from models/pack-${bucketOf('sample')}.bin: `,
    );
    writeFileSync(file, good);
    expect(Object.keys((await source.load('sample')).shapes)).toEqual(Object.keys(sample().shapes));
  });

  it('refuse a file that is not a pack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-packs-'));
    writeFileSync(join(dir, `pack-${bucketOf('sts')}.bin`), 'not a pack at all');
    await expect(counting(dir).load('sts')).rejects.toThrow(
      `Could not read the sts model from models/pack-${bucketOf('sts')}.bin: it is not an isoaws model pack`,
    );
  });
});
