/**
 * From the strings of a command line to parameter values, in the AWS CLI's order: `file://` and
 * `fileb://` references are read first, then shorthand syntax where the model allows it, otherwise
 * JSON for structures, maps and lists of them, and Python's int()/float() for numbers. Blobs given as
 * text are base64 by default (v2), raw text with `--cli-binary-format raw-in-base64-out`.
 */
import { IsoawsError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { expandPath } from '../core/local-paths.js';
import type { ServiceModel, Shape } from '../core/model/types.js';
import { utf8Encode } from '../core/protocols/shared.js';
import type { CliArg } from './command-args.js';
import {
  applyShorthandModel,
  FileReference,
  parseShorthand,
  pyFloat,
  pyInt,
  ShorthandSyntaxError,
} from './shorthand.js';
import { ParamError } from './usage.js';

export interface ValueContext {
  host: Host;
  model: ServiceModel;
  /** `ec2`, `run-instances`: a few shorthand special cases depend on the command. */
  cliService: string;
  cliOperation: string;
}

/** A parameter file's contents: text for `file://`, bytes for `fileb://`; undefined when `value` is no reference. */
export async function readParamFile(host: Host, value: string): Promise<string | Uint8Array | undefined> {
  const prefix = value.startsWith('file://') ? 'file://' : value.startsWith('fileb://') ? 'fileb://' : undefined;
  if (!prefix) return undefined;
  const path = expandPath(host, value.slice(prefix.length));
  let bytes: Uint8Array;
  try {
    bytes = await host.fs.readFile(path);
  } catch (err) {
    throw new IsoawsError(`Unable to load paramfile ${value}: ${osErrorText(err, path)}`);
  }
  if (prefix === 'fileb://') return bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IsoawsError(
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`,
    );
  }
}

/** Python's OSError text for a failed open: `[Errno 2] No such file or directory: 'x'`. */
export function osErrorText(err: unknown, path: string): string {
  const code = (err as { code?: string }).code;
  const known: Record<string, [number, string]> = {
    ENOENT: [2, 'No such file or directory'],
    EACCES: [13, 'Permission denied'],
    EISDIR: [21, 'Is a directory'],
    ENOTDIR: [20, 'Not a directory'],
  };
  const entry = code ? known[code] : undefined;
  return entry ? `[Errno ${entry[0]}] ${entry[1]}: '${path}'` : (err as Error).message;
}

/** The value of one member argument as the operation takes it. */
export async function unpackArgument(arg: CliArg, raw: string | string[], ctx: ValueContext): Promise<unknown> {
  const cliName = `--${arg.name}`;
  const shape = arg.shape!;
  let value: string | string[] | Uint8Array = raw;
  const candidate = Array.isArray(raw) && raw.length === 1 ? raw[0]! : raw;
  if (typeof candidate === 'string') {
    try {
      const loaded = await readParamFile(ctx.host, candidate);
      if (loaded !== undefined) value = loaded;
    } catch (err) {
      throw new ParamError(cliName, (err as Error).message);
    }
  }
  if (value instanceof Uint8Array) return value;
  if (arg.streaming && typeof value === 'string') return readStreamingBlob(ctx.host, value, cliName);
  if (supportsShorthand(ctx.model, shape) && !looksLikeJson(value)) {
    return resolveFileReferences(ctx.host, parseAsShorthand(arg, value, ctx, cliName), cliName);
  }
  return unpackValue(ctx, shape, value, cliName);
}

/** A streaming blob argument (`--body`) names a file to send; it is read as it is sent, never whole. */
async function readStreamingBlob(host: Host, value: string, cliName: string): Promise<Blob> {
  const path = expandPath(host, value);
  const stat = await host.fs.stat(path);
  if (!stat?.isFile) throw new ParamError(cliName, 'Blob values must be a path to a file.');
  return host.fs.openBlob(path);
}

function looksLikeJson(value: string | string[]): boolean {
  const check = Array.isArray(value) ? value[0] : value;
  const t = check?.trim() ?? '';
  return t.startsWith('[') || t.startsWith('{');
}

/** Shorthand applies to structures, maps and lists of those, and never inside documents. */
function supportsShorthand(model: ServiceModel, shape: Shape): boolean {
  if (isDocumentContainer(model, shape, new Set())) return false;
  if (shape.type === 'structure' || shape.type === 'map') return true;
  if (shape.type === 'list') {
    const member = model.shapes[shape.member!.shape]!;
    return member.type === 'structure' || member.type === 'list' || member.type === 'map';
  }
  return false;
}

function isDocumentContainer(model: ServiceModel, shape: Shape, seen: Set<Shape>): boolean {
  if (shape.document) return true;
  if (seen.has(shape)) return false;
  seen.add(shape);
  if (shape.type === 'list') return isDocumentContainer(model, model.shapes[shape.member!.shape]!, seen);
  if (shape.type === 'map') return isDocumentContainer(model, model.shapes[shape.value!.shape]!, seen);
  return false;
}

/** Lists of one-member structures that the CLI still reads the old way (`--instances i-1 i-2`). */
const OLD_LIST_CASE: Record<string, string[]> = {
  'firehose.put-record-batch': ['records'],
  'workspaces.reboot-workspaces': ['reboot-workspace-requests'],
  'workspaces.rebuild-workspaces': ['rebuild-workspace-requests'],
  'workspaces.terminate-workspaces': ['terminate-workspace-requests'],
  'elb.remove-tags': ['tags'],
  'elb.describe-instance-health': ['instances'],
  'elb.deregister-instances-from-load-balancer': ['instances'],
  'elb.register-instances-with-load-balancer': ['instances'],
};

/** Replaces each `key@=file://…` placeholder with the file's contents (text, or bytes for fileb://). */
async function resolveFileReferences(host: Host, value: unknown, cliName: string): Promise<unknown> {
  if (value instanceof FileReference) {
    let loaded: string | Uint8Array | undefined;
    try {
      loaded = await readParamFile(host, value.reference);
    } catch (err) {
      throw new ParamError(cliName, (err as Error).message);
    }
    if (loaded === undefined)
      throw new ParamError(
        cliName,
        `Expected a file:// or fileb:// reference after "@=", received: ${value.reference}`,
      );
    return loaded;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveFileReferences(host, v, cliName)));
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = await resolveFileReferences(host, obj[k], cliName);
  }
  return value;
}

function parseAsShorthand(arg: CliArg, value: string | string[], ctx: ValueContext, cliName: string): unknown {
  const shape = arg.shape!;
  const { model } = ctx;
  if (shape.type === 'list') {
    const member = model.shapes[shape.member!.shape]!;
    const names = Object.keys(member.members ?? {});
    if (
      member.type === 'structure' &&
      names.length === 1 &&
      OLD_LIST_CASE[`${ctx.cliService}.${ctx.cliOperation}`]?.includes(arg.name)
    ) {
      return (Array.isArray(value) ? value : [value]).map((v) => ({ [names[0]!]: v }));
    }
  }
  if (shape.type === 'structure' && !Array.isArray(value)) {
    const members = shape.members ?? {};
    if (
      Object.keys(members).length === 1 &&
      members.Value &&
      model.shapes[members.Value.shape]!.type === 'string' &&
      !value.includes('=')
    ) {
      return { Value: value };
    }
  }
  try {
    const parsed = Array.isArray(value) ? value.map((v) => parseShorthand(v)) : parseShorthand(value);
    return applyShorthandModel(model, shape, parsed);
  } catch (err) {
    if (err instanceof ShorthandSyntaxError) throw new ParamError(cliName, err.message);
    throw err;
  }
}

function unpackValue(ctx: ValueContext, shape: Shape, value: string | string[], cliName: string): unknown {
  if (shape.document || (shape.type === 'string' && shape.jsonvalue)) return parseJsonArg(value as string, cliName);
  switch (shape.type) {
    case 'structure':
    case 'map': {
      const text = value as string;
      if (text.trimStart().startsWith('{')) return parseJsonArg(text, cliName);
      throw new ParamError(cliName, `Invalid JSON:\n${text}`);
    }
    case 'list': {
      if (typeof value === 'string') {
        if (value.trimStart().startsWith('[')) return parseJsonArg(value, cliName);
        value = [value];
      } else if (value.length === 1 && value[0]!.trim().startsWith('[')) {
        return parseJsonArg(value[0]!, cliName);
      }
      const member = ctx.model.shapes[shape.member!.shape]!;
      return value.map((v) => unpackValue(ctx, member, v, cliName));
    }
    case 'integer':
    case 'long':
      return pyInt(value as string);
    case 'float':
    case 'double':
      return pyFloat(value as string);
    case 'boolean':
      return (value as string).toLowerCase() !== 'false' && value !== '';
    default:
      return value;
  }
}

/** A JSON argument, or the CLI's usage error naming it (`Invalid JSON: …`, exit 252). */
export function parseJsonArg(text: string, cliName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ParamError(cliName, `Invalid JSON: ${(err as Error).message}\nJSON received: ${text}`);
  }
}

/**
 * v2's blob rule, applied to the whole request (the command line and `--cli-input-json` alike): a blob
 * given as text is base64 (`base64`, the default) or the text's UTF-8 bytes (`raw-in-base64-out`).
 */
export function decodeInputBlobs(
  model: ServiceModel,
  shape: Shape,
  value: unknown,
  format: 'base64' | 'raw-in-base64-out',
): unknown {
  switch (shape.type) {
    case 'blob':
      if (typeof value !== 'string') return value;
      return format === 'base64' ? decodeBase64Strict(value) : utf8Encode(value);
    case 'structure': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (obj[name] !== undefined) obj[name] = decodeInputBlobs(model, model.shapes[ref.shape]!, obj[name], format);
      }
      return obj;
    }
    case 'list':
      return Array.isArray(value)
        ? value.map((v) => decodeInputBlobs(model, model.shapes[shape.member!.shape]!, v, format))
        : value;
    case 'map': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      const valueShape = model.shapes[shape.value!.shape]!;
      for (const k of Object.keys(obj)) obj[k] = decodeInputBlobs(model, valueShape, obj[k], format);
      return obj;
    }
    default:
      return value;
  }
}

/** Python's `base64.b64decode`: characters outside the alphabet are dropped; bad padding is an error. */
function decodeBase64Strict(text: string): Uint8Array {
  const cleaned = text.replace(/[^A-Za-z0-9+/=]/g, '');
  const data = cleaned.replace(/=+$/, '');
  if (data.includes('=') || data.length % 4 === 1 || (cleaned.length % 4 !== 0 && cleaned !== data)) {
    throw new IsoawsError(`Invalid base64: "${text}"`);
  }
  if (cleaned.length % 4 !== 0) throw new IsoawsError(`Invalid base64: "${text}"`);
  const binary = atob(data);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
