/**
 * `codeartifact login` (the AWS CLI's codeartifact/login.py): asks CodeArtifact for an authorization
 * token (GetAuthorizationToken) and the repository's URL for the tool's package format
 * (GetRepositoryEndpoint), then points the tool at the repository with the token: `npm config set`,
 * `pip config set`, `~/.pypirc` for twine, `nuget sources` / `dotnet nuget` for NuGet, and
 * `swift package-registry` with a `~/.netrc` entry for Swift. `--dry-run` prints what would be run or
 * written instead. The v2 branch is followed where AWS CLI 2.9.19 is older (swift and --endpoint-type
 * are new; a failed command's message hides the token and carries its stderr; ~/.pypirc is private).
 */
import type { Client } from '../core/client.js';
import { IsoawsError } from '../core/errors.js';
import type { Host, ProcessResult } from '../core/host.js';
import { pyRepr } from '../core/query/python-text.js';
import { parseKnownArgs } from '../cli/argparse.js';
import {
  flagOption,
  pageOptions,
  synopsisEntry,
  valueOption,
  type CommandModule,
  type CommandOption,
} from '../cli/command.js';
import type { CommandPage } from '../cli/help.js';
import { isoTimestamp } from '../cli/output/py-values.js';
import { readParamFile } from '../cli/param-values.js';
import { pyInt } from '../cli/shorthand.js';
import { ParamError, unknownOptions } from '../cli/usage.js';

/** Each tool, in the order the CLI lists them: the package format it asks the endpoint for, and whether it takes --namespace. */
const TOOLS = {
  swift: { format: 'swift', namespaces: true, login: swiftLogin },
  nuget: { format: 'nuget', namespaces: false, login: nugetLogin },
  dotnet: { format: 'nuget', namespaces: false, login: nugetLogin },
  npm: { format: 'npm', namespaces: true, login: npmLogin },
  pip: { format: 'pypi', namespaces: false, login: pipLogin },
  twine: { format: 'pypi', namespaces: false, login: twineLogin },
} as const;

type Tool = keyof typeof TOOLS;

// In the CLI's order, which is also the order of "the following arguments are required: …".
const OPTIONS: CommandOption[] = [
  valueOption('tool', 'string', 'The tool to set up for the repository.', {
    required: true,
    choices: Object.keys(TOOLS),
  }),
  valueOption('domain', 'string', 'The CodeArtifact domain the repository is in.', { required: true }),
  valueOption('domain-owner', 'string', 'The AWS account ID that owns the domain, when it is not yours.'),
  valueOption('namespace', 'string', 'The npm scope or Swift scope to use the repository for (npm and swift only).'),
  valueOption('duration-seconds', 'integer', 'How many seconds the login stays valid (at most 12 hours).'),
  valueOption('repository', 'string', 'The CodeArtifact repository to use.', { required: true }),
  valueOption('endpoint-type', 'string', 'The kind of endpoint the tool is to use: ipv4 or dualstack.'),
  flagOption(
    'dry-run',
    'Prints the commands that would be run, or the file contents that would be written, and changes nothing. The output shows the token itself.',
  ),
];

const PAGE: CommandPage = {
  name: 'login',
  description:
    "Sets up npm, pip, twine, NuGet (nuget or dotnet) or Swift to use a CodeArtifact repository: it gets an authorization token and the repository's endpoint, then configures the tool with them. The login lasts up to 12 hours; log in again after it expires.",
  synopsis: ['login', ...OPTIONS.map(synopsisEntry)],
  options: pageOptions(OPTIONS),
  examples: [
    'isoaws codeartifact login --tool npm --domain my-domain --repository my-repo',
    'isoaws codeartifact login --tool pip --domain my-domain --domain-owner 111122223333 --repository my-repo --dry-run',
  ],
};

/** What a tool's login works with, once CodeArtifact has answered. */
interface Login {
  host: Host;
  tool: Tool;
  token: string;
  expiration: Date;
  endpoint: string;
  domain: string;
  repository: string;
  namespace?: string;
  dryRun: boolean;
}

/** The options as given, `file://` values read and --duration-seconds a number. */
interface Given {
  tool: Tool;
  domain: string;
  domainOwner?: string;
  namespace?: string;
  duration?: number;
  repository: string;
  endpointType?: string;
  dryRun: boolean;
}

export const loginCommand: CommandModule = {
  async run(env, args) {
    const { host } = env.ctx;
    const given = await readOptions(host, args);
    const client = await env.client();
    const service = env.entry!.name;
    const auth = await authorizationToken(client, service, given);
    const endpoint = await repositoryEndpoint(client, service, given);
    const { tool, domain, repository, namespace, dryRun } = given;
    // The CLI checks --namespace only now, after both calls.
    if (namespace && !TOOLS[tool].namespaces)
      throw new IsoawsError(`Argument --namespace is not supported for ${tool}`);
    await TOOLS[tool].login({ host, tool, ...auth, endpoint, domain, repository, namespace, dryRun });
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** Reads the options in the CLI's order: a file that cannot be read fails before a duration that is no integer. */
async function readOptions(host: Host, args: readonly string[]): Promise<Given> {
  const { values, extras } = parseKnownArgs(
    OPTIONS.flatMap((o) => o.specs),
    args,
  );
  if (extras.length) throw unknownOptions(extras);
  const text = (name: string) => optionText(host, name, values.get(name) as string | undefined);
  const domain = (await text('domain'))!;
  const domainOwner = await text('domain-owner');
  const namespace = await text('namespace');
  const duration = await text('duration-seconds');
  return {
    tool: values.get('tool') as Tool,
    domain,
    domainOwner,
    namespace,
    duration: duration === undefined ? undefined : pyInt(duration),
    repository: (await text('repository'))!,
    endpointType: await text('endpoint-type'),
    dryRun: values.has('dry-run'),
  };
}

/** An option's text, a `file://` or `fileb://` reference read as the CLI reads every option of its own commands. */
async function optionText(host: Host, name: string, given: string | undefined): Promise<string | undefined> {
  if (given === undefined) return undefined;
  const loaded = await readParamFile(host, given).catch((err: Error) => {
    throw new ParamError(`--${name}`, err.message);
  });
  if (loaded === undefined) return given;
  return typeof loaded === 'string' ? loaded : new TextDecoder().decode(loaded);
}

async function authorizationToken(
  client: Client,
  service: string,
  given: Given,
): Promise<{ token: string; expiration: Date }> {
  // A duration of 0 is left out, as the CLI leaves out every falsy value.
  const out = await client.send(service, 'GetAuthorizationToken', {
    domain: given.domain,
    ...(given.domainOwner ? { domainOwner: given.domainOwner } : {}),
    ...(given.duration ? { durationSeconds: given.duration } : {}),
  });
  if (typeof out.authorizationToken !== 'string' || !(out.expiration instanceof Date))
    throw new IsoawsError('codeartifact GetAuthorizationToken gave no authorizationToken and expiration');
  return { token: out.authorizationToken, expiration: out.expiration };
}

async function repositoryEndpoint(client: Client, service: string, given: Given): Promise<string> {
  // The CLI's order of parameters, which is the order of the query string it sends.
  const out = await client.send(service, 'GetRepositoryEndpoint', {
    domain: given.domain,
    repository: given.repository,
    format: TOOLS[given.tool].format,
    ...(given.endpointType ? { endpointType: given.endpointType } : {}),
    ...(given.domainOwner ? { domainOwner: given.domainOwner } : {}),
  });
  if (typeof out.repositoryEndpoint !== 'string')
    throw new IsoawsError('codeartifact GetRepositoryEndpoint gave no repositoryEndpoint');
  return out.repositoryEndpoint;
}

// ---------------------------------------------------------------------------------------------------
// What every tool shares: running its commands, the success message, the platform.

/**
 * The operating system, as Node names it: npm is `npm.cmd` on Windows, dotnet cannot encrypt a password
 * elsewhere, and Swift keeps its token in the macOS keychain instead of ~/.netrc. Where there is no
 * process (a browser, which cannot run the tools anyway), Linux's behaviour.
 */
function platform(): string {
  return (globalThis as { process?: { platform?: string } }).process?.platform ?? 'linux';
}

/** Prints each command as the CLI's dry run does, each followed by a blank line. */
function printCommands(login: Login, commands: readonly string[][]): void {
  for (const argv of commands) login.host.stdout.write(`${argv.join(' ')}\n\n`);
}

/** Runs the tool's commands one after another (or prints them for --dry-run), then says it worked. */
async function runCommands(
  login: Login,
  commands: readonly string[][],
  ignoreFailure: (argv: readonly string[]) => boolean = () => false,
): Promise<void> {
  if (login.dryRun) return printCommands(login, commands);
  for (const argv of commands) {
    const result = await start(login, argv);
    if (result.status !== 0 && !ignoreFailure(argv)) throw commandFailed(argv, result, login.token);
  }
  writeSuccess(login, login.tool);
}

/** Starts a program; one that is not installed is the CLI's "was not found", any other failure to start its OSError. */
async function start(login: Login, argv: readonly string[]): Promise<ProcessResult> {
  if (!login.host.run)
    throw new IsoawsError(
      `codeartifact login cannot run ${argv[0]} here: this runtime cannot start programs (a browser).`,
    );
  const result = await login.host.run(argv);
  if (result.error === undefined) return result;
  if (result.error.startsWith('[Errno 2] '))
    throw new IsoawsError(`${login.tool} was not found. Please verify installation.`);
  throw new IsoawsError(result.error);
}

/**
 * Python's CalledProcessError text for a command that failed. The v2 CLI hides the token in it and adds
 * the command's stderr (2.9.19 showed the token and no stderr). Node does not say which signal ended a
 * program, so a killed one is described without its name.
 */
function commandFailed(argv: readonly string[], result: ProcessResult, token?: string): IsoawsError {
  const how = result.status === null ? 'died with a signal.' : `returned non-zero exit status ${result.status}.`;
  let message = `Command '${pyRepr([...argv])}' ${how}`;
  if (token === undefined) return new IsoawsError(message);
  message = message.replaceAll(token, '******');
  return new IsoawsError(`${message} Stderr from command:\n${result.stderr}`);
}

function writeSuccess(login: Login, toolName: string): void {
  login.host.stdout.write(
    `Successfully configured ${toolName} to use AWS CodeArtifact repository ${login.endpoint} \n` +
      `Login expires in ${expiresIn(login.expiration, login.host.now())} at ${pythonDatetime(login.expiration)}\n`,
  );
}

/** Python's `str()` of a UTC datetime: `2024-01-02 15:04:05+00:00`, microseconds only when there are some. */
function pythonDatetime(date: Date): string {
  return isoTimestamp(date).replace('T', ' ');
}

// ---------------------------------------------------------------------------------------------------
// How long until the login expires, in the CLI's words: "12 hours", "1 day and 1 hour".

interface Delta {
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  microseconds: number;
}

/**
 * The time left, 30 seconds added so that 11 hours 59 minutes 31 seconds reads as 12 hours: the first
 * of years, months, days, hours and minutes that is above zero, and the next one with "and" when it is
 * too. Nothing at all once the login has expired.
 */
function expiresIn(expiration: Date, now: Date): string {
  const left = addSeconds(calendarDifference(expiration, now), 30);
  const units = ['years', 'months', 'days', 'hours', 'minutes'] as const;
  const words: string[] = [];
  let previousShown = false;
  for (const unit of units) {
    const value = left[unit];
    if (value > 0) {
      if (previousShown) words.push('and');
      words.push(String(value), value === 1 ? unit.slice(0, -1) : unit);
    }
    if (previousShown) break;
    previousShown = value > 0;
  }
  return words.join(' ');
}

/**
 * dateutil's `relativedelta(later, earlier)`: whole calendar months first (a month from Jan 31 is Feb
 * 28), then the rest as days, hours, minutes and seconds; days never carry into months.
 */
function calendarDifference(later: Date, earlier: Date): Delta {
  let months = (later.getUTCFullYear() - earlier.getUTCFullYear()) * 12 + (later.getUTCMonth() - earlier.getUTCMonth());
  const backwards = later.getTime() < earlier.getTime();
  const overshoots = (m: number) =>
    backwards ? later.getTime() > addMonths(earlier, m) : later.getTime() < addMonths(earlier, m);
  while (overshoots(months)) months += backwards ? 1 : -1;
  const restMs = later.getTime() - addMonths(earlier, months);
  const seconds = Math.floor(restMs / 1000);
  const sign = Math.sign(months);
  return normalize({
    years: sign * Math.floor(Math.abs(months) / 12),
    months: sign * (Math.abs(months) % 12),
    days: 0,
    hours: 0,
    minutes: 0,
    seconds,
    microseconds: (restMs - seconds * 1000) * 1000,
  });
}

/** The time `months` calendar months after `date`, the day kept or cut to the month's last. */
function addMonths(date: Date, months: number): number {
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = new Date(date.getTime());
  shifted.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return shifted.getTime();
}

function addSeconds(delta: Delta, seconds: number): Delta {
  return normalize({ ...delta, seconds: delta.seconds + seconds });
}

/** relativedelta's carrying: each unit past its range (keeping its sign) into the next larger one, days excepted. */
function normalize(delta: Delta): Delta {
  const d = { ...delta };
  const carry = (small: keyof Delta, large: keyof Delta, size: number, limit: number) => {
    if (Math.abs(d[small]) <= limit) return;
    const sign = Math.sign(d[small]);
    const whole = Math.floor((d[small] * sign) / size);
    d[small] = (d[small] * sign - whole * size) * sign;
    d[large] += whole * sign;
  };
  carry('microseconds', 'seconds', 1_000_000, 999_999);
  carry('seconds', 'minutes', 60, 59);
  carry('minutes', 'hours', 60, 59);
  carry('hours', 'days', 24, 23);
  carry('months', 'years', 12, 11);
  return d;
}

// ---------------------------------------------------------------------------------------------------
// URLs, as Python's urlsplit reads them (no normalising: npm's keys use the host and path as given).

interface UrlParts {
  scheme: string;
  netloc: string;
  path: string;
}

function urlSplit(url: string): UrlParts {
  const colon = url.indexOf(':');
  const hasScheme = colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(url.slice(0, colon));
  const scheme = hasScheme ? url.slice(0, colon).toLowerCase() : '';
  let rest = hasScheme ? url.slice(colon + 1) : url;
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end === -1 ? '' : rest.slice(end + 2);
  }
  const pathEnd = rest.search(/[?#]/);
  return { scheme, netloc, path: pathEnd === -1 ? rest : rest.slice(0, pathEnd) };
}

/** urlsplit's `hostname`: no user or port, no IPv6 brackets, lower case. */
function urlHostname(url: string): string {
  const hostinfo = urlSplit(url).netloc.split('@').at(-1)!;
  const host = hostinfo.startsWith('[') ? hostinfo.slice(1).split(']')[0]! : hostinfo.split(':')[0]!;
  return host.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// npm and pip: `npm config set` and `pip config set`.

async function npmLogin(login: Login): Promise<void> {
  const scope = npmScope(login.namespace);
  const npm = platform() === 'win32' ? 'npm.cmd' : 'npm';
  const { netloc, path } = urlSplit(login.endpoint);
  const commands = [
    [npm, 'config', 'set', scope ? `${scope}:registry` : 'registry', login.endpoint],
    [npm, 'config', 'set', `//${netloc}${path}:always-auth`, 'true'],
    [npm, 'config', 'set', `//${netloc}${path}:_authToken`, login.token],
  ];
  // npm 7 and later no longer know always-auth and may refuse it; that must not fail the login.
  await runCommands(login, commands, (argv) => argv.some((arg) => arg.includes('always-auth')));
}

/** The npm scope for --namespace: `@` put in front when missing; the CLI checks only how the scope starts. */
function npmScope(namespace: string | undefined): string | undefined {
  if (namespace === undefined) return undefined;
  const scope = namespace.startsWith('@') ? namespace : `@${namespace}`;
  if (!/^@[a-z0-9~-][a-z0-9._~-]*/.test(scope))
    throw new IsoawsError('Invalid scope name, scope must contain URL-safe characters, no leading dots or underscores');
  return scope;
}

async function pipLogin(login: Login): Promise<void> {
  const { scheme, netloc, path } = urlSplit(login.endpoint);
  const indexUrl = `${scheme}://aws:${login.token}@${netloc}${path}simple/`;
  await runCommands(login, [['pip', 'config', 'set', 'global.index-url', indexUrl]]);
}

// ---------------------------------------------------------------------------------------------------
// Files in the home directory: ~/.pypirc (twine) and ~/.netrc (swift).

function homePath(host: Host, name: string): string {
  return `${host.homeDir.replace(/\/+$/, '')}/${name}`;
}

/** A text file's contents with Python's universal newlines, or undefined when there is no file. */
async function readText(host: Host, path: string): Promise<string | undefined> {
  const stat = await host.fs.stat(path);
  if (!stat?.isFile) return undefined;
  return new TextDecoder().decode(await host.fs.readFile(path)).replace(/\r\n?/g, '\n');
}

/**
 * Rewrites a file that holds the token from what it holds now, under its lock (`<file>.lock`) so two
 * logins at once do not lose each other's change, where a link to it leads. The file is always made
 * private (0600), as the CLI does even to a file that was not (so core/config's editConfigFile, which
 * keeps a file's mode, is not used).
 */
async function rewritePrivate(host: Host, path: string, edit: (text: string | undefined) => string): Promise<void> {
  const real = await realTarget(host, path);
  const dir = real.slice(0, real.lastIndexOf('/')) || '/';
  if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir, { mode: 0o700 });
  const release = await host.fs.lock(`${real}.lock`);
  if (!release) throw new IsoawsError(`Could not change ${path}: ${real}.lock has been held for 10 seconds.`);
  try {
    await host.fs.writeFile(real, edit(await readText(host, real)), { mode: 0o600 });
  } finally {
    await release();
  }
}

async function realTarget(host: Host, path: string): Promise<string> {
  if (!host.fs.realPath) return path;
  try {
    return await host.fs.realPath(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return path;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// twine: a `codeartifact` index server in ~/.pypirc, the rest of the file kept.

async function twineLogin(login: Login): Promise<void> {
  const { host } = login;
  const path = homePath(host, '.pypirc');
  if (login.dryRun) {
    const text = pypirc(login, path, await readText(host, path), (await host.fs.stat(path)) !== undefined);
    host.stdout.write(
      `Dryrun mode is enabled, not writing to pypirc.\n${path} would have been set to the following:\n\n${text}\n`,
    );
    return;
  }
  const exists = (await host.fs.stat(path)) !== undefined;
  await rewritePrivate(host, path, (current) => pypirc(login, path, current, exists || current !== undefined));
  writeSuccess(login, 'twine');
}

/**
 * The new ~/.pypirc: the CLI's default one when there is none; otherwise the file read as Python's
 * RawConfigParser reads it, `codeartifact` added to `[distutils] index-servers` and its own section set.
 * A path that exists but cannot be read (a directory) reads as empty, as RawConfigParser skips it.
 */
function pypirc(login: Login, path: string, current: string | undefined, exists: boolean): string {
  const defaults = `[distutils]\nindex-servers=\n    pypi\n    codeartifact\n\n[codeartifact]\nrepository: ${login.endpoint}\nusername: aws\npassword: ${login.token}`;
  if (!exists) return writeIni(parseIni(defaults, '<string>'));
  try {
    const ini = parseIni(current ?? '', path);
    const servers = iniGet(ini, 'distutils', 'index-servers')
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (!servers.includes('codeartifact'))
      iniSection(ini, 'distutils').set('index-servers', `\n${[...servers, 'codeartifact'].join('\n')}`);
    if (!ini.sections.has('codeartifact')) ini.sections.set('codeartifact', new Map());
    const own = iniSection(ini, 'codeartifact');
    own.set('repository', login.endpoint);
    own.set('username', 'aws');
    own.set('password', login.token);
    return writeIni(ini);
  } catch (err) {
    login.host.stdout.write(`${path} is in an invalid state.\n`);
    throw err;
  }
}

interface Ini {
  defaults: Map<string, string>;
  sections: Map<string, Map<string, string>>;
}

/**
 * Python 3's RawConfigParser (strict, `=` or `:`, whole-line `#` and `;` comments, option names lower
 * cased, a value continued on more-indented lines and across blank ones), with its errors' wording.
 */
function parseIni(text: string, source: string): Ini {
  const ini: Ini = { defaults: new Map(), sections: new Map() };
  const raw = new Map<Map<string, string>, Map<string, string[]>>();
  const reader: LineReader = { ini, source, indent: 0, seen: new Set(), errors: [], raw };
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  lines.forEach((line, i) => readIniLine(reader, line, i + 1));
  for (const [target, values] of raw) for (const [name, parts] of values) target.set(name, parts.join('\n').trimEnd());
  if (reader.errors.length)
    throw new IsoawsError(`Source contains parsing errors: ${pyRepr(source)}${reader.errors.join('')}`);
  return ini;
}

/** Where RawConfigParser's reading is, line by line. */
interface LineReader {
  ini: Ini;
  source: string;
  indent: number;
  seen: Set<string>;
  errors: string[];
  raw: Map<Map<string, string>, Map<string, string[]>>;
  section?: Map<string, string[]>;
  sectionName?: string;
  option?: string;
}

function readIniLine(r: LineReader, line: string, lineno: number): void {
  const isComment = /^\s*[#;]/.test(line);
  const value = isComment ? '' : line.trim();
  if (!value) {
    // A blank line inside a value is kept as an empty line of it; a comment is not.
    if (!isComment && r.section && r.option) r.section.get(r.option)!.push('');
    return;
  }
  const indent = line.search(/\S/);
  if (r.section && r.option && indent > r.indent) {
    r.section.get(r.option)!.push(value);
    return;
  }
  r.indent = indent;
  const header = /^\[(.+)\]/s.exec(value);
  if (header) return startIniSection(r, header[1]!, lineno);
  if (!r.section)
    throw new IsoawsError(
      `File contains no section headers.\nfile: ${pyRepr(r.source)}, line: ${lineno}\n${pyRepr(line)}`,
    );
  const option = /^(.*?)\s*([=:])\s*(.*)$/s.exec(value);
  if (!option) {
    r.errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pyRepr(line)}`);
    return;
  }
  if (!option[1]) r.errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pyRepr(line)}`);
  const name = option[1]!.trimEnd().toLowerCase();
  const key = `${r.sectionName}\u0000${name}`;
  if (r.seen.has(key))
    throw new IsoawsError(
      `While reading from ${pyRepr(r.source)} [line ${String(lineno).padStart(2)}]: option ${pyRepr(name)} in section ${pyRepr(r.sectionName)} already exists`,
    );
  r.seen.add(key);
  r.option = name;
  r.section.set(name, [option[3]!.trim()]);
}

function startIniSection(r: LineReader, name: string, lineno: number): void {
  r.option = undefined;
  r.sectionName = name;
  if (name === 'DEFAULT') {
    r.section = rawValues(r, r.ini.defaults);
    return;
  }
  if (r.ini.sections.has(name))
    throw new IsoawsError(
      `While reading from ${pyRepr(r.source)} [line ${String(lineno).padStart(2)}]: section ${pyRepr(name)} already exists`,
    );
  const section = new Map<string, string>();
  r.ini.sections.set(name, section);
  r.section = rawValues(r, section);
}

/** The lines of each value of a section as read so far, joined into its values once the file is read. */
function rawValues(r: LineReader, section: Map<string, string>): Map<string, string[]> {
  let values = r.raw.get(section);
  if (!values) r.raw.set(section, (values = new Map()));
  return values;
}

function iniSection(ini: Ini, name: string): Map<string, string> {
  const section = ini.sections.get(name);
  if (!section) throw new IsoawsError(`No section: ${pyRepr(name)}`);
  return section;
}

/** RawConfigParser's `get`: the section's value, else the DEFAULT section's. */
function iniGet(ini: Ini, section: string, option: string): string {
  const value = iniSection(ini, section).get(option) ?? ini.defaults.get(option);
  if (value === undefined) throw new IsoawsError(`No option ${pyRepr(option)} in section: ${pyRepr(section)}`);
  return value;
}

/** RawConfigParser's `write`: `key = value`, continuation lines indented by a tab, a blank line after each section. */
function writeIni(ini: Ini): string {
  const section = (name: string, values: Map<string, string>) =>
    `[${name}]\n${[...values].map(([k, v]) => `${k} = ${v.replaceAll('\n', '\n\t')}\n`).join('')}\n`;
  const defaults = ini.defaults.size ? section('DEFAULT', ini.defaults) : '';
  return defaults + [...ini.sections].map(([name, values]) => section(name, values)).join('');
}

// ---------------------------------------------------------------------------------------------------
// NuGet: `nuget sources` or `dotnet nuget`, adding the repository as a source or updating it.

async function nugetLogin(login: Login): Promise<void> {
  const { host } = login;
  const sources = await listSources(login);
  const indexUrl = `${login.endpoint}v3/index.json`;
  const { name, exists } = sourceName(login, indexUrl, sources);
  const command = configureSource(login, exists ? 'update' : 'add', indexUrl, name);
  if (login.dryRun) {
    host.stdout.write(`${command.join(' ')}\n`);
    return;
  }
  const result = await startConfigure(login, command);
  if (result.status !== 0) {
    host.stdout.write('Failed to update the NuGet.Config\n');
    throw commandFailed(command, result, login.token);
  }
  // An update may have changed any level's NuGet.Config, an addition only the user's.
  host.stdout.write(
    exists ? `Updated source ${name} in the NuGet.Config\n` : `Added source ${name} to the user level NuGet.Config\n`,
  );
  // The CLI names nuget here for dotnet too.
  writeSuccess(login, 'nuget');
}

/** The configure command: an OSError in starting it is the CLI's raw OSError, not "was not found" (listing found the tool). */
async function startConfigure(login: Login, command: readonly string[]): Promise<ProcessResult> {
  const result = await login.host.run!(command);
  if (result.error !== undefined) throw new IsoawsError(result.error);
  return result;
}

/**
 * The sources every NuGet.Config level has, name to URL, from the listing's `1.  name [Enabled]` lines
 * and the URL on the line after each. A failed listing is the CLI's CalledProcessError, token-free.
 * It is run even for --dry-run, which needs it to tell add from update.
 */
async function listSources(login: Login): Promise<Map<string, string>> {
  const argv =
    login.tool === 'nuget'
      ? ['nuget', 'sources', 'list', '-format', 'detailed']
      : ['dotnet', 'nuget', 'list', 'source', '--format', 'detailed'];
  const result = await start(login, argv);
  if (result.status !== 0) throw commandFailed(argv, result);
  // Every line break Python's splitlines() knows, the file and group separators among them.
  // eslint-disable-next-line no-control-regex
  const lines = result.stdout.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter((l) => l.trim() !== '');
  const sources = new Map<string, string>();
  lines.forEach((line, i) => {
    const match = /^\p{Nd}+\.\s(.+)\s\[.*\]/u.exec(line.trim());
    if (!match) return;
    // A name on the last line has no URL after it: Python's IndexError, as the CLI fails.
    if (i + 1 >= lines.length) throw new IsoawsError('list index out of range');
    sources.set(match[1]!.trim(), lines[i + 1]!.trim());
  });
  return sources;
}

/** The source to configure: the one already at the repository's URL, else `<domain>/<repository>` (existing or new). */
function sourceName(login: Login, indexUrl: string, sources: Map<string, string>): { name: string; exists: boolean } {
  for (const [name, url] of sources) if (url === indexUrl) return { name, exists: true };
  const name = `${login.domain}/${login.repository}`;
  return { name, exists: sources.has(name) };
}

function configureSource(login: Login, operation: 'add' | 'update', indexUrl: string, name: string): string[] {
  if (login.tool === 'nuget')
    return [
      'nuget',
      'sources',
      operation,
      '-name',
      name,
      '-source',
      indexUrl,
      '-username',
      'aws',
      '-password',
      login.token,
    ];
  const target = operation === 'add' ? [indexUrl, '--name', name] : [name, '--source', indexUrl];
  return [
    'dotnet',
    'nuget',
    operation,
    'source',
    ...target,
    '--username',
    'aws',
    '--password',
    login.token,
    // dotnet can encrypt the password only on Windows.
    ...(platform() === 'win32' ? [] : ['--store-password-in-clear-text']),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Swift: `swift package-registry set` and `login`; outside macOS the token goes into ~/.netrc.

async function swiftLogin(login: Login): Promise<void> {
  const scope = swiftScope(login.namespace);
  const macos = platform() === 'darwin';
  const commands = [
    ['swift', 'package-registry', 'set', login.endpoint, ...(scope === undefined ? [] : ['--scope', scope])],
    ['swift', 'package-registry', 'login', `${login.endpoint}login`, ...(macos ? ['--token', login.token] : [])],
  ];
  if (!macos) await netrcEntry(login);
  await runCommands(login, commands);
}

function swiftScope(namespace: string | undefined): string | undefined {
  if (namespace === undefined) return undefined;
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){0,38}$/.test(namespace))
    throw new IsoawsError(
      'Invalid scope name, scope must contain URL-safe characters, no leading dots or underscores and no more than 39 characters',
    );
  return namespace;
}

/** The repository's `machine … password <token>` line in ~/.netrc: printed for --dry-run, else written. */
async function netrcEntry(login: Login): Promise<void> {
  const { host } = login;
  const path = homePath(host, '.netrc');
  const hostname = urlHostname(login.endpoint);
  const entry = `machine ${hostname} login token password ${login.token}`;
  if (login.dryRun) {
    host.stdout.write(
      `Dryrun mode is enabled, not writing to netrc.\nThe following line would have been written to ${path}:\n\n${entry}\n\nAnd would have run the following commands:\n\n`,
    );
    return;
  }
  await rewritePrivate(host, path, (current) =>
    current === undefined ? `${entry}\n` : withNetrcEntry(current, hostname, entry, login.token),
  );
}

/**
 * Every entry for the host gets the new token; when that changes nothing (no entry, or the same token
 * already), the new line is appended, as the CLI does.
 */
function withNetrcEntry(text: string, hostname: string, entry: string, token: string): string {
  const escaped = hostname.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const pattern = new RegExp(`(\\bmachine\\s+${escaped}\\s+login\\s+\\S+\\s+password\\s+)(\\S+)`, 'g');
  const replaced = text.replace(pattern, (_, start: string) => `${start}${token}`);
  if (replaced !== text) return replaced;
  return `${text}${text.endsWith('\n') ? '' : '\n'}${entry}\n`;
}
