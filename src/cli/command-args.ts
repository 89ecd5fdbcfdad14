/**
 * What an operation command's arguments are (`CliArg`, `ArgTable`: arg-table.ts builds the table), and
 * the customization records that change them.
 *
 * A customization of operation commands is a record: what it does at each step of a command, following
 * the AWS CLI's events — building the argument table, the values parsed (`operation-args-parsed`), each
 * argument's value put into the parameters (`add_to_params`), the parameters complete (after
 * `--cli-input-json`), the call about to be made (`calling-command`), and each response before it is
 * shown (`after-call`). Each module (run-instances.ts, put-metric-data.ts, …, as aws-cli keeps
 * runinstances.py, putmetricdata.py, …) exports its record; command-customizations.ts says which commands each
 * applies to, and the argument table (arg-table.ts) and the command runner (operation.ts) read them.
 */
import type { Client } from '../core/client.js';
import type { Operation, ServiceBundle, Shape } from '../core/model/types.js';
import type { CliContext } from './context.js';

/** `custom`: an argument a customization record adds, whose value it puts into the parameters itself. */
export type ArgKind = 'member' | 'page' | 'custom' | 'outfile' | 'cli-input-json' | 'cli-input-yaml' | 'skeleton';

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
  /** The customization whose argument this is (kind `custom`). */
  custom?: CommandCustomization;
  /** Its help text, for an argument no model member documents. */
  doc?: string;
  /** The model member whose documentation is its help (`Shape.member`), for a custom argument that has a shape. */
  docMember?: string;
  /** The value names a local file (completion offers paths). */
  path?: boolean;
}

export interface ArgTable {
  args: CliArg[];
  /** Arguments by name, the positionals included. */
  byName: Map<string, CliArg>;
  /** Member arguments that a paging argument of the same name replaced; `--no-paginate` restores them. */
  shadowed: Map<string, CliArg>;
  /** The paginator's input tokens and limit key as CLI names: giving one turns auto-pagination off. */
  pagingInputs: string[];
  /** The command's customization records, which built part of the table and run with the command. */
  customizations: readonly CommandCustomization[];
}

/** What a customization's steps may read besides their own arguments. */
export interface CustomizationContext {
  ctx: CliContext;
  /** The command's client; absent when a command line is only parsed (parseCommandLine). */
  client?: Client;
  table: ArgTable;
  model: ServiceBundle;
  operation: Operation;
  /** A value read as a member argument's is (file://, shorthand, JSON), against the argument's shape. */
  unpack(arg: CliArg, raw: string | string[]): Promise<unknown>;
}

/** A response (or a `--generate-cli-skeleton output` sample) as the command will show it, changed. */
export type OutputStep = (output: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface CommandCustomization {
  /**
   * Changes the argument table: adds the customization's own arguments (kind `custom`, `custom` this
   * record), makes others optional or hidden. `paging` is false for a waiter's table.
   */
  arguments?(args: CliArg[], model: ServiceBundle, opts: { paging: boolean }): void;
  /** Input members that, given, turn auto-pagination off as the paginator's own tokens do. */
  pagingTokens?: readonly string[];
  /** Refuses values that cannot go together, before any is read (parsed values by `dest`). */
  check?(values: ReadonlyMap<string, unknown>): void;
  /** A member argument's value once read: changed (`--protocol tcp` → `6`), or checked. */
  member?(arg: CliArg, value: unknown): unknown;
  /** One of the customization's own arguments into the parameters. */
  fill?(params: Record<string, unknown>, arg: CliArg, value: unknown, c: CustomizationContext): void | Promise<void>;
  /**
   * The parameters complete (after `--cli-input-json`, blobs decoded): defaults, members moved where the
   * API wants them, values derived from others.
   */
  finish?(params: Record<string, unknown>, c: CustomizationContext): void | Promise<void>;
  /** The page size asked for when auto-paginating without `--page-size`. */
  pageSize?(operation: string, params: Record<string, unknown>): number | undefined;
  /** Refuses the call once its parameters are complete (the CLI's `calling-command`, after a skeleton is printed). */
  calling?(ctx: CliContext): void;
  /**
   * What happens to each response before it is shown, if anything, read from the parsed values as soon
   * as they are parsed (so that a bad file name is refused before a skeleton is printed).
   */
  output?(values: ReadonlyMap<string, unknown>, c: CustomizationContext): Promise<OutputStep | undefined>;
}

/** An argument of a customization's own: optional and documented unless said otherwise. */
export function customArg(
  custom: CommandCustomization,
  arg: Omit<CliArg, 'kind' | 'dest' | 'required' | 'custom'> & { dest?: string; required?: boolean },
): CliArg {
  return { dest: arg.name, required: false, ...arg, kind: 'custom', custom };
}

/** A parsed value as Python's truth sees it, which the CLI's checks use: an empty list or string is not given. */
export function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
