/**
 * Lambda's `--zip-file` (the AWS CLI's awslambda.py): `create-function` and `publish-layer-version` take
 * the deployment package at the top level (`--zip-file fileb://code.zip`), put into `Code.ZipFile` or
 * `Content.ZipFile`, whose nested form the CLI refuses; `update-function-code` has `--zip-file` already.
 * Each checks that the bytes are a zip archive, so a `file://` (text) or a bare path is caught before the
 * upload, with the CLI's words.
 */
import { toBytes } from '../core/protocols/shared.js';
import { isZipArchive } from '../core/zip.js';
import { customArg, type CommandCustomization } from './command-args.js';
import { readParamFile } from './param-values.js';
import { ArgumentError } from './usage.js';

/** `--zip-file` for the package member `target` (`Code`, `Content`), which is then no longer required. */
export function hoistedZipFile(target: string): CommandCustomization {
  const custom: CommandCustomization = {
    arguments(args) {
      for (const a of args) if (a.member === target) a.required = false;
      args.push(customArg(custom, { name: 'zip-file', nargs: 'one' }));
    },
    member(arg, value) {
      if (arg.member === target) checkNoNestedZipFile(arg.name, value);
      return value;
    },
    async fill(params, _arg, value, { ctx }) {
      const bytes = zipFileBytes((await readParamFile(ctx.host, value as string)) ?? (value as string));
      params[target] = { ...(params[target] as object | undefined), ZipFile: bytes };
    },
  };
  return custom;
}

/** update-function-code's own `--zip-file`, checked to be a zip archive as the hoisted ones are. */
export const zipFileArgument: CommandCustomization = {
  member: (arg, value) => (arg.name === 'zip-file' ? zipFileBytes(value as string | Uint8Array) : value),
};

/** The value of `--zip-file`, checked to be a zip archive. */
function zipFileBytes(value: string | Uint8Array): Uint8Array {
  const bytes = toBytes(value);
  if (!isZipArchive(bytes))
    throw new ArgumentError(
      '--zip-file must be a zip file with the fileb:// prefix.\nExample usage:  --zip-file fileb://path/to/file.zip',
    );
  return bytes;
}

/** The nested member the hoisted `--zip-file` replaces, refused where the CLI refuses it. */
function checkNoNestedZipFile(option: string, value: unknown): void {
  if (value !== null && typeof value === 'object' && 'ZipFile' in value)
    throw new ArgumentError(
      `ZipFile cannot be provided as part of the --${option} argument.  Please use the '--zip-file' option instead to specify a zip file.`,
    );
}
