// Writes the service models as packs (src/core/model/pack.ts reads them; the format is described there):
// the services spread over PACK_BUCKETS files by a hash of their name, each service one header (what
// every call needs) and groups of shapes, so that a call reads its operation's groups and nothing else.
//
// Grouping: every shape is keyed by the set of operations that reach it (input, output and errors, through
// members, list members and map keys and values), an operation's definition and paginator by the operation
// alone; items with the same key form a group. The exceptions, and all they reach, go in the header: any
// call may have to read one. Groups smaller than MIN_GROUP_BYTES (as JSON) are merged into the group of
// the fewest operations that every operation of theirs also reads, which costs those other operations a
// few bytes each and saves the package the compression a tiny stream cannot have; what no operation
// reaches goes in the trailer, which only whole-service reads (help, completion) open.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';

const PACK_BUCKETS = 16;
const MAGIC = [0x69, 0x73, 0x6f, 0x31]; // "iso1"
const MIN_GROUP_BYTES = 1000;

/** The bucket of a service: FNV-1a of its name (src/core/model/pack.ts computes the same). */
export function bucketOf(service) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) hash = Math.imul(hash ^ service.charCodeAt(i), 0x01000193) >>> 0;
  return String(hash % PACK_BUCKETS).padStart(2, '0');
}

function reached(shapes, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop();
    const shape = shapes[name];
    if (seen.has(name) || !shape) continue;
    seen.add(name);
    for (const ref of [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})])
      if (ref) stack.push(ref.shape);
  }
  return seen;
}

// Each part is a line of JSON compressed on its own and ended by a full flush rather than a final block, so
// that a run of parts read together inflates as one stream, once the reader ends it (core/model/pack.ts).
const deflate = (value) =>
  deflateRawSync(`${JSON.stringify(value)}\n`, { level: 9, finishFlush: constants.Z_FULL_FLUSH });

/** One service's section: header, groups and trailer, each raw deflate of JSON. */
function packService(bundle) {
  const { metadata, operations, shapes, paginators = {}, waiters, endpointRuleSet, clientContextParams } = bundle;
  const exceptions = Object.keys(shapes).filter((name) => shapes[name].exception);
  const base = reached(shapes, exceptions);
  // item → the operations that read it; an item is `kind:name`, the kind s(hape), o(peration) or p(aginator).
  const readers = new Map();
  const add = (kind, name, op) => {
    const key = `${kind}:${name}`;
    readers.set(key, [...(readers.get(key) ?? []), op]);
  };
  for (const [name, op] of Object.entries(operations)) {
    const roots = [op.input?.shape, op.output?.shape, ...(op.errors ?? []).map((e) => e.shape)].filter(Boolean);
    for (const shape of reached(shapes, roots)) if (!base.has(shape)) add('s', shape, name);
    add('o', name, name);
    if (Object.hasOwn(paginators, name)) add('p', name, name);
  }
  const byKey = new Map();
  for (const [item, ops] of readers) {
    const key = ops.join(' ');
    if (!byKey.has(key)) byKey.set(key, { ops: new Set(ops), items: [] });
    byKey.get(key).items.push(item);
  }
  const value = (item) => {
    const name = item.slice(2);
    return item[0] === 's' ? shapes[name] : item[0] === 'o' ? operations[name] : paginators[name];
  };
  const groups = [...byKey.values()];
  for (const group of groups) group.size = group.items.reduce((n, item) => n + JSON.stringify(value(item)).length, 0);
  mergeSmall(groups);
  const kept = groups.filter((g) => !g.merged);
  // Within a group, shapes in model order: a whole read interleaves the groups again by `order`.
  const position = new Map(Object.keys(shapes).map((name, i) => [`s:${name}`, i]));
  for (const g of kept) g.items.sort((a, b) => (position.get(a) ?? -1) - (position.get(b) ?? -1));

  const content = (items) => {
    const out = {};
    for (const item of items) (out[item[0]] ??= {})[item.slice(2)] = value(item);
    return out;
  };
  const blobs = kept.map((g) => deflate(content(g.items)));
  const groupOfShape = new Map();
  kept.forEach((g, i) => g.items.forEach((item) => item[0] === 's' && groupOfShape.set(item.slice(2), i)));
  const index = Object.fromEntries(Object.keys(operations).map((op) => [op, []]));
  kept.forEach((g, i) => g.ops.forEach((op) => index[op].push(i)));
  // Shapes nobody reads, and where each shape came from (-1 the header, -2 the trailer, else its group) in
  // the model's order, so that a whole read gives back the model as it was.
  const unread = Object.keys(shapes).filter((name) => !base.has(name) && !groupOfShape.has(name));
  const order = Object.keys(shapes).map((name) => (base.has(name) ? -1 : (groupOfShape.get(name) ?? -2)));
  const orphanPaginators = Object.keys(paginators).filter((name) => !Object.hasOwn(operations, name));
  const trailer = deflate({ s: Object.fromEntries(unread.map((name) => [name, shapes[name]])), order });
  const header = deflate({
    metadata,
    ...(endpointRuleSet && { endpointRuleSet }),
    ...(clientContextParams && { clientContextParams }),
    ...(waiters && { waiters }),
    ...(orphanPaginators.length && {
      paginators: Object.fromEntries(orphanPaginators.map((name) => [name, paginators[name]])),
    }),
    shapes: Object.fromEntries(Object.keys(shapes).flatMap((name) => (base.has(name) ? [[name, shapes[name]]] : []))),
    operations: index,
    groups: blobs.map((b) => b.length),
    trailer: trailer.length,
  });
  return { header, body: Buffer.concat([header, ...blobs, trailer]) };
}

/** Small groups into the group of the fewest operations that all of theirs read too. */
function mergeSmall(groups) {
  const byOp = new Map();
  for (const g of groups) for (const op of g.ops) byOp.set(op, [...(byOp.get(op) ?? []), g]);
  for (const g of [...groups].sort((a, b) => a.size - b.size)) {
    if (g.size >= MIN_GROUP_BYTES || g.merged) continue;
    const first = g.ops.values().next().value;
    let into;
    for (const h of byOp.get(first)) {
      if (h === g || h.merged || ![...g.ops].every((op) => h.ops.has(op))) continue;
      if (!into || h.ops.size < into.ops.size || (h.ops.size === into.ops.size && h.size < into.size)) into = h;
    }
    if (into) {
      into.items.push(...g.items);
      into.size += g.size;
      g.merged = true;
    }
  }
}

/** Writes models/pack-NN.bin for `bundles` (service name → bundle), replacing the files there. */
export function writePacks(dir, bundles) {
  const buckets = new Map();
  for (const [name, bundle] of bundles) {
    const bucket = bucketOf(name);
    if (!buckets.has(bucket)) buckets.set(bucket, []);
    buckets.get(bucket).push([name, packService(bundle)]);
  }
  for (let b = 0; b < PACK_BUCKETS; b++) {
    const bucket = String(b).padStart(2, '0');
    const services = buckets.get(bucket) ?? [];
    // The directory gives each service's offset from the end of the directory and its header's length.
    const directory = {};
    let offset = 0;
    for (const [name, { header, body }] of services) {
      directory[name] = [offset, header.length];
      offset += body.length;
    }
    const dirBlob = deflate(directory);
    const prefix = Buffer.alloc(8);
    prefix.set(MAGIC, 0);
    prefix.writeUInt32LE(dirBlob.length, 4);
    writeFileSync(
      join(dir, `pack-${bucket}.bin`),
      Buffer.concat([prefix, dirBlob, ...services.map(([, s]) => s.body)]),
    );
  }
}
