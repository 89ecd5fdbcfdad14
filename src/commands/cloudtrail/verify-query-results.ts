/**
 * `cloudtrail verify-query-results` (the AWS CLI v2's customizations/cloudtrail/verifyqueryresults.py):
 * checks the files a CloudTrail Lake query exported against the sign file delivered with them,
 * `result_sign.json`, in an S3 folder (--s3-bucket, --s3-prefix) or a local one (--local-export-path).
 * Each exported file's SHA-256 must be the one the sign file records, and the sign file's `hashSignature`
 * (SHA256withRSA, hex) must sign those hashes joined by spaces, with the public key ListPublicKeys gives
 * for its fingerprint (keys valid from the query's completion to 20 days after). The first problem ends
 * the run with the CLI's message (exit 255); success is one line.
 */
import { IsoawsError } from '../../core/errors.js';
import { toHex } from '../../core/hex.js';
import type { Host } from '../../core/host.js';
import { resolveLocal } from '../../core/local-paths.js';
import { toBase64 } from '../../core/protocols/shared.js';
import { pyStr, pyTypeName } from '../../core/query/python-text.js';
import { readRsaPublicKeyDer, RsaKeyError } from '../../core/rsa-pkcs1.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { readParamFile } from '../../cli/param-values.js';
import { ArgumentError } from '../../cli/usage.js';
import { nestedClient } from '../nested-client.js';
import { MICROS, parseJsonDate, toDate } from './dates.js';
import { sha256, unhexlify, verifySha256WithRsa } from './signature.js';

const SIGN_FILE = 'result_sign.json';

const OPTIONS = [
  valueOption(
    'local-export-path',
    'string',
    'A local folder holding the exported files and their sign file, e.g. ./query-1/.',
  ),
  valueOption(
    's3-bucket',
    'string',
    'The S3 bucket holding the exported files and their sign file (not with --local-export-path).',
  ),
  valueOption(
    's3-prefix',
    'string',
    'Their folder in the bucket, e.g. exports/query-1/ (not with --local-export-path); the bucket root unless given.',
  ),
];

const PAGE = commandPage(
  {
    name: 'verify-query-results',
    description:
      "Validates a CloudTrail Lake query's export files: detects exported files that were changed or deleted, using the sign file delivered with them. Reading from S3 takes GetObject on the bucket; the public key comes from CloudTrail.",
    examples: [
      'isoaws cloudtrail verify-query-results --s3-bucket my-lake-bucket --s3-prefix exports/query-1/',
      'isoaws cloudtrail verify-query-results --local-export-path ./query-1/',
    ],
  },
  OPTIONS,
);

/** Where the sign file and the exported files are read from. */
interface ExportFolder {
  read(name: string): Promise<Uint8Array>;
}

export const verifyQueryResultsCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host } = env.ctx;
    const given: Record<string, string | undefined> = {};
    for (const name of ['local-export-path', 's3-bucket', 's3-prefix']) {
      const value = values.get(name) as string | undefined;
      const loaded = value === undefined ? undefined : await readParamFile(host, value);
      given[name] =
        loaded === undefined ? value : typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
    }
    const local = given['local-export-path'];
    if (!local && !given['s3-bucket']) throw new ArgumentError('Require parameter --s3-bucket or --local-export-path.');
    if (local && (given['s3-bucket'] || given['s3-prefix']))
      throw new ArgumentError(
        'Parameter --local-export-path can not be specified with parameter --s3-bucket nor --s3-prefix.',
      );
    const cloudtrail = await env.client();
    let folder: ExportFolder;
    if (local) folder = localFolder(host, local);
    else {
      // The CLI's S3 client takes neither --endpoint-url (CloudTrail's) nor the bucket's region.
      const s3 = await nestedClient(env, 'S3');
      const bucket = given['s3-bucket']!;
      const prefix = folderPrefix(given['s3-prefix'] ?? '');
      folder = {
        async read(name) {
          const out = await s3.send(
            's3',
            'GetObject',
            { Bucket: bucket, Key: prefix + name },
            { signal: env.ctx.signal },
          );
          return (out.Body as { bytes(): Promise<Uint8Array> }).bytes();
        },
      };
    }

    const signFile = parseSignFile(await folder.read(SIGN_FILE));
    const files = exportFiles(signFile);
    for (const file of files) {
      const name = pyStr(subscript(file, 'fileName'));
      const expected = subscript(file, 'fileHashValue');
      const computed = toHex(await sha256(host, await folder.read(name)));
      if (computed !== expected)
        throw new IsoawsError(
          `ValidationError: File ${name} has inconsistent hash value with hash value recorded in sign file, hash value in sign file is ${pyStr(expected)} , but get ${computed}`,
        );
    }

    // The key that was in use when the query completed: ListPublicKeys from then to 20 days later.
    const completed = parseJsonDate(subscript(signFile, 'queryCompleteTime'), host.now());
    const fingerprint = subscript(signFile, 'publicKeyFingerprint');
    // The end is sent as the CLI formats it, to the second.
    const until = Math.floor((completed + 20 * MICROS.day) / 1e6) * 1e6;
    const { PublicKeyList } = await cloudtrail.send(
      'cloudtrail',
      'ListPublicKeys',
      { StartTime: toDate(completed), EndTime: toDate(until) },
      { signal: env.ctx.signal },
    );
    const publicKey = ((PublicKeyList ?? []) as Array<{ Fingerprint?: string; Value?: Uint8Array }>).find(
      (k) => k.Fingerprint === fingerprint,
    );
    if (!publicKey) throw new IsoawsError(`No public keys found for key with fingerprint: ${pyStr(fingerprint)}`);

    const der = publicKey.Value ?? new Uint8Array(0);
    let key;
    try {
      key = readRsaPublicKeyDer(der);
    } catch (err) {
      if (!(err instanceof RsaKeyError)) throw err;
      throw new IsoawsError(`ValidationError: Sign file invalid, unable to load PKCS #1 key: ${toBase64(der)}`);
    }
    const hexSignature = subscript(signFile, 'hashSignature');
    if (typeof hexSignature !== 'string')
      throw new IsoawsError(`argument should be bytes, buffer or ASCII string, not '${pyTypeName(hexSignature)}'`);
    const signature = unhexlify(hexSignature);
    const signed = files.map((file) => pyStr(subscript(file, 'fileHashValue'))).join(' ');
    if (!(await verifySha256WithRsa(host, key, new TextEncoder().encode(signed), signature)))
      throw new IsoawsError('ValidationError: Invalid signature in sign file');
    host.stdout.write('Successfully validated sign and query result files\n');
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** An S3 folder ends with `/` (the CLI's format_prefix); the bucket's root is the empty prefix. */
function folderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/**
 * A local folder, read as Python's `open(os.path.join(folder, name))`: the path is named in the error as
 * joined, relative paths start from the working directory, and `~` is not expanded.
 */
function localFolder(host: Host, folder: string): ExportFolder {
  return {
    async read(name) {
      const joined = name.startsWith('/')
        ? name
        : folder === '' || folder.endsWith('/')
          ? folder + name
          : `${folder}/${name}`;
      const path = resolveLocal(host.cwd ?? '/', joined);
      const stat = await host.fs.stat(path);
      if (!stat) throw new IsoawsError(`[Errno 2] No such file or directory: '${joined}'`);
      if (stat.isDirectory) throw new IsoawsError(`[Errno 21] Is a directory: '${joined}'`);
      return host.fs.readFile(path);
    },
  };
}

/** The sign file's JSON, or the CLI's InformationCollectionError. */
function parseSignFile(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new IsoawsError(
      `InformationCollectionError: Unable to load result_sign.json file, due to ${jsonError(text, err as Error)}`,
    );
  }
}

/**
 * Why JSON does not parse, in Python's json wording where it can be told without a second parser: text
 * that does not start like a JSON value (an empty file, an HTML error page) is "Expecting value" at its
 * first character; otherwise the runtime's own message.
 */
function jsonError(text: string, err: Error): string {
  const start = text.search(/\S|$/);
  if (/^([{["\-0-9tfn])/.test(text.slice(start))) return err.message;
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  return `Expecting value: line ${line} column ${start - before.lastIndexOf('\n')} (char ${start})`;
}

/** The sign file's `files`, with the CLI's errors for a sign file that has none or is not one. */
function exportFiles(signFile: unknown): unknown[] {
  let files: unknown;
  try {
    files = subscript(signFile, 'files');
    if (typeof files === 'number' || typeof files === 'boolean' || files === null)
      throw new PythonTypeError(`object of type '${pyTypeName(files)}' has no len()`);
  } catch (err) {
    if (err instanceof PythonTypeError) throw new IsoawsError('ValidationError: Invalid sign file provided.');
    throw err;
  }
  const count = typeof files === 'string' || Array.isArray(files) ? files.length : Object.keys(files as object).length;
  if (count === 0) throw new IsoawsError('ValidationError: No export file was found in sign file.');
  // Python iterates a string's characters and an object's keys: each is then subscripted as a string is.
  return Array.isArray(files) ? files : [...(typeof files === 'string' ? files : Object.keys(files as object))];
}

/** A TypeError of Python's, which the CLI tells apart from a KeyError in one place. */
class PythonTypeError extends IsoawsError {
  override name = 'PythonTypeError';
}

/** `value[key]` on a decoded JSON value, failing as Python fails (KeyError prints the key quoted). */
function subscript(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (!Object.hasOwn(value, key)) throw new IsoawsError(`'${key}'`);
    return (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') throw new PythonTypeError("string indices must be integers, not 'str'");
  if (Array.isArray(value)) throw new PythonTypeError('list indices must be integers or slices, not str');
  throw new PythonTypeError(`'${pyTypeName(value)}' object is not subscriptable`);
}
