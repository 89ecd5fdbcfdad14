/**
 * What every EMR command of the CLI's own shares (its emr/command.py and emrutils.py): options read as
 * BasicCommand reads them — a `file://` value loaded, a schema'd value parsed and validated — the
 * profile's `emr` settings filling options not given (service_role, log_uri, instance_profile,
 * key_name, enable_debugging, key_pair_file), and results printed as an operation's are.
 */
import { ArgumentError } from '../../cli/usage.js';
import type { Client } from '../../core/client.js';
import {
  commandPage,
  readCommandOptions,
  type CommandEnv,
  type CommandModule,
  type CommandOption,
} from '../../cli/command.js';
import { writeCommandResult } from '../../cli/operation.js';
import { toCliValue } from '../../cli/output/py-values.js';
import { readParamFile } from '../../cli/param-values.js';
import { readSchemaArg, type Schema } from './schema.js';

/** A command option, with the schema its value is read against when it has one. */
export type EmrOption = CommandOption & { schema?: Schema };

export type EmrValues = Map<string, unknown>;

/** The settings of the profile's `emr` block (`emr =` followed by indented `key = value` lines). */
export async function emrSettings(env: CommandEnv): Promise<{ settings: Record<string, string>; profile: string }> {
  const profile = await env.profile();
  const block = profile.config.emr;
  return { settings: typeof block === 'object' ? block : {}, profile: profile.name };
}

/**
 * The command's words read against its options. An option the profile's `emr` block sets is not
 * required (the CLI's override_args_required_option); values are unpacked as BasicCommand does.
 */
export async function readEmrOptions(
  env: CommandEnv,
  command: string,
  options: readonly EmrOption[],
  args: readonly string[],
  settings: Record<string, string>,
): Promise<EmrValues> {
  const specs = options.map((o) => ({
    ...o,
    specs: o.specs.map((s) => (s.required && s.dest.replaceAll('-', '_') in settings ? { ...s, required: false } : s)),
  }));
  const values = readCommandOptions(specs, args);
  for (const option of options) {
    const [spec] = option.specs;
    const raw = values.get(spec!.dest);
    if (raw === undefined || typeof raw === 'boolean') continue;
    if (option.schema) {
      values.set(spec!.dest, await readSchemaArg(env.ctx.host, command, spec!.dest, option.schema, raw as string[]));
    } else if (typeof raw === 'string') {
      const loaded = await readParamFile(env.ctx.host, raw);
      if (loaded !== undefined)
        values.set(spec!.dest, typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded));
    }
  }
  return values;
}

/**
 * The profile's `emr` settings for options not given (the CLI's Command._apply_configs): a string
 * setting fills its option, or a key of a structure option (`instance_profile` → `--ec2-attributes
 * InstanceProfile`); a boolean setting (`enable_debugging`) one of its option pair. `skip` names
 * settings the command leaves alone.
 */
export function applyEmrSettings(
  values: EmrValues,
  options: readonly EmrOption[],
  settings: Record<string, string>,
  profile: string,
  skip: readonly string[] = [],
): void {
  const has = (name: string) => options.some((o) => o.specs.some((s) => s.dest === name));
  for (const [key, value] of Object.entries(settings)) {
    if (skip.includes(key)) continue;
    const structured = STRUCTURED_SETTINGS[key];
    if (structured) {
      if (!has(structured.option)) continue;
      const current = values.get(structured.option) as Record<string, unknown> | undefined;
      if (current && structured.key in current) continue;
      values.set(structured.option, { ...current, [structured.key]: value });
    } else if (BOOLEAN_SETTINGS.includes(key)) {
      const option = key.replaceAll('_', '-');
      if (!has(option) || !has(`no-${option}`)) continue;
      if (values.get(option) || values.get(`no-${option}`)) continue;
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        const scope = profile === 'default' ? 'default' : `profile.${profile}`;
        throw new ArgumentError(
          `aws: error: ${value} for ${key} in the config file is invalid. The value should be either 'True' or 'False'. Use 'aws configure set ${scope}.emr.${key} <value>' command to set a valid value.`,
        );
      }
      values.set(option, lower === 'true');
      values.set(`no-${option}`, lower === 'false');
    } else if (STRING_SETTINGS.includes(key)) {
      const option = key.replaceAll('_', '-');
      if (has(option) && !values.get(option)) values.set(option, value);
    }
  }
}

const STRING_SETTINGS = ['service_role', 'log_uri', 'key_pair_file'];
const BOOLEAN_SETTINGS = ['enable_debugging'];
const STRUCTURED_SETTINGS: Record<string, { option: string; key: string }> = {
  instance_profile: { option: 'ec2-attributes', key: 'InstanceProfile' },
  key_name: { option: 'ec2-attributes', key: 'KeyName' },
};

/** A command of `options` whose run gets the values read and the EMR client. */
export function emrCommand(
  name: string,
  description: string,
  options: readonly EmrOption[],
  run: (env: CommandEnv, values: Map<string, unknown>, client: Client) => Promise<void>,
): CommandModule {
  const page = commandPage({ name, description, examples: [] }, options);
  return {
    async run(env, args) {
      const { settings } = await emrSettings(env);
      const values = await readEmrOptions(env, name, options, args, settings);
      await run(env, values, await env.client());
      return 0;
    },
    page: async (sub) => (sub === undefined ? page : undefined),
  };
}

/** The release label of a cluster; undefined for an AMI-version cluster. */
export async function releaseLabel(env: CommandEnv, client: Client, clusterId: string): Promise<string | undefined> {
  const answer = await callEmr(env, client, 'DescribeCluster', { ClusterId: clusterId });
  return (answer.Cluster as { ReleaseLabel?: string } | undefined)?.ReleaseLabel;
}

/** The CLI's refusal of the commands only AMI-version clusters have (install-applications, the HBase backups). */
export async function refuseReleaseCluster(
  env: CommandEnv,
  client: Client,
  command: string,
  id: string,
): Promise<void> {
  const label = await releaseLabel(env, client, id);
  if (label) throw new ArgumentError(`aws: error: ${command} is not supported with '${label}' release.`);
}

/** Calls an EMR operation; the answer without its metadata. */
export async function callEmr(
  env: CommandEnv,
  client: Client,
  operation: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { $metadata: _meta, ...output } = await client.send('emr', operation, params, { signal: env.ctx.signal });
  return output;
}

/**
 * `value`, an answer of `operation`, as the CLI shows it: timestamps and floats as for the operation's
 * output (floats marked unless --query selects from it).
 */
export async function presented(env: CommandEnv, operation: string, value: unknown): Promise<unknown> {
  const { bundle } = await env.service();
  const ref = bundle.operations[operation]?.output;
  const shape = ref ? bundle.shapes[ref.shape] : undefined;
  return toCliValue(bundle, shape, value, { markFloats: env.ctx.globals.query === undefined });
}

/** Prints `value` (shaped as `operation`'s answer) through the output format and --query, the table titled `title`. */
export async function showResult(env: CommandEnv, operation: string, title: string, value: unknown): Promise<void> {
  writeCommandResult(env.ctx, title, await presented(env, operation, value));
}

/** Calls an operation and prints its answer as the operation's own command would (the CLI's call_and_display_response). */
export async function callAndShow(
  env: CommandEnv,
  client: Client,
  operation: string,
  params: Record<string, unknown>,
): Promise<void> {
  await showResult(env, operation, operation, await callEmr(env, client, operation, params));
}
