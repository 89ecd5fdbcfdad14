/**
 * The command-line driver: `isoaws [global options] <service> <operation> [arguments]`, the AWS CLI's
 * grammar and messages. Global options may appear anywhere; the service and operation are the CLI's
 * names (`s3api`, `describe-instances`); errors map to the CLI's exit codes (see exit-codes.ts).
 */
import type { Client } from '../core/client.js';
import { loadProfile, type LoadedProfile } from '../core/config/profile.js';
import type { Host, Writer } from '../core/host.js';
import type { ServiceIndexEntry } from '../core/model/types.js';
import { VERSION } from '../core/version.js';
import { expandAliases, loadAliases, runExternalAlias, withAliasNames, type Level } from './alias.js';
import { invalidChoice } from './argparse.js';
import {
  helpRequest,
  subcommandsOf,
  topLevelCommand,
  topLevelNames,
  type CommandEnv,
  type CommandRecord,
} from './command.js';
import type { CliContext, CliSession, CommandEvent } from './context.js';
import { describeFailure, EXIT } from './exit-codes.js';
import { checkEndpointUrl, parseGlobals } from './globals.js';
import { startHistory } from './history/mode.js';
import { hiddenCommand, operationCommands } from './names.js';
import type { OperationTarget, PreparedCommand, ServiceTarget } from './operation.js';
import { applyProfileDefaults, clientConfig, defaultOutput, sourceClient } from './session.js';
import { UsageError } from './usage.js';

export interface RunCliOptions {
  /** The commands the models do not describe (src/commands/registry.ts, which the program's entries give). */
  commands: readonly CommandRecord[];
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
  /** Told each step of the command (the playground's inspector); nothing is printed for it. */
  observe?: (event: CommandEvent) => void;
}

/** Runs one command line; resolves to the exit code. Never throws. */
export async function runCommandLine(argv: readonly string[], host: Host, opts: RunCliOptions): Promise<number> {
  const pager = choosePager(argv, host, opts);
  try {
    // `cli_history = enabled`: the command's events are recorded as well (history/recorder.ts).
    const history = await startHistory(argv, host, `isoaws/${VERSION}${opts.platform ? ` ${opts.platform}` : ''}`);
    const observe =
      history &&
      ((event: CommandEvent) => {
        opts.observe?.(event);
        history.observe(event);
      });
    const code = await run(
      argv,
      pager ? { ...host, stdout: pager.stdout } : host,
      observe ? { ...opts, observe } : opts,
    );
    await history?.finish(code);
    return code;
  } finally {
    await pager?.done();
  }
}

/** No pager unless AWS_PAGER names one (the AWS CLI v2 defaults to `less`; isoaws does not page by default). */
function choosePager(
  argv: readonly string[],
  host: Host,
  opts: RunCliOptions,
): { stdout: Writer; done(): Promise<void> } | undefined {
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
    return await (await import('./operation.js')).runOperation(resolved.ctx, resolved.target, resolved.args);
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
  | { kind: 'operation'; ctx: CliContext; target: OperationTarget; args: string[] };

/** The global options read, the service and the operation found; throws the CLI's usage errors. */
async function resolveCommand(argv: readonly string[], host: Host, opts: RunCliOptions): Promise<Resolved> {
  // Read first and on every run, as the CLI reads it: an alias may shadow any command, and an alias
  // file that is not INI fails every command. Without one, this is one stat.
  const aliases = await loadAliases(host);
  let globals = parseGlobals(argv);
  if (globals.version) return { kind: 'version' };
  if (globals.endpointUrl !== undefined) checkEndpointUrl(globals.endpointUrl);
  if (aliases) {
    const expanded = await expandAliases(aliases, globals, (lineage) => aliasLevel(lineage, host, opts.commands));
    if (expanded.kind === 'external')
      return { kind: 'done', code: await runExternalAlias(host, expanded, opts.signal) };
    // The alias's global options are checked as the user's are.
    globals = expanded.globals;
    if (globals.version) return { kind: 'version' };
    if (globals.endpointUrl !== undefined) checkEndpointUrl(globals.endpointUrl);
  }
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
    observe: opts.observe,
    session: opts.session,
    debug: globals.debug ? (await import('./debug.js')).createDebugLog(host) : undefined,
  };
  ctx.debug?.log('isoaws.clidriver', `CLI version: isoaws/${VERSION}${opts.platform ? ` ${opts.platform}` : ''}`);
  if (globals.command === undefined) throw new UsageError('the following arguments are required: command');
  const index = await host.models.index();
  if (globals.command === 'help') return { kind: 'help', text: (await import('./help.js')).topHelp(index) };
  const own = topLevelCommand(opts.commands, globals.command);
  if (own) return runRecord(own, commandEnv(ctx), globals.rest);
  const entry = index.find((s) => s.cliName === globals.command);
  if (!entry)
    throw new UsageError(
      invalidChoice('command', globals.command, withAliasNames(topLevelNames(index, opts.commands), aliases?.toplevel)),
    );
  const [operationName, ...args] = globals.rest;
  if (operationName === undefined) throw new UsageError('the following arguments are required: operation');
  const env = commandEnv(ctx, entry, operationName);
  // A command of this service's own (sso login, glacier upload) comes before loading the service: it may never call it.
  const sub = opts.commands.find((c) => c.under === entry.cliName && c.name === operationName);
  if (sub) return runRecord(sub, env, args);
  // The service's header first (its waiters, its operations' names): an operation command reads only its
  // own part of the model.
  const header = await env.service([]);
  const subcommands = subcommandsOf(opts.commands, entry.cliName, header.bundle);
  const shared = subcommands.find((c) => c.name === operationName);
  if (shared) return runRecord(shared, env, args);
  if (operationName === 'help') {
    const docs = await host.models.docs?.(entry.name);
    const { bundle } = await env.service();
    const own = subcommands.map((c) => c.name);
    return { kind: 'help', text: (await import('./help.js')).serviceHelp(entry, bundle, own, docs) };
  }
  const opName = operationNameOf(header, operationName, subcommands);
  return { kind: 'operation', ctx, target: operationTarget(await env.service([opName]), opName, operationName), args };
}

/**
 * What follows a command's words, for the alias file's sections (alias.ts): the top level's commands, a
 * service's operations and subcommands, the subcommands of a command that has them (s3, configure,
 * wait), an operation's arguments. Commands of the registry take their own arguments, so no bags of
 * options are looked for among them.
 */
async function aliasLevel(
  lineage: readonly string[],
  host: Host,
  commands: readonly CommandRecord[],
): Promise<Level | undefined> {
  const index = await host.models.index();
  if (lineage.length === 0) return { kind: 'subcommand', names: [...topLevelNames(index, commands), 'help'] };
  const [name, sub, ...more] = lineage;
  const own = topLevelCommand(commands, name);
  if (own) return sub === undefined && own.subcommands ? { kind: 'subcommand', names: own.subcommands } : undefined;
  const entry = index.find((s) => s.cliName === name);
  if (!entry || more.length) return undefined;
  const bundle = await host.models.load(entry.name);
  const subcommands = subcommandsOf(commands, entry.cliName, bundle);
  const operations = operationCommands(entry.cliName, bundle);
  if (sub === undefined)
    return { kind: 'subcommand', names: [...operations.keys(), ...subcommands.map((c) => c.name)] };
  const record = subcommands.find((c) => c.name === sub);
  if (record) {
    const names = record.subcommands ?? record.modelSubcommands?.(bundle);
    return names ? { kind: 'subcommand', names } : undefined;
  }
  const opName = operations.get(sub) ?? hiddenCommand(entry.cliName, sub, bundle);
  if (!opName) return undefined;
  const { operationSpecs } = await import('./operation.js');
  return { kind: 'options', specs: operationSpecs(bundle, entry.cliName, sub, bundle.operations[opName]!) };
}

/** A command of the registry: its help page for a trailing `help`, else what it does. */
async function runRecord(record: CommandRecord, env: CommandEnv, args: readonly string[]): Promise<Resolved> {
  const module = await record.load();
  const page = await helpRequest(module, args);
  if (page) {
    // The CLI's authored examples (models/examples) for the command, as for an operation: `deploy push`
    // under its service, `s3 cp` under its own name.
    const key = record.under !== undefined ? record.name : args.length > 1 ? args[0] : undefined;
    const authored =
      key === undefined
        ? undefined
        : (await env.ctx.host.models.examples?.(record.under ?? record.name).catch(() => undefined))?.[key];
    return { kind: 'help', text: (await import('./help.js')).commandHelp(page, authored) };
  }
  return { kind: 'done', code: await module.run(env, args) };
}

/**
 * What the CLI gives a command: the profile, and clients made only when asked for (the engine loads here,
 * after the global options: `--version` and usage errors never pay for it). The profile's output defaults
 * apply once a client is made, as for any command that calls a service.
 */
function commandEnv(ctx: CliContext, entry?: ServiceIndexEntry, operationName?: string): CommandEnv {
  const { host, globals } = ctx;
  let profile: Promise<LoadedProfile> | undefined;
  const loaded = () => (profile ??= loadProfile(host, globals.profile));
  const client = async (envId = entry?.envId): Promise<Client> => {
    if (envId === undefined) throw new TypeError('a command of its own names the service it calls');
    const [{ createClient }, p] = await Promise.all([import('../core/client.js'), loaded()]);
    applyProfileDefaults(ctx, p);
    return createClient(host, clientConfig(ctx, p, envId));
  };
  let made: Promise<Client> | undefined;
  const service = async (operations?: readonly string[]): Promise<ServiceTarget> => {
    if (!entry) throw new UsageError('the following arguments are required: command');
    const c = await (made ??= client());
    const svc = await c.service(entry.name, operations);
    return { client: c, entry, service: entry.name, cliService: entry.cliName, bundle: svc.bundle };
  };
  return {
    ctx,
    entry,
    profile: loaded,
    client,
    service,
    sourceClient: (p, envId, region) => sourceClient(ctx, p, envId, region),
    async operation(args) {
      const { runOperation } = await import('./operation.js');
      const opName = operationNameOf(await service([]), operationName!, []);
      return runOperation(ctx, operationTarget(await service([opName]), opName, operationName!), args);
    },
  };
}

/** The modeled operation a command name stands for, or the CLI's invalid-choice error listing what there is. */
function operationNameOf(service: ServiceTarget, operationName: string, subcommands: readonly CommandRecord[]): string {
  const commands = operationCommands(service.entry.cliName, service.bundle);
  const opName = commands.get(operationName) ?? hiddenCommand(service.entry.cliName, operationName, service.bundle);
  if (opName) return opName;
  const names = [...commands.keys()];
  throw new UsageError(
    invalidChoice('operation', operationName, [
      ...names,
      ...subcommands.map((c) => c.name).filter((n) => !names.includes(n)),
    ]),
  );
}

/** A service with the operation `opName` read, as the command `cliOperation` runs it. */
function operationTarget(service: ServiceTarget, opName: string, cliOperation: string): OperationTarget {
  return { ...service, operation: service.bundle.operations[opName]!, cliOperation };
}

/**
 * What a command line would call, without calling it: the botocore service and operation names and
 * the parameters (for tests, and for tools that show a command's request before sending it).
 */
export async function parseCommandLine(
  argv: readonly string[],
  host: Host,
): Promise<{ service: string; operation: string; prepared: PreparedCommand }> {
  const resolved = await resolveCommand(argv, host, { commands: [] });
  if (resolved.kind !== 'operation') throw new UsageError('not an operation command');
  const { ctx, target, args } = resolved;
  const { prepareOperation } = await import('./operation.js');
  return {
    service: target.service,
    operation: target.operation.name,
    prepared: await prepareOperation(ctx, target, args),
  };
}
