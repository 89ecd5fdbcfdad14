/**
 * The argument table of one operation, as the AWS CLI builds it: one argument per input member
 * (`xform_name` of the member; booleans as a `--x`/`--no-x` pair), then its customizations — renamed
 * and hidden arguments, the arguments of the command's customization records (command-customizations.ts: `ec2
 * run-instances --count`, …), the paging arguments that shadow a paginator's own tokens, the `outfile`
 * positional of operations with a streaming output, and `--cli-input-json|yaml` and `--generate-cli-skeleton`
 * (but not beside an `outfile`).
 * The table drives parsing, help and completion alike.
 */
import type { Operation, ServiceBundle, Shape } from '../core/model/types.js';
import type { ArgTable, CliArg } from './command-args.js';
import { customizationsFor } from './command-customizations.js';
import { ARGUMENT_RENAMES, DEFAULTED_ARGUMENTS, HIDDEN_ALIASES, lookup } from './customizations.js';
import { xformName } from './names.js';

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

/** `paging: false` leaves out the paging arguments (a waiter polls single pages). */
export function buildArgTable(
  model: ServiceBundle,
  cliService: string,
  cliOperation: string,
  operation: Operation,
  opts: { paging?: boolean } = {},
): ArgTable {
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

  const customizations = customizationsFor(cliService, cliOperation);
  for (const custom of customizations) custom.arguments?.(args, model, { paging: opts.paging !== false });

  const shadowed = new Map<string, CliArg>();
  const pagingInputs: string[] = [];
  const paginator = model.paginators?.[operation.name];
  if (paginator && input && opts.paging !== false) {
    const tokens = Array.isArray(paginator.input_token) ? [...paginator.input_token] : [paginator.input_token];
    for (const custom of customizations) tokens.push(...(custom.pagingTokens ?? []));
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

  // botocore's has_streaming_output: a blob as the whole response body, streaming or not (lambda invoke's
  // Payload is not), is written to the file the positional names.
  const output = operation.output ? model.shapes[operation.output.shape] : undefined;
  const payload = output?.payload ? output.members?.[output.payload] : undefined;
  const streamingOutfile = payload !== undefined && model.shapes[payload.shape]?.type === 'blob';
  // cliinput.py and generatecliskeleton.py leave out their arguments wherever the table has an `outfile`
  // (get-object's, select-object-content's, create-virtual-mfa-device's --outfile): a skeleton or an input
  // file cannot stand for a file written as the response arrives.
  if (!streamingOutfile && !args.some((a) => a.name === 'outfile')) {
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
  }
  if (streamingOutfile) {
    args.push({ name: 'outfile', kind: 'outfile', dest: 'outfile', nargs: 'one', required: true, positional: true });
  }
  byName = table(args);
  return { args, byName, shadowed, pagingInputs, customizations };
}
