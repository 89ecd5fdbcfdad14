/**
 * The settings of one command: the session (core/session.ts) with the command line's global options
 * over the environment and the profile, and the output defaults the profile can set.
 */
import type { ClientConfig } from '../core/client-config.js';
import type { LoadedProfile } from '../core/config/profile.js';
import { settingValue } from '../core/config/settings.js';
import type { Credentials } from '../core/credentials/types.js';
import type { Host } from '../core/host.js';
import { sessionClientConfig, sourceClient as coreSourceClient, type SessionOptions } from '../core/session.js';
import type { CliContext } from './context.js';
import type { GlobalArgs, OutputFormat } from './globals.js';
import { ConfigurationError } from './usage.js';

/** AWS_DEFAULT_OUTPUT, when set. */
export function defaultOutput(host: Host): OutputFormat | undefined {
  return outputFormat(settingValue('output', host.env));
}

/**
 * Output format and binary format: the option, else the environment, else the profile, else the default.
 * The timestamp format is the profile's alone, as in the CLI (no option or variable sets it).
 */
export function applyProfileDefaults(ctx: CliContext, profile: LoadedProfile): void {
  const { globals } = ctx;
  globals.output ??= outputFormat(settingValue('output', {}, profile.config)) ?? 'json';
  globals.binaryFormat ??= settingValue(
    'cli_binary_format',
    {},
    profile.config,
  ) as CliContext['globals']['binaryFormat'];
  const timestamps = settingValue('cli_timestamp_format', {}, profile.config) ?? 'iso8601';
  // v1's `none` is not a value v2 knows: it fails as any other name does.
  if (timestamps !== 'iso8601' && timestamps !== 'wire') {
    throw new ConfigurationError(
      `Unknown cli_timestamp_format value: ${String(timestamps)}, valid values are "wire" or "iso8601"`,
    );
  }
  ctx.timestampFormat = timestamps;
}

/**
 * A configured format is taken as written: as in the AWS CLI, a name it does not know fails only when
 * output is printed (writeOutput's "Unknown output type"), after the request.
 */
function outputFormat(value: unknown): OutputFormat | undefined {
  return typeof value === 'string' && value !== '' ? (value as OutputFormat) : undefined;
}

/** What the global options set in a session (the shell's JavaScript client takes them too). */
export function globalSessionOptions(globals: GlobalArgs): SessionOptions {
  // The CLI's timeouts are seconds; 0 means no timeout.
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);
  return {
    profile: globals.profile,
    region: globals.region,
    endpointUrl: globals.endpointUrl,
    sign: globals.sign,
    verifySsl: globals.verifySsl,
    caBundle: globals.caBundle,
    connectTimeoutMs: ms(globals.connectTimeout),
    readTimeoutMs: ms(globals.readTimeout),
  };
}

/** The session options of a command: its global options, --debug, and the shell's kept credentials. */
function sessionOptions(ctx: CliContext): SessionOptions {
  return {
    ...globalSessionOptions(ctx.globals),
    debug: ctx.debug,
    onWire: ctx.observe,
    keep: ctx.session ? (key, make) => ctx.session!.credentials(key, make) : undefined,
    // A chain kept for the shell outlives this command: a Ctrl-C now must not fail its later refreshes.
    signal: ctx.session ? undefined : ctx.signal,
  };
}

/** The client's settings for a command on the service with environment id `envId` (see core/session.ts). */
export function clientConfig(ctx: CliContext, profile: LoadedProfile, envId: string): ClientConfig {
  // The CLI's messages are botocore's, byte for byte.
  return { ...sessionClientConfig(ctx.host, profile, envId, sessionOptions(ctx)), validationWording: 'botocore' };
}

/** A client for a credential source's own service (`envId` STS, SSO, SSO_OIDC); unsigned without credentials. */
export function sourceClient(
  ctx: CliContext,
  profile: LoadedProfile,
  envId: string,
  region: string,
  credentials?: Credentials,
) {
  return coreSourceClient(ctx.host, profile, envId, region, credentials);
}
