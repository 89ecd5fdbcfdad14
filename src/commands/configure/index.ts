/**
 * `isoaws configure [get|set|list|list-profiles|export-credentials|import|add-model]`, as the AWS CLI answers them: values looked up in the
 * active profile (config and credentials files merged, the credentials file winning) or by dotted
 * name (`profile.dev.region`, `s3.max_concurrent_requests`); `set` edits the right file in place
 * (keys to the credentials file, created 0600), atomically; `list` shows each value's source.
 */
import { configProfiles, parseIni, type ConfigValue } from '../../core/config/ini.js';
import {
  mergedProfiles,
  ProfileNotFoundError,
  readSharedFiles,
  type LoadedProfile,
  type SharedFiles,
} from '../../core/config/profile.js';
import { editConfigFile } from '../../core/config/edit-file.js';
import { profileSection, updateIniText, type NewValue } from '../../core/config/writer.js';
import type { CredentialProvider, Credentials } from '../../core/credentials/types.js';
import { requireCredentials } from '../../core/credentials/providers.js';
import type { ConfigureSsoCalls } from './sso.js';
import { CredentialsError, IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { getOwn } from '../../core/own.js';
import { pyRepr } from '../../core/query/python-text.js';
import { invalidChoice, parseKnownArgs } from '../../cli/argparse.js';
import type { CommandModule } from '../../cli/command.js';
import type { CliContext } from '../../cli/context.js';
import { CONFIGURE_SUBCOMMANDS } from '../names.js';
import { isoTimestamp } from '../../cli/output/py-values.js';
import { readParamFile } from '../../cli/param-values.js';
import { clientConfig } from '../../cli/session.js';
import { ArgumentError, ConfigurationError, ParamError, unknownOptions, UsageError } from '../../cli/usage.js';
import { oidcOrigin } from '../sso/index.js';

const CREDENTIAL_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

/** The shared files (configShown is the config path as written, which `configure list` shows). */
interface Files extends SharedFiles {
  /** Profiles from both files merged, the credentials file's keys over the config file's. */
  profiles: Record<string, Record<string, ConfigValue>>;
}

/** What the subcommands that reach services need from the command. */
interface ConfigureServices {
  /** The active profile's credentials, resolved as a command would (`export-credentials`). */
  credentials(): Promise<Credentials>;
  /** The SSO calls of `configure sso`. */
  sso(): ConfigureSsoCalls;
  /** STS GetSessionToken (`configure mfa-login`), signed with `keys` or else the profile's credentials. */
  getSessionToken(params: Record<string, unknown>, keys?: Credentials): Promise<Record<string, unknown>>;
}

/** `isoaws configure …` (the registry's record). */
export const configureCommand: CommandModule = {
  async run(env, args) {
    if (args[0] === 'wizard')
      return (await import('../wizard/command.js')).runWizardCommand(env, 'configure', args.slice(1));
    const { ctx } = env;
    // export-credentials resolves the profile's credentials as a command would; the others read files.
    const credentials = async () =>
      requireCredentials(clientConfig(ctx, await env.profile(), 'STS').credentials as CredentialProvider);
    // configure sso calls the SSO services unsigned and without the profile it is configuring, which may not exist yet.
    const blank: LoadedProfile = {
      name: 'default',
      config: {},
      credentials: {},
      files: { config: { profiles: {}, ssoSessions: {}, services: {} }, credentials: {} },
    };
    const call =
      (envId: string, service: string, op: string) => async (region: string, params: Record<string, unknown>) =>
        (await env.sourceClient(blank, envId, region)).send(service, op, params, { signal: ctx.signal });
    const sso = () => ({
      registerClient: call('SSO_OIDC', 'sso-oidc', 'RegisterClient'),
      startDeviceAuthorization: call('SSO_OIDC', 'sso-oidc', 'StartDeviceAuthorization'),
      createToken: call('SSO_OIDC', 'sso-oidc', 'CreateToken'),
      oidcOrigin: async (region: string) => oidcOrigin(await env.sourceClient(blank, 'SSO_OIDC', region)),
      listAccounts: call('SSO', 'sso', 'ListAccounts'),
      listAccountRoles: call('SSO', 'sso', 'ListAccountRoles'),
    });
    const getSessionToken = async (params: Record<string, unknown>, keys?: Credentials) => {
      const config = clientConfig(ctx, await env.profile(), 'STS');
      const { createClient } = await import('../../core/client.js');
      // Without a region STS is called where the CLI calls it then: its global endpoint, us-east-1.
      const client = createClient(ctx.host, {
        ...config,
        region: config.region ?? 'us-east-1',
        ...(keys ? { credentials: keys } : {}),
      });
      return client.send('sts', 'GetSessionToken', params, { signal: ctx.signal });
    };
    // configure agent-toolkit calls the Agent Toolkit service with the command's own client settings.
    if (args[0] === 'agent-toolkit')
      return import('../agent-toolkit/configure.js').then((m) => m.configureAgentToolkit(env, args.slice(1)));
    return runConfigure(ctx, args, { credentials, sso, getSessionToken });
  },
  page: async (sub) =>
    sub === 'agent-toolkit'
      ? (await import('../agent-toolkit/configure.js')).AGENT_TOOLKIT_PAGE
      : getOwn((await import('./help.js')).CONFIGURE_HELP, sub ?? 'configure'),
};

async function runConfigure(ctx: CliContext, argv: readonly string[], services: ConfigureServices): Promise<number> {
  const [sub, ...args] = argv;
  if (sub === 'export-credentials') return exportCredentials(ctx, args, services.credentials);
  if (sub === 'add-model') return (await import('./add-model.js')).addModel(ctx, args);
  const files = await readFiles(ctx.host);
  if (sub === 'mfa-login')
    return (await import('./mfa-login.js')).mfaLogin(ctx, args, {
      credentials: () =>
        services.credentials().catch((err: unknown) => {
          if (err instanceof CredentialsError) return undefined;
          throw err;
        }),
      mfaSerial: async () => {
        const value = files.profiles[sessionProfile(ctx) ?? 'default']?.mfa_serial;
        return typeof value === 'string' ? value : undefined;
      },
      getSessionToken: services.getSessionToken,
      credentialsPath: files.credentialsPath,
    });
  const configFile = {
    path: files.configPath,
    text: files.configText,
    edit: (change: (text: string | undefined) => string) => editConfigFile(ctx.host, files.configPath, change),
  };
  switch (sub) {
    case 'sso':
      return (await import('./sso.js')).configureSso(ctx, configFile, sessionProfile(ctx), args, services.sso());
    case 'sso-session':
      return (await import('./sso.js')).configureSsoSession(ctx, configFile, args);
    case undefined:
      return configureInteractive(ctx, files);
    case 'get':
      return configureGet(ctx, files, args);
    case 'set':
      return configureSet(ctx, files, args);
    case 'list':
      return configureList(ctx, files, args, services.credentials);
    case 'list-profiles':
      return configureListProfiles(ctx, files, args);
    case 'import':
      return configureImport(ctx, files, args);
    default:
      throw new UsageError(invalidChoice('subcommand', sub, CONFIGURE_SUBCOMMANDS));
  }
}

function positional(argv: readonly string[], names: string[]): string[] {
  const { values, extras } = parseKnownArgs(
    names.map((n) => ({ flag: n, dest: n, nargs: 'one' as const, positional: true, required: true })),
    argv,
  );
  if (extras.length) throw unknownOptions(extras);
  return names.map((n) => values.get(n) as string);
}

/** The profile a command works on: --profile, else AWS_PROFILE (or AWS_DEFAULT_PROFILE), else none. */
function sessionProfile(ctx: CliContext): string | undefined {
  return ctx.globals.profile ?? (ctx.host.env.AWS_PROFILE || ctx.host.env.AWS_DEFAULT_PROFILE || undefined);
}

function configureGet(ctx: CliContext, files: Files, argv: readonly string[]): number {
  const [varname] = positional(argv, ['varname']);
  let value: ConfigValue | undefined;
  if (!varname!.includes('.')) {
    value = files.profiles[sessionProfile(ctx) ?? 'default']?.[varname!];
  } else {
    const parts = varname!.split('.');
    let profile: string;
    let rest: string[];
    if (parts[0] === 'profile') {
      profile = parts[1]!;
      rest = parts.slice(2);
    } else if (parts[0] === 'default' || files.profiles[parts[0]!]) {
      profile = parts[0]!;
      rest = parts.slice(1);
    } else {
      profile = sessionProfile(ctx) ?? 'default';
      rest = parts;
    }
    value = files.profiles[profile]?.[rest[0]!];
    if (rest.length === 2) value = typeof value === 'object' ? value[rest[1]!] : undefined;
  }
  if (typeof value === 'string') {
    ctx.host.stdout.write(`${value}\n`);
    return 0;
  }
  if (value !== undefined)
    ctx.host.stderr.write(`varname (${varname}) must reference a value, not a section or sub-section.`);
  return 1;
}

/**
 * `configure` alone: asks for the keys, region and output of the profile, showing the current values
 * (keys masked) in brackets; an empty answer keeps the value. Keys go to the credentials file, the rest
 * to the config file.
 */
async function configureInteractive(ctx: CliContext, files: Files): Promise<number> {
  const prompt = ctx.host.prompt;
  if (!prompt) throw new UsageError('configure needs a terminal to ask on; use "configure set" instead');
  const profile = sessionProfile(ctx);
  const current = files.profiles[profile ?? 'default'] ?? {};
  const questions: Array<[string, string]> = [
    ['aws_access_key_id', 'AWS Access Key ID'],
    ['aws_secret_access_key', 'AWS Secret Access Key'],
    ['region', 'Default region name'],
    ['output', 'Default output format'],
  ];
  const changed: Record<string, string> = {};
  for (const [key, label] of questions) {
    const value = typeof current[key] === 'string' ? (current[key] as string) : undefined;
    const shown = value === undefined ? 'None' : key.startsWith('aws_') ? mask(value) : value;
    const answer = (await prompt.ask(`${label} [${shown}]: `)).trim();
    if (answer && answer !== value) changed[key] = answer;
  }
  const keys = Object.fromEntries(Object.entries(changed).filter(([k]) => CREDENTIAL_KEYS.includes(k)));
  const settings = Object.fromEntries(Object.entries(changed).filter(([k]) => !CREDENTIAL_KEYS.includes(k)));
  if (Object.keys(keys).length)
    await editConfigFile(ctx.host, files.credentialsPath, (text) => updateIniText(text, profile ?? 'default', keys));
  if (Object.keys(settings).length)
    await editConfigFile(ctx.host, files.configPath, (text) =>
      updateIniText(text, profileSection(profile ?? 'default'), settings),
    );
  return 0;
}

/**
 * `configure import --csv file://credentials.csv [--skip-invalid] [--profile-prefix p]`: the access keys
 * of an IAM console CSV download, one credentials-file profile per user.
 */
async function configureImport(ctx: CliContext, files: Files, argv: readonly string[]): Promise<number> {
  const { values, extras } = parseKnownArgs(
    [
      { flag: '--csv', dest: 'csv', nargs: 'one', required: true },
      { flag: '--skip-invalid', dest: 'skip', nargs: 'flag' },
      { flag: '--profile-prefix', dest: 'prefix', nargs: 'one' },
    ],
    argv,
  );
  if (extras.length) throw unknownOptions(extras);
  let csv = values.get('csv') as string;
  const loaded = await readParamFile(ctx.host, csv).catch((err: Error) => {
    throw new ParamError('--csv', err.message);
  });
  if (loaded !== undefined) csv = typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
  const lines = csv.split(/\r?\n/).filter((l) => l.trim());
  if (!lines.length) throw new ArgumentError('Provided CSV contains no contents');
  const headers = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  const wanted = ['User Name', 'Access Key ID', 'Secret Access key'];
  const columns = wanted.map((h) => {
    const index = headers.indexOf(h.toLowerCase());
    if (index === -1) throw new ArgumentError(`Expected header "${h}" not found`);
    return index;
  });
  const prefix = (values.get('prefix') as string | undefined) ?? '';
  const rows: Array<[string, Record<string, string>]> = [];
  for (const [n, line] of lines.slice(1).entries()) {
    const cells = line.split(',').map((c) => c.trim());
    const missing = wanted.find((_h, i) => !cells[columns[i]!]);
    if (missing) {
      if (values.get('skip')) continue;
      throw new ArgumentError(`Failed to parse entry #${n + 1}: Row missing value for header "${missing}"`);
    }
    const [user, id, secret] = columns.map((c) => cells[c]!);
    rows.push([`${prefix}${user}`, { aws_access_key_id: id!, aws_secret_access_key: secret! }]);
  }
  if (rows.length)
    await editConfigFile(ctx.host, files.credentialsPath, (text) =>
      rows.reduce((t, [profile, keys]) => updateIniText(t, profile, keys), text ?? ''),
    );
  ctx.host.stdout.write(`Successfully imported ${rows.length} profile(s)\n`);
  return 0;
}

async function configureSet(ctx: CliContext, files: Files, argv: readonly string[]): Promise<number> {
  const [name, given] = positional(argv, ['varname', 'value']);
  // A line break would start a setting or section of its own (`credential_process = …`), as AWS CLI v1 refuses.
  if (/[\r\n]/.test(name!))
    throw new IsoawsError(`Invalid key: newline characters and carriage returns are not allowed: ${pyRepr(name)}`);
  if (/[\r\n]/.test(given!))
    throw new IsoawsError(`Invalid value for key ${name}: newline characters and carriage returns are not allowed.`);
  let varname = name!;
  let value: NewValue = given!;
  let profile = 'default';
  if (!varname.includes('.')) {
    profile = sessionProfile(ctx) ?? 'default';
  } else {
    const parts = varname.split('.');
    if (parts[0] === 'default' || parts[0] === 'profile') {
      const rest = parts[0] === 'default' ? parts.slice(1) : parts.slice(2);
      if (parts[0] === 'profile') profile = parts[1]!;
      varname = rest[0]!;
      if (rest.length === 2) value = { [rest[1]!]: given! };
    } else {
      profile = sessionProfile(ctx) ?? 'default';
      varname = parts[0]!;
      if (parts.length === 2) value = { [parts[1]!]: given! };
    }
  }
  // `profile.dev` alone, `default.` or `.x` name no setting (the AWS CLI fails on them or writes ` = value`).
  if (!varname || !profile || (typeof value === 'object' && Object.keys(value).some((k) => !k))) {
    throw new IsoawsError(
      `The varname ${name} names no setting: give NAME, profile.PROFILE.NAME or a nested NAME.SUBNAME (s3.max_concurrent_requests).`,
    );
  }
  const toCredentials = CREDENTIAL_KEYS.includes(varname);
  if (toCredentials)
    await editConfigFile(ctx.host, files.credentialsPath, (text) => updateIniText(text, profile, { [varname]: value }));
  else
    await editConfigFile(ctx.host, files.configPath, (text) =>
      updateIniText(text, profileSection(profile), { [varname]: value }),
    );
  return 0;
}

function configureListProfiles(ctx: CliContext, files: Files, argv: readonly string[]): number {
  positional(argv, []);
  for (const name of Object.keys(files.profiles)) ctx.host.stdout.write(`${name}\n`);
  return 0;
}

/**
 * `configure list`: the profile, the credentials a command would use (resolved through the whole chain,
 * so a role or SSO profile shows the temporary keys and the provider, as the CLI does) and the region.
 */
async function configureList(
  ctx: CliContext,
  files: Files,
  argv: readonly string[],
  resolve: () => Promise<Credentials>,
): Promise<number> {
  positional(argv, []);
  const env = ctx.host.env;
  const row = (name: string, value: string, type: string, location: string) => {
    ctx.host.stdout.write(`${name.padStart(10)} ${value.padStart(24)} ${type.padStart(16)}    ${location}\n`);
  };
  row('Name', 'Value', 'Type', 'Location');
  row('----', '-----', '----', '--------');
  const explicit = ctx.globals.profile;
  const fromEnv = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || undefined;
  if (explicit !== undefined) row('profile', explicit, 'manual', '--profile');
  else if (fromEnv !== undefined) row('profile', fromEnv, 'env', "['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']");
  else row('profile', '<not set>', 'None', 'None');
  const name = explicit ?? fromEnv ?? 'default';
  if ((explicit ?? fromEnv) !== undefined && !files.profiles[name]) throw new ProfileNotFoundError(name);
  const profile = files.profiles[name] ?? {};
  const keys = await resolve().catch((err: unknown) => {
    if (err instanceof CredentialsError) return undefined;
    throw err;
  });
  if (keys) {
    row('access_key', mask(keys.accessKeyId), keys.source ?? '', '');
    row('secret_key', mask(keys.secretAccessKey), keys.source ?? '', '');
  } else {
    row('access_key', '<not set>', 'None', 'None');
    row('secret_key', '<not set>', 'None', 'None');
  }
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (envRegion) row('region', envRegion, 'env', "['AWS_REGION', 'AWS_DEFAULT_REGION']");
  else if (typeof profile.region === 'string' && profile.region)
    row('region', profile.region, 'config-file', files.configShown);
  else row('region', '<not set>', 'None', 'None');
  return 0;
}

const EXPORT_LINE: Record<string, (name: string, value: string) => string> = {
  env: (n, v) => `export ${n}=${v}`,
  'env-no-export': (n, v) => `${n}=${v}`,
  powershell: (n, v) => `$Env:${n}="${v}"`,
  'windows-cmd': (n, v) => `set ${n}=${v}`,
};

/** `configure export-credentials [--format process|env|env-no-export|powershell|windows-cmd]`. */
async function exportCredentials(
  ctx: CliContext,
  argv: readonly string[],
  resolve: () => Promise<Credentials>,
): Promise<number> {
  const formats = ['process', ...Object.keys(EXPORT_LINE)];
  const { values, extras } = parseKnownArgs(
    [{ flag: '--format', dest: 'format', nargs: 'one', choices: formats }],
    argv,
  );
  if (extras.length) throw unknownOptions(extras);
  const format = (values.get('format') as string | undefined) ?? 'process';
  const c = await resolve().catch((err: unknown) => {
    if (err instanceof CredentialsError)
      throw new ConfigurationError('Unable to retrieve credentials: no credentials found');
    throw err;
  });
  const expiration = c.expiration ? isoTimestamp(c.expiration) : undefined;
  if (format === 'process') {
    const out: Record<string, unknown> = { Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey };
    if (c.sessionToken) out.SessionToken = c.sessionToken;
    if (expiration) out.Expiration = expiration;
    ctx.host.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const line = EXPORT_LINE[format]!;
  const vars: Array<[string, string | undefined]> = [
    ['AWS_ACCESS_KEY_ID', c.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', c.secretAccessKey],
    ['AWS_SESSION_TOKEN', c.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', expiration],
  ];
  for (const [name, value] of vars) if (value) ctx.host.stdout.write(`${line(name, value)}\n`);
  return 0;
}

/** `****************ABCD`: sixteen stars and the last four characters (ERR-48: the seed's `*****` is PDF damage). */
function mask(value: string): string {
  return `${'*'.repeat(16)}${value.slice(-4)}`;
}

async function readFiles(host: Host): Promise<Files> {
  const files = await readSharedFiles(host);
  const config = configProfiles(files.configText === undefined ? {} : parseIni(files.configText, files.configPath));
  const credentials = files.credentialsText === undefined ? {} : parseIni(files.credentialsText, files.credentialsPath);
  return { ...files, profiles: mergedProfiles(config, credentials) };
}
