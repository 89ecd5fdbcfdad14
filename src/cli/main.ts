/**
 * The command-line driver: `isoaws [global options] <service> <operation> [arguments]`, the AWS CLI's
 * grammar and messages. Global options may appear anywhere; the service and operation are the CLI's
 * names (`s3api`, `describe-instances`); errors map to the CLI's exit codes (see exit-codes.ts).
 */
import { loadProfile, type LoadedProfile } from '../core/config/profile.js';
import { requireCredentials } from '../core/credentials/providers.js';
import type { CredentialProvider } from '../core/credentials/types.js';
import type { Host, Writer } from '../core/host.js';
import type { ServiceIndexEntry } from '../core/model/types.js';
import { VERSION } from '../core/version.js';
import { invalidChoice } from './argparse.js';
import type { ConfigureServices } from './configure.js';
import type { CliContext, CliSession } from './context.js';
import { describeFailure, EXIT } from './exit-codes.js';
import { parseGlobals } from './globals.js';
import { xformName } from './names.js';
import type { OperationTarget, PreparedCommand, ServiceTarget } from './operation.js';
import { applyProfileDefaults, clientConfig, defaultOutput, sourceClient } from './session.js';
import { UsageError } from './usage.js';

export interface RunCliOptions {
  /** Columns of the terminal stdout is on; table output uses 80 when it is not a terminal. */
  terminalWidth?: number;
  /** Whether stdout is a terminal (`--color auto`). */
  stdoutIsTty?: boolean;
  /** The runtime's description for `--version` (`Node/20.1.0 linux/6.1`). */
  platform?: string;
  /**
   * Starts the pager named by AWS_PAGER (only asked for when stdout is a terminal and the pager is not
   * turned off); stdout then goes to it, and the run ends once it has exited.
   */
  openPager?: (command: string) => { stdout: Writer; done(): Promise<void> };
  signal?: AbortSignal;
  /**
   * Receives the command's result as printed (after `--query`; formatted values such as Python floats
   * as the formatters take them): the REPL keeps it as `$`. Commands without a modeled result (s3,
   * configure, wait) do not call it.
   */
  onResult?: (value: unknown) => void;
  /** Kept across the commands of one process (the REPL): credentials resolved once, refreshed by the owner. */
  session?: CliSession;
}

/** Runs one command line; resolves to the exit code. Never throws. */
export async function runCli(argv: readonly string[], host: Host, opts: RunCliOptions = {}): Promise<number> {
  const pager = choosePager(argv, host, opts);
  try {
    return await run(argv, pager ? { ...host, stdout: pager.stdout } : host, opts);
  } finally {
    await pager?.done();
  }
}

/** No pager unless AWS_PAGER names one (the AWS CLI v2 defaults to `less`; isoaws does not page by default). */
function choosePager(argv: readonly string[], host: Host, opts: RunCliOptions): { stdout: Writer; done(): Promise<void> } | undefined {
  const command = host.env.AWS_PAGER;
  if (!command || !opts.stdoutIsTty || !opts.openPager || argv.includes('--no-cli-pager')) return undefined;
  return opts.openPager(command);
}

async function run(argv: readonly string[], host: Host, opts: RunCliOptions): Promise<number> {
  try {
    const resolved = await resolveCommand(argv, host, opts);
    if (resolved.kind === 'version') {
      host.stdout.write(`isoaws/${VERSION}${opts.platform ? ` ${opts.platform}` : ''}\n`);
      return EXIT.ok;
    }
    if (resolved.kind === 'done') return resolved.code;
    if (resolved.kind === 'help') {
      host.stdout.write(resolved.text);
      return EXIT.ok;
    }
    if (resolved.kind === 'configure') return await (await import('./configure.js')).runConfigure(resolved.ctx, resolved.args, resolved.services);
    return resolved.kind === 'wait'
      ? await (await import('./wait.js')).runWaiter(resolved.ctx, resolved.target, resolved.args)
      : await (await import('./operation.js')).runOperation(resolved.ctx, resolved.target, resolved.args);
  } catch (err) {
    const { code, message } = describeFailure(err);
    host.stderr.write(message);
    return code;
  }
}

type Resolved =
  | { kind: 'version' }
  | { kind: 'help'; text: string }
  | { kind: 'done'; code: number }
  | { kind: 'configure'; ctx: CliContext; args: string[]; services: ConfigureServices }
  | { kind: 'wait'; ctx: CliContext; target: ServiceTarget; args: string[] }
  | { kind: 'operation'; ctx: CliContext; target: OperationTarget; args: string[] };

/** The global options read, the service and the operation found; throws the CLI's usage errors. */
async function resolveCommand(argv: readonly string[], host: Host, opts: RunCliOptions): Promise<Resolved> {
  const globals = parseGlobals(argv);
  if (globals.version) return { kind: 'version' };
  const output = globals.output ?? defaultOutput(host);
  const ctx: CliContext = {
    host,
    globals: { ...globals, output },
    outputOption: globals.output,
    terminalWidth: opts.stdoutIsTty && opts.terminalWidth ? opts.terminalWidth : 80,
    color: globals.color === 'on' || (globals.color === 'auto' && opts.stdoutIsTty === true),
    stdoutIsTty: opts.stdoutIsTty === true,
    signal: opts.signal,
    onResult: opts.onResult,
    session: opts.session,
    debug: globals.debug ? (await import('./debug.js')).createDebugLog(host) : undefined,
  };
  ctx.debug?.log('isoaws.clidriver', `CLI version: isoaws/${VERSION}${opts.platform ? ` ${opts.platform}` : ''}`);
  if (globals.command === undefined) throw new UsageError('the following arguments are required: command');
  const index = await host.models.index();
  if (globals.command === 'help') return { kind: 'help', text: (await import('./help.js')).topHelp(index) };
  if (globals.command === 'configure') {
    // export-credentials resolves the profile's credentials as a command would; the others read files.
    const credentials = async () => {
      const profile = await loadProfile(host, globals.profile);
      return requireCredentials(clientConfig(ctx, profile, 'STS').credentials as CredentialProvider);
    };
    // configure sso calls the SSO services unsigned and without the profile it is configuring, which may not exist yet.
    const blank: LoadedProfile = { name: 'default', config: {}, credentials: {}, files: { config: { profiles: {}, ssoSessions: {}, services: {} }, credentials: {} } };
    const call = (envId: string, service: string, op: string) => async (region: string, params: Record<string, unknown>) => (await sourceClient(ctx, blank, envId, region)).send(service, op, params, { signal: ctx.signal });
    const sso = () => ({
      registerClient: call('SSO_OIDC', 'sso-oidc', 'RegisterClient'), startDeviceAuthorization: call('SSO_OIDC', 'sso-oidc', 'StartDeviceAuthorization'),
      createToken: call('SSO_OIDC', 'sso-oidc', 'CreateToken'), listAccounts: call('SSO', 'sso', 'ListAccounts'), listAccountRoles: call('SSO', 'sso', 'ListAccountRoles'),
    });
    return { kind: 'configure', ctx, args: globals.rest, services: { credentials, sso } };
  }
  if (globals.command === 's3') {
    const { createClient } = await import('../core/client.js');
    const profile = await loadProfile(host, globals.profile);
    applyProfileDefaults(ctx, profile);
    const { runS3 } = await import('../commands/s3/index.js');
    return { kind: 'done', code: await runS3(ctx, createClient(host, clientConfig(ctx, profile, 'S3')), profile.config, globals.rest) };
  }
  const entry = index.find((s) => s.cliName === globals.command);
  if (!entry) throw new UsageError(invalidChoice('command', globals.command, commandNames(index)));
  const [operationName, ...operationArgs] = globals.rest;
  let args = operationArgs;
  if (operationName === undefined) throw new UsageError('the following arguments are required: operation');
  // The engine is loaded here, after the global options: `--version` and usage errors never pay for it.
  const engine = async () => {
    const { createClient } = await import('../core/client.js');
    const profile = await loadProfile(host, globals.profile);
    applyProfileDefaults(ctx, profile);
    return { profile, client: () => createClient(host, clientConfig(ctx, profile, entry.envId)) };
  };
  if (entry.cliName === 'glacier') {
    // isoaws's own glacier commands set up the engine only when they call the service (tree-hash never does).
    const glacier = await import('../commands/glacier/index.js');
    if (glacier.GLACIER_COMMANDS.includes(operationName)) return { kind: 'done', code: await glacier.runGlacier(ctx, async () => (await engine()).client(), operationName, args) };
    if (operationName === 'complete-multipart-upload') args = await glacier.completeFromFile(ctx, args);
  }
  const { profile, client: makeClient } = await engine();
  if (entry.cliName === 'sso' && (operationName === 'login' || operationName === 'logout')) {
    const { runSso } = await import('./sso.js');
    const send = (op: string) => async (region: string, params: Record<string, unknown>) => (await sourceClient(ctx, profile, 'SSO_OIDC', region)).send('sso-oidc', op, params, { signal: ctx.signal });
    const logout = async (region: string, accessToken: string) => (await sourceClient(ctx, profile, 'SSO', region)).send('sso', 'Logout', { accessToken }, { signal: ctx.signal });
    const code = await runSso(ctx, operationName, args, profile, { registerClient: send('RegisterClient'), startDeviceAuthorization: send('StartDeviceAuthorization'), createToken: send('CreateToken'), logout });
    return { kind: 'done', code };
  }
  const client = makeClient();
  const svc = await client.service(entry.name);
  if (operationName === 'help') return { kind: 'help', text: (await import('./help.js')).serviceHelp(entry, svc.bundle, await host.models.docs?.(entry.name)) };
  if (operationName === 'wait' && svc.bundle.waiters) {
    return { kind: 'wait', ctx, target: { client, entry, service: entry.name, cliService: entry.cliName, bundle: svc.bundle }, args };
  }
  const operations = Object.keys(svc.bundle.operations);
  const opName = operations.find((op) => xformName(op) === operationName);
  if (!opName) throw new UsageError(invalidChoice('operation', operationName, [...operations.map(xformName), ...(svc.bundle.waiters ? ['wait'] : [])]));
  const target: OperationTarget = {
    client, entry, service: entry.name, cliService: entry.cliName, bundle: svc.bundle, operation: svc.bundle.operations[opName]!, cliOperation: operationName,
  };
  return { kind: 'operation', ctx, target, args };
}

/**
 * What a command line would call, without calling it: the botocore service and operation names and
 * the parameters (for tests, and for tools that show a command's request before sending it).
 */
export async function parseCommandLine(argv: readonly string[], host: Host): Promise<{ service: string; operation: string; prepared: PreparedCommand }> {
  const resolved = await resolveCommand(argv, host, {});
  if (resolved.kind !== 'operation') throw new UsageError('not an operation command');
  const { ctx, target, args } = resolved;
  const { prepareOperation } = await import('./operation.js');
  return { service: target.service, operation: target.operation.name, prepared: await prepareOperation(ctx, target, args) };
}

/** The service commands in the CLI's order (botocore's sorted service names, renamed). */
function commandNames(index: readonly ServiceIndexEntry[]): string[] {
  return [...index.map((s) => s.cliName), 'configure', 's3'].sort();
}
