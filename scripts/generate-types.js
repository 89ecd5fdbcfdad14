// Generates the TypeScript declarations of every service from its model into the package @isoaws/types
// (types/services/<name>.d.ts), one file per service, which a program names to have that service typed
// (`import type {} from '@isoaws/types/s3'`). Each file declares the service's shapes (documentation as
// TSDoc, enums as string unions, required members required) and adds the service to isoaws's ServiceTypes,
// so that `aws.s3.putObject({ Bucket, Key, Body })` and `aws.send('s3', 'PutObject', …)` are checked.
// They are a package of their own, installed as a development dependency, because they weigh 35 MB (half
// of it TSDoc) against isoaws's 19: a program that only runs never downloads them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = join(root, 'types', 'services');

/** The first sentence of a documentation text, as a TSDoc comment at `indent`. */
function doc(text, indent = '') {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = flat.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [flat];
  const kept = sentences.slice(0, 1).join('').trim().replace(/\*\//g, '*\\/');
  return `${indent}/** ${kept} */\n`;
}

/**
 * A shape's type name: its model name (`PutObjectRequest`). Names of the file's own ($-prefixed) and of
 * globals the declarations use (`globalThis.Date`) cannot clash: no shape name has a `$`, and globals are
 * reached through globalThis, so a shape named `Date` or `Record` is harmless.
 */
function typeName(name) {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function memberKey(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

export function serviceDeclarations(model, docs) {
  const shapes = model.shapes;
  const lines = [];
  const inputs = new Set(Object.values(model.operations).flatMap((op) => (op.input ? [op.input.shape] : [])));
  const typeOf = (ref, owner) => {
    const shape = shapes[ref.shape];
    if (!shape) return 'unknown';
    switch (shape.type) {
      case 'structure':
      case 'union':
        // An event stream arrives as its events, each an object with one member set (src/core/protocols/event-stream-output.ts).
        return shape.eventstream ? `AsyncIterable<${typeName(ref.shape)}>` : typeName(ref.shape);
      case 'list':
        return `(${typeOf(shape.member)})[]`;
      case 'map':
        return `{ [key: string]: ${typeOf(shape.value)} }`;
      case 'string':
        return shape.enum ? shape.enum.map((v) => JSON.stringify(v)).join(' | ') : 'string';
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
      case 'byte':
      case 'short':
        return 'number';
      case 'bigdecimal':
      case 'biginteger':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'globalThis.Date';
      case 'blob':
        if (ref.streaming || shape.streaming) return inputs.has(owner) ? '$StreamingInput' : '$StreamingBody';
        return 'globalThis.Uint8Array';
      default:
        return 'unknown';
    }
  };
  for (const [name, shape] of Object.entries(shapes)) {
    if (shape.type !== 'structure' && shape.type !== 'union') continue;
    lines.push(doc(docs?.shapes[name]));
    const required = new Set(shape.required ?? []);
    const members = Object.entries(shape.members ?? {});
    if (!members.length) {
      lines.push(`export type ${typeName(name)} = { [key: string]: never };\n`);
      continue;
    }
    lines.push(`export interface ${typeName(name)} {\n`);
    for (const [member, ref] of members) {
      lines.push(doc(docs?.members[`${name}.${member}`], '  '));
      const optional = shape.type === 'union' || !required.has(member) ? '?' : '';
      lines.push(`  ${memberKey(member)}${optional}: ${typeOf(ref, name)};\n`);
    }
    lines.push('}\n');
  }
  lines.push(
    `/** ${model.metadata.serviceFullName ?? model.metadata.serviceId}: each operation's input, output and modeled errors. */\n`,
  );
  lines.push('export interface $Operations {\n');
  for (const [name, op] of Object.entries(model.operations)) {
    const errors = (op.errors ?? []).map((e) => JSON.stringify(e.shape));
    lines.push(doc(docs?.operations[name], '  '));
    lines.push(
      `  ${name}: { input: ${op.input ? typeName(op.input.shape) : '{ [key: string]: never }'}; output: ${op.output ? typeName(op.output.shape) : '{ [key: string]: never }'}; errors: ${errors.length ? errors.join(' | ') : 'never'} };\n`,
    );
  }
  lines.push('}\n');
  // DynamoDB's document mode: the same operations with AttributeValues as plain JS values.
  const documented = Boolean(shapes.AttributeValue);
  if (documented) {
    lines.push(`/** A DynamoDB value in document mode (\`createClient({ dynamodb: { document: true } })\`). */
export type $NativeValue =
  | string
  | number
  | boolean
  | null
  | bigint
  | $NumberValue
  | globalThis.Uint8Array
  | Set<string>
  | Set<number | bigint | $NumberValue>
  | Set<globalThis.Uint8Array>
  | $NativeValue[]
  | { [key: string]: $NativeValue };
/** AttributeValue itself, told from a map of them by assignability both ways (its members are all optional). */
type $IsAttributeValue<T> = [T] extends [AttributeValue] ? ([AttributeValue] extends [T] ? true : false) : false;
type $Document<T> = $IsAttributeValue<T> extends true
  ? $NativeValue
  : T extends globalThis.Date | globalThis.Uint8Array
    ? T
    : T extends (infer U)[]
      ? $Document<U>[]
      : T extends object
        ? { [K in keyof T]: $Document<T[K]> }
        : T;
export type $DocumentOperations = {
  [O in keyof $Operations]: { input: $Document<$Operations[O]['input']>; output: $Document<$Operations[O]['output']>; errors: $Operations[O]['errors'] };
};
`);
  }
  const waiters = Object.keys(model.waiters ?? {}).map((w) => JSON.stringify(w));
  const paginated = Object.keys(model.paginators ?? {}).map((p) => JSON.stringify(p));
  return {
    body: lines.join(''),
    waiters: waiters.join(' | ') || 'never',
    paginated: paginated.join(' | ') || 'never',
    documented,
  };
}

async function main() {
  // The models are read as the library reads them, through the build's model source (tsc's dist/).
  const source = join(root, 'dist/adapters/node/models.js');
  if (!existsSync(source)) throw new Error('generate-types reads the models through dist/: run `npm run build` first');
  const models = (await import(pathToFileURL(source).href)).createNodeModelSource(join(root, 'models'));
  mkdirSync(out, { recursive: true });
  const index = JSON.parse(readFileSync(join(root, 'models/index.json'), 'utf8'));
  let bytes = 0;
  for (const { name } of index) {
    const model = await models.load(name);
    let docs;
    try {
      docs = JSON.parse(gunzipSync(readFileSync(join(root, 'models/docs', `${name}.json.gz`))).toString('utf8'));
    } catch {
      docs = undefined;
    }
    const { body, waiters, paginated, documented } = serviceDeclarations(model, docs);
    const text =
      `// Generated by scripts/generate-types.js from the ${name} model: do not edit.\n` +
      `import type { StreamingBody as $StreamingBody, StreamingInput as $StreamingInput${documented ? ', NumberValue as $NumberValue' : ''} } from 'isoaws';\n` +
      '\n' +
      body +
      `\ndeclare module 'isoaws' {\n  interface ServiceTypes {\n    ${JSON.stringify(name)}: { operations: $Operations;${documented ? ' documentOperations: $DocumentOperations;' : ''} waiters: ${waiters}; paginated: ${paginated} };\n  }\n}\n`;
    writeFileSync(join(out, `${name}.d.ts`), text);
    bytes += Buffer.byteLength(text);
  }
  console.log(`generate-types: ${index.length} services, ${(bytes / 1e6).toFixed(1)} MB of declarations in ${out}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
