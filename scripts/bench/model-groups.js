// What models loaded per operation would weigh (library issue: the page's size, the first call's parsing).
// Each service's shapes are grouped by the set of operations that reach them (input, output and errors,
// followed through members, list members and map keys and values), so each shape is in one group; shapes
// no operation reaches form one group more. Reported: the groups compressed one by one (raw deflate, what a
// packed file of a service's groups would hold) against the gzipped files shipped today, and what the
// library page's two calls (S3 ListBuckets, DynamoDB ListTables) would need: their operations, every
// shape they reach, the service's exceptions, metadata and endpoint rules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, gunzipSync } from 'node:zlib';

const models = fileURLToPath(new URL('../../models/', import.meta.url));
const deflated = (value) => deflateRawSync(JSON.stringify(value), { level: 9 }).length;

function shapesReached(model, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop();
    const shape = model.shapes[name];
    if (seen.has(name) || !shape) continue;
    seen.add(name);
    for (const ref of [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})])
      if (ref) stack.push(ref.shape);
  }
  return seen;
}

const operationRoots = (op) =>
  [op.input?.shape, op.output?.shape, ...(op.errors ?? []).map((e) => e.shape)].filter(Boolean);

function groupsOf(model) {
  const reachedBy = new Map();
  for (const [name, op] of Object.entries(model.operations))
    for (const shape of shapesReached(model, operationRoots(op)))
      reachedBy.set(shape, [...(reachedBy.get(shape) ?? []), name]);
  const groups = new Map();
  for (const shape of Object.keys(model.shapes)) {
    const key = (reachedBy.get(shape) ?? ['(none)']).join(' ');
    groups.set(key, [...(groups.get(key) ?? []), shape]);
  }
  return [...groups.values()];
}

/** What one page calling `operations` of the service would load. */
function pageNeed(model, operations) {
  const exceptions = Object.keys(model.shapes).filter((n) => model.shapes[n].exception);
  const shapes = shapesReached(model, [
    ...operations.flatMap((o) => operationRoots(model.operations[o])),
    ...exceptions,
  ]);
  const { metadata, endpointRuleSet, clientContextParams } = model;
  const ops = Object.fromEntries(operations.map((o) => [o, model.operations[o]]));
  return deflated({
    metadata,
    operations: ops,
    endpointRuleSet,
    clientContextParams,
    shapes: Object.fromEntries([...shapes].map((s) => [s, model.shapes[s]])),
  });
}

export function modelGroups() {
  let shipped = 0;
  let packed = 0;
  let groups = 0;
  let page = 0;
  const files = readdirSync(models).filter((f) => f.endsWith('.json.gz'));
  for (const file of files) {
    const model = JSON.parse(gunzipSync(readFileSync(join(models, file))).toString());
    shipped += statSync(join(models, file)).size;
    const { shapes, ...header } = model;
    const serviceGroups = groupsOf(model);
    groups += serviceGroups.length;
    packed += deflated(header);
    for (const group of serviceGroups) packed += deflated(Object.fromEntries(group.map((s) => [s, shapes[s]])));
    if (file === 's3.json.gz') page += pageNeed(model, ['ListBuckets']);
    if (file === 'dynamodb.json.gz') page += pageNeed(model, ['ListTables']);
  }
  return {
    services: files.length,
    groups,
    shippedModelsMB: +(shipped / 1e6).toFixed(2),
    groupedModelsMB: +(packed / 1e6).toFixed(2),
    pageModelsKB: +(page / 1024).toFixed(1),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(modelGroups(), null, 2));
