/**
 * The command line's own errors (exit 252), worded as the AWS CLI prints them. The program is named
 * `aws` in these messages, so a script that checks stderr sees the same text from isoaws.
 */
import { IsoawsError } from '../core/errors.js';

const USAGE = [
  'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]',
  'To see help text, you can run:',
  '',
  '  aws help',
  '  aws <command> help',
  '  aws <command> <subcommand> help',
].join('\n');

/** An argparse error: the usage, then `aws: error: <message>`. */
export class UsageError extends IsoawsError {
  override name = 'UsageError';
  get text(): string {
    return `${USAGE}\n\naws: error: ${this.message}\n`;
  }
}

/** Arguments the operation does not know: the usage, then `Unknown options: a, b`. */
export class UnknownArgumentError extends IsoawsError {
  override name = 'UnknownArgumentError';
  get text(): string {
    return `${USAGE}\n\n${this.message}\n`;
  }
}

/** A value that cannot be read: `Error parsing parameter '--x': <why>`. */
export class ParamError extends IsoawsError {
  override name = 'ParamError';
  constructor(
    readonly cliName: string,
    readonly detail: string,
  ) {
    super(`Error parsing parameter '${cliName}': ${detail}`);
  }
  get text(): string {
    return this.message;
  }
}

/** Any other invalid combination of arguments, printed as the message alone (the CLI's ParamValidationError). */
export class ArgumentError extends IsoawsError {
  override name = 'ArgumentError';
  get text(): string {
    return this.message;
  }
}

/** Words one of the CLI's own commands (configure, s3, sso) does not know: its ParamValidationError, `Unknown options: a,b`. */
export function unknownOptions(extras: readonly string[]): ArgumentError {
  return new ArgumentError(`Unknown options: ${extras.join(',')}`);
}

/** A setting is missing or invalid (exit 253), e.g. no region anywhere. */
export class ConfigurationError extends IsoawsError {
  override name = 'ConfigurationError';
}

/**
 * The AWS CLI's validate_mutually_exclusive: of the options given (`values` by name, looked at in
 * `order`, the command's argument table's), the first that belongs to another group than the first one
 * given is refused, naming that first group. Names are printed as the CLI's Python attributes (`metric_data`).
 */
export function checkMutuallyExclusive(
  values: ReadonlyMap<string, unknown>,
  order: readonly string[],
  ...groups: ReadonlyArray<readonly string[]>
): void {
  const python = (name: string) => name.replaceAll('-', '_');
  let first: readonly string[] | undefined;
  for (const name of order) {
    if (values.get(name) === undefined) continue;
    const group = groups.find((g) => g.includes(name));
    if (!group) continue;
    first ??= group;
    if (group !== first)
      throw new ArgumentError(
        `The key "${python(name)}" cannot be specified when one of the following keys are also specified: ${first.map(python).join(', ')}`,
      );
  }
}
