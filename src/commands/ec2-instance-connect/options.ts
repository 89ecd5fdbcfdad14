/**
 * What `ssh` and `open-tunnel` share: their options read as the CLI's BasicCommand reads them (a
 * `file://` value loaded, `--eice-options` by its schema, integer options through Python's `int`,
 * defaults filled), the clients they call, and the refusal where the host lacks what they need.
 */
import { IsoawsError } from '../../core/errors.js';
import type { Client } from '../../core/client.js';
import { requireCredentials } from '../../core/credentials/providers.js';
import type { SigningCredentials } from '../../core/signing/index.js';
import type { CommandEnv } from '../../cli/command.js';
import { pyInt } from '../../cli/shorthand.js';
import { ConfigurationError } from '../../cli/usage.js';
import { readEmrOptions, type EmrOption } from '../emr/command.js';

export type EicOption = EmrOption & { integer?: boolean; default?: string | number };

/** The options' values by name: strings, integers where the option is one, the schema'd option's object. */
export async function readEicOptions(
  env: CommandEnv,
  command: string,
  options: readonly EicOption[],
  args: readonly string[],
): Promise<Map<string, unknown>> {
  const values = await readEmrOptions(env, command, options, args, {});
  for (const option of options) {
    const name = option.specs[0]!.dest;
    const value = values.get(name);
    if (value === undefined) {
      if (option.default !== undefined) values.set(name, option.default);
    } else if (option.integer) values.set(name, pyInt(value as string));
  }
  return values;
}

/** The region and credentials a tunnel's URL is signed with: the command's own (the session's). */
export async function signingIdentity(client: Client): Promise<{ region: string; credentials: SigningCredentials }> {
  const { region, credentials } = client.config;
  if (!region)
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  const provider = typeof credentials === 'function' ? credentials : async () => credentials;
  return { region, credentials: await requireCredentials(provider) };
}

/** The command cannot run on this host (a browser): it has no `what`. */
export function cannotRunHere(command: string, what: string): IsoawsError {
  return new IsoawsError(`ec2-instance-connect ${command} cannot be run here: this host ${what}.`);
}
