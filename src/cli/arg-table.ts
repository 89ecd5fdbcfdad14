/**
 * The argument table of one operation, as the AWS CLI builds it: one argument per input member
 * (`xform_name` of the member; booleans as a `--x`/`--no-x` pair), then its customizations — renamed
 * and hidden arguments, the paging arguments that shadow a paginator's own tokens, `ec2 run-instances
 * --count` and its network shortcuts (run-instances.ts), the `outfile` positional of operations with a streaming output, `--cli-input-json|yaml` and
 * `--generate-cli-skeleton`. The table drives parsing, help and completion alike.
 */
import type { Operation, ServiceBundle, Shape } from '../core/model/types.js';
import { ARGUMENT_RENAMES, DEFAULTED_ARGUMENTS, HIDDEN_ALIASES, lookup } from './customizations.js';
import { xformName } from './names.js';
import { blobHoists } from './blob-hoists.js';
import { HOISTED_ZIP_FILE } from './lambda-zip.js';
import { METRIC_DATUM_ARGS } from './put-metric-data.js';
import { SEND_EMAIL_ARGS } from './ses-send-email.js';
import { QUERY_OUTFILES } from './query-outfiles.js';
import { RUN_INSTANCES_SHORTCUTS } from './run-instances.js';
import { BOOTSTRAP_METHODS } from './virtual-mfa.js';

export type ArgKind =
  | 'member'
  | 'page'
  | 'count'
  | 'ip-permission'
  | 'network-interface'
  | 'launch-key'
  | 'zip-file'
  | 'query-outfile'
  | 'mfa-bootstrap'
  | 'metric-datum'
  | 'send-email'
  | 'blob-hoist'
  | 'outfile'
  | 'cli-input-json'
  | 'cli-input-yaml'
  | 'skeleton';

export interface CliArg {
  /** The name without dashes (`instance-ids`), or the positional's name (`outfile`). */
  name: string;
  kind: ArgKind;
  /** Where the parsed value goes; a boolean pair shares one. */
  dest: string;
  /** `one` value, `many` (a list: zero or more), a `flag`, or `optional` (`--generate-cli-skeleton [x]`). */
  nargs: 'one' | 'many' | 'flag' | 'optional';
  required: boolean;
  positional?: boolean;
  /** Accepted but not documented (a paginator's own tokens, hidden aliases). */
  hidden?: boolean;
  /** The input member it fills, and its shape. */
  member?: string;
  shape?: Shape;
  /** A streaming blob member (`--body`): the value names a file. */
  streaming?: boolean;
  /** The value a flag stores: true for `--x`, false for `--no-x`. */
  flagValue?: boolean;
  /** Conversion at parse time, as argparse's `type=int` does for the paging arguments. */
  parseType?: 'int' | 'string';
  choices?: readonly string[];
}

export interface ArgTable {
  args: CliArg[];
  /** Arguments by name, the positionals included. */
  byName: Map<string, CliArg>;
  /** Member arguments that a paging argument of the same name replaced; `--no-paginate` restores them. */
  shadowed: Map<string, CliArg>;
  /** The paginator's input tokens and limit key as CLI names: giving one turns auto-pagination off. */
  pagingInputs: string[];
}

/** `paging: false` leaves out the paging arguments (a waiter polls single pages). */
/** A structure whose one member is `Value`, a boolean (EC2's AttributeBooleanValue). */
export function isBooleanValue(model: ServiceBundle, shape: Shape): boolean {
  const members = Object.entries(shape.members ?? {});
  return (
    shape.type === 'structure' &&
    members.length === 1 &&
    members[0]![0] === 'Value' &&
    model.shapes[members[0]![1].shape]?.type === 'boolean'
  );
}

export function buildArgTable(
  model: ServiceBundle,
  cliService: string,
  operation: Operation,
  opts: { paging?: boolean } = {},
): ArgTable {
  const cliOperation = xformName(operation.name);
  const input = operation.input ? model.shapes[operation.input.shape] : undefined;
  const args: CliArg[] = [];
  const required = new Set(input?.required ?? []);
  const defaulted = new Set(lookup(DEFAULTED_ARGUMENTS, cliService, cliOperation).map(([name]) => name));
  for (const [member, ref] of Object.entries(input?.members ?? {})) {
    const shape = model.shapes[ref.shape]!;
    const name = xformName(member);
    const isRequired = required.has(member) && !ref.idempotencyToken && !defaulted.has(name);
    if (cliService === 'ec2' && isBooleanValue(model, shape)) {
      // toplevelbool.py: EC2's `{Value: boolean}` members are a `--x [VALUE]` / `--no-x` pair, with dests of
      // their own so that giving both can be refused.
      args.push({
        name,
        kind: 'member',
        dest: name,
        nargs: 'optional',
        required: false,
        member,
        shape,
        flagValue: true,
      });
      args.push({
        name: `no-${name}`,
        kind: 'member',
        dest: `no-${name}`,
        nargs: 'flag',
        required: false,
        member,
        shape,
        flagValue: false,
      });
    } else if (shape.type === 'boolean') {
      args.push({ name, kind: 'member', dest: name, nargs: 'flag', required: false, member, shape, flagValue: true });
      args.push({
        name: `no-${name}`,
        kind: 'member',
        dest: name,
        nargs: 'flag',
        required: false,
        member,
        shape,
        flagValue: false,
      });
    } else {
      const streaming = shape.type === 'blob' && (ref.streaming === true || shape.streaming === true);
      args.push({
        name,
        kind: 'member',
        dest: name,
        nargs: shape.type === 'list' ? 'many' : 'one',
        required: isRequired,
        member,
        shape,
        streaming,
      });
    }
  }
  const table = (list: CliArg[]) => new Map(list.map((a) => [a.name, a]));
  let byName = table(args);

  for (const [from, to] of lookup(ARGUMENT_RENAMES, cliService, cliOperation)) {
    const arg = byName.get(from);
    // The CLI renames before toplevelbool adds its pairs, so a `{Value: boolean}` pair keeps its names
    // (modify-instance-attribute takes --no-disable-api-termination, not --enable-api-termination).
    if (arg && !(arg.shape?.type === 'structure' && arg.flagValue !== undefined)) arg.name = to;
  }
  for (const [from, alias] of lookup(HIDDEN_ALIASES, cliService, cliOperation)) {
    const arg = byName.get(from);
    if (arg) args.push({ ...arg, name: alias, hidden: true, required: false });
  }

  if (cliService === 'ec2' && cliOperation === 'run-instances') {
    removeWhere(args, (a) => a.name === 'min-count' || a.name === 'max-count');
    args.push({ name: 'count', kind: 'count', dest: 'count', nargs: 'one', required: false });
    for (const shortcut of RUN_INSTANCES_SHORTCUTS)
      args.push({ ...shortcut, kind: 'network-interface', dest: shortcut.name, required: false });
  }
  for (const { name } of QUERY_OUTFILES[`${cliService}.${cliOperation}`] ?? [])
    args.push({ name, kind: 'query-outfile', dest: name, nargs: 'one', required: false });
  if (cliService === 'cloudwatch' && cliOperation === 'put-metric-data') {
    // One datum from plain options (put-metric-data.ts): --metric-data is no longer required.
    for (const a of args) if (a.name === 'metric-data') a.required = false;
    for (const name of METRIC_DATUM_ARGS)
      args.push({ name, kind: 'metric-datum', dest: name, nargs: 'one', required: false });
  }
  if (cliService === 'ses' && cliOperation === 'send-email') {
    // Addresses and bodies as plain options (ses-send-email.ts): the structures are no longer required.
    for (const a of args) if (a.name === 'destination' || a.name === 'message') a.required = false;
    for (const { name, nargs } of SEND_EMAIL_ARGS)
      args.push({ name, kind: 'send-email', dest: name, nargs, required: false });
  }
  if (cliService === 'iam' && cliOperation === 'create-virtual-mfa-device') {
    // The bootstrap data goes to a file (virtual-mfa.ts): both are required, as in the CLI.
    args.push({ name: 'outfile', kind: 'mfa-bootstrap', dest: 'outfile', nargs: 'one', required: true });
    args.push({
      name: 'bootstrap-method',
      kind: 'mfa-bootstrap',
      dest: 'bootstrap-method',
      nargs: 'one',
      required: true,
      choices: BOOTSTRAP_METHODS,
    });
  }
  for (const hoist of blobHoists(cliService, cliOperation)) {
    // Only where the structure has that blob member, as the CLI checks before hoisting it.
    const source = args.find((a) => a.name === hoist.source && a.kind === 'member');
    const member = source?.shape?.members?.[hoist.member];
    if (!source || !member || model.shapes[member.shape]?.type !== 'blob') continue;
    source.required = hoist.sourceRequired ?? false;
    args.push({
      name: hoist.name,
      kind: 'blob-hoist',
      dest: hoist.name,
      nargs: 'one',
      required: hoist.required ?? false,
    });
  }
  const zipTarget = HOISTED_ZIP_FILE[`${cliService}.${cliOperation}`];
  if (zipTarget) {
    // --zip-file stands for the package member's ZipFile (lambda-zip.ts), so the member is no longer required.
    for (const a of args) if (a.member === zipTarget) a.required = false;
    args.push({ name: 'zip-file', kind: 'zip-file', dest: 'zip-file', nargs: 'one', required: false });
  }
  if (cliService === 'ec2' && cliOperation === 'get-password-data' && opts.paging !== false) {
    // --priv-launch-key: the password decrypted with this key file (decrypt-password.ts). Not in the
    // table of the waiter on this operation (`ec2 wait password-data-available`, built with paging off).
    args.push({ name: 'priv-launch-key', kind: 'launch-key', dest: 'priv-launch-key', nargs: 'one', required: false });
  }
  if (cliService === 'ec2' && /^(authorize|revoke)-security-group-(ingress|egress)$/.test(cliOperation)) {
    // One rule without JSON: --protocol --port --cidr --source-group --group-owner build IpPermissions[0].
    const replaced = [
      'ip-protocol',
      'from-port',
      'to-port',
      'cidr-ip',
      'source-security-group-name',
      'source-security-group-owner-id',
    ];
    for (const a of args) if (replaced.includes(a.name)) a.hidden = true;
    for (const name of ['protocol', 'port', 'cidr', 'source-group', 'group-owner']) {
      args.push({ name, kind: 'ip-permission', dest: name, nargs: 'one', required: false });
    }
  }

  const shadowed = new Map<string, CliArg>();
  const pagingInputs: string[] = [];
  const paginator = model.paginators?.[operation.name];
  if (paginator && input && opts.paging !== false) {
    const tokens = Array.isArray(paginator.input_token) ? [...paginator.input_token] : [paginator.input_token];
    // Kinesis's ListStreams once paged by ExclusiveStartStreamName, which NextToken now refuses beside it: the
    // CLI treats it as a token of its own (kinesis.py), hidden, turning auto-pagination off.
    if (cliService === 'kinesis' && cliOperation === 'list-streams') tokens.push('ExclusiveStartStreamName');
    for (const token of [...tokens, ...(paginator.limit_key ? [paginator.limit_key] : [])]) {
      const cliName = xformName(token);
      pagingInputs.push(cliName);
      for (const a of args) if (a.name === cliName) a.hidden = true;
    }
    const limitShape = paginator.limit_key ? model.shapes[input.members![paginator.limit_key]!.shape] : undefined;
    const limitType = limitShape?.type === 'string' ? 'string' : 'int';
    const paging: CliArg[] = [
      {
        name: 'starting-token',
        kind: 'page',
        dest: 'starting-token',
        nargs: 'one',
        required: false,
        parseType: 'string',
      },
      ...(paginator.limit_key
        ? [
            {
              name: 'page-size',
              kind: 'page',
              dest: 'page-size',
              nargs: 'one',
              required: false,
              parseType: limitType,
            } as CliArg,
          ]
        : []),
      { name: 'max-items', kind: 'page', dest: 'max-items', nargs: 'one', required: false, parseType: limitType },
    ];
    for (const p of paging) {
      const index = args.findIndex((a) => a.name === p.name);
      if (index === -1) {
        args.push(p);
      } else {
        shadowed.set(p.name, args[index]!);
        args[index] = p;
      }
    }
  }

  args.push(
    { name: 'cli-input-json', kind: 'cli-input-json', dest: 'cli-input-json', nargs: 'one', required: false },
    { name: 'cli-input-yaml', kind: 'cli-input-yaml', dest: 'cli-input-yaml', nargs: 'one', required: false },
    {
      name: 'generate-cli-skeleton',
      kind: 'skeleton',
      dest: 'generate-cli-skeleton',
      nargs: 'optional',
      required: false,
      choices: ['input', 'output', 'yaml-input'],
    },
  );

  // botocore's has_streaming_output: a blob as the whole response body, streaming or not (lambda invoke's
  // Payload is not), is written to the file the positional names.
  const output = operation.output ? model.shapes[operation.output.shape] : undefined;
  const payload = output?.payload ? output.members?.[output.payload] : undefined;
  if (payload && model.shapes[payload.shape]?.type === 'blob') {
    args.push({ name: 'outfile', kind: 'outfile', dest: 'outfile', nargs: 'one', required: true, positional: true });
  }
  byName = table(args);
  return { args, byName, shadowed, pagingInputs };
}

function removeWhere<T>(list: T[], predicate: (item: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (predicate(list[i]!)) list.splice(i, 1);
}
