/**
 * The isoaws shell without a terminal: what a line is, running a command line as `isoaws <line>` would
 * (same bytes on the host's stdout and stderr, same exit code), the session commands (`.profile`,
 * `.region`, `.output`, `.debug`), completion and `?` from the models, `$` (the last command's result)
 * and `aws` (the library's client on the session's profile and region, with the shell's kept
 * credentials). A front end supplies line editing and JavaScript: the Node REPL on node:repl
 * (repl/shell.ts), the playground in a page.
 */
import { IsoawsError } from '../core/errors.js';
import type { Host, Prompt } from '../core/host.js';
import { getOwn } from '../core/own.js';
import { VERSION } from '../core/version.js';
import { createCredentialCache, type Schedule } from '../core/credentials/kept.js';
import { loadAliases, withAliasNames } from '../cli/alias.js';
import { topLevelNames } from '../cli/command.js';
import type { CommandEvent } from '../cli/context.js';
import type { WireEvent } from '../core/client-config.js';
import { profileNames, regionNames, type Candidate } from '../cli/completer.js';
import { formatJson } from '../cli/output/json.js';
import { COMMANDS, completeCandidates, runCli } from '../cli-app.js';
import { describeCommand } from './describe.js';
import { createSessionClient, type SessionClient } from './js-client.js';
import { classifyLine, withoutProgram, type Line } from './line.js';
import { createS3PathLister, type S3PathOptions } from './s3-paths.js';
import { ACCOUNT } from '../sandbox/identity.js';
import { hostSandbox, sandboxStore, withSandbox } from '../sandbox/host.js';
import type { SandboxStore } from '../sandbox/store.js';
import {
  effective,
  parseSessionCommand,
  promptFor,
  SESSION_COMMANDS,
  settingsArgs,
  type SessionSettings,
} from './session.js';

export interface ShellOptions {
  /** Answers the questions commands ask (configure, an MFA code); the host's own prompt by default. */
  prompt?: Prompt;
  /** For `--version`, as the front end describes the runtime. */
  platform?: string;
  /** The running line's signal, which calls through `aws` take unless given one (Ctrl-C cancels them). */
  lineSignal?: () => AbortSignal | undefined;
  /** Timers of the background credential refresh (tests). */
  schedule?: Schedule;
  s3Paths?: S3PathOptions;
  /**
   * Start on the sandbox (`isoaws repl --sandbox`); `auto` when no credentials are configured (a fresh
   * machine's `npm start`), which the banner then says.
   */
  sandbox?: boolean | 'auto';
  /** Told of each request, signature and response of calls made through `aws` (the playground's inspector). */
  onWire?: (event: WireEvent) => void;
  /** Where `.sandbox on` keeps its state: ~/.isoaws/sandbox by default; a page's IndexedDB. */
  sandboxStore?: SandboxStore;
}

/** How a command line's output is shaped: the front end's terminal, if it has one. */
export interface RunOptions {
  signal?: AbortSignal;
  stdoutIsTty?: boolean;
  terminalWidth?: number;
  /** Told each step of the command: the playground's inspector. */
  observe?: (event: CommandEvent) => void;
}

/** What a session command did: its status, and the text to show (on stdout) or the error (on stderr, already written). */
export interface SessionOutcome {
  code: number;
  show?: string;
  changed: boolean;
}

export interface Shell {
  /** The profile, region, output and debug the session commands set. */
  readonly settings: Readonly<SessionSettings>;
  /** `aws` in JavaScript: remade when the profile or region changes. */
  readonly client: SessionClient;
  /** `$`: the last command's result as its JSON output printed it (made on first read). */
  lastResult(): unknown;
  /** `$ = value` from JavaScript. */
  setLastResult(value: unknown): void;
  /** What a line is: a command, a `?`, JavaScript, blank, or unfinished. */
  classify(line: string): Line;
  /** Runs the words of a command line as `isoaws <words>` would, with the session's settings; resolves to the exit code. */
  run(args: readonly string[], options?: RunOptions): Promise<number>;
  /** Runs `.name rest` (`.profile dev`); errors are written to stderr with the status the matching option would have. */
  session(name: string, rest: string): Promise<SessionOutcome>;
  /** The answer to `?` after the words of a command. */
  describe(args: readonly string[], width: number): Promise<string>;
  /**
   * Completion of a command line or of a session command's value (`.profile d`); undefined for a line
   * that is JavaScript's to complete. `describe` adds each option's first sentence.
   */
  complete(line: string, opts?: { describe?: boolean }): Promise<{ candidates: Candidate[]; word: string } | undefined>;
  /** The names a first word may start (commands), beside JavaScript's. */
  commandNames(): readonly string[];
  /** What the prompt shows: `isoaws default@us-east-1> `. */
  prompt(): Promise<string>;
  /** The greeting, and how to configure credentials and a region when none are. */
  banner(): Promise<string>;
  /** Forgets the kept credentials and stops their refresh. */
  close(): void;
}

export async function createShell(host: Host, opts: ShellOptions = {}): Promise<Shell> {
  const index = await host.models.index();
  // The aliases of ~/.aws/cli/alias start command lines too (a file that cannot be read is each command's to report).
  const aliases = await loadAliases(host).catch(() => undefined);
  const names = withAliasNames([...topLevelNames(index, COMMANDS), 'help'], aliases?.toplevel);
  const commands = new Set(names);
  const settings: SessionSettings = {
    debug: false,
    sandbox:
      opts.sandbox === 'auto'
        ? !(await credentialsConfigured(host, { debug: false, sandbox: false }))
        : Boolean(opts.sandbox),
  };
  const credentials = createCredentialCache(() => host.now(), opts.schedule);
  const shellHost: Host = {
    ...host,
    ...(opts.prompt ? { prompt: opts.prompt } : {}),
    get stdin() {
      return refusedStdin();
    },
  };
  let result: { value: unknown; plain?: { value: unknown } } | undefined;
  // One sandbox for the session, so `aws` and the command lines see the same state.
  let sandboxHost: Host | undefined;
  const sandboxed = () =>
    (sandboxHost ??= withSandbox(
      shellHost,
      hostSandbox(shellHost, opts.sandboxStore ?? sandboxStore(shellHost, 'files')),
    ));
  const clientHost = () => (settings.sandbox ? sandboxed() : shellHost);
  const makeClient = () =>
    createSessionClient(
      clientHost(),
      settingsArgs(settings),
      credentials,
      opts.lineSignal ?? (() => undefined),
      opts.onWire,
    );
  let client = makeClient();
  const listS3 = createS3PathLister(async (argv, listSignal) => {
    let value: unknown;
    const quiet = { write: () => {} };
    await runCli(
      [...settingsArgs({ ...settings, output: undefined, debug: false }), ...argv],
      { ...shellHost, stdout: quiet, stderr: quiet },
      {
        signal: listSignal,
        session: credentials,
        onResult: (v) => {
          value = v;
        },
      },
    );
    return value;
  }, opts.s3Paths);

  return {
    get settings() {
      return settings;
    },
    get client() {
      return client;
    },
    lastResult() {
      if (!result) return undefined;
      if (!result.plain) {
        let value: unknown;
        try {
          value = JSON.parse(formatJson(result.value));
        } catch {
          value = result.value;
        }
        result.plain = { value };
      }
      return result.plain.value;
    },
    setLastResult(value) {
      result = { value, plain: { value } };
    },
    classify: (line) => classifyLine(line, commands, host.homeDir),
    async run(args, options = {}) {
      let value: unknown;
      let reported = false;
      const code = await runCli([...settingsArgs(settings), ...args], clientHost(), {
        ...options,
        session: credentials,
        platform: opts.platform,
        onResult: (v) => {
          value = v;
          reported = true;
        },
      });
      if (reported) result = { value };
      return code;
    },
    async session(name, rest) {
      const parsed = await parseSessionCommand(host, settings, name, rest);
      if ('error' in parsed) {
        host.stderr.write(`\n${parsed.error}\n`);
        return { code: parsed.code, changed: false };
      }
      if ('show' in parsed) return { code: 0, show: parsed.show, changed: false };
      if ('reset' in parsed) return { code: await runCli(['sandbox', 'reset'], sandboxed()), changed: false };
      Object.assign(settings, parsed.change);
      // Another profile, or the sandbox's keys in place of the configured ones (or back): a new chain.
      if (parsed.change.profile !== undefined || parsed.change.sandbox !== undefined) credentials.clear();
      if (
        parsed.change.profile !== undefined ||
        parsed.change.region !== undefined ||
        parsed.change.sandbox !== undefined
      )
        client = makeClient();
      return { code: 0, changed: true };
    },
    describe: (args, width) => describeCommand(host, args, width),
    async complete(line, completeOpts = {}) {
      const dot = /^\s*\.(\w*)\s+(\S*)$/.exec(line);
      if (dot) {
        const choices =
          dot[1] === 'profile'
            ? await profileNames(host)
            : dot[1] === 'region'
              ? await regionNames(host)
              : (getOwn(SESSION_COMMANDS, dot[1]!)?.values ?? []);
        return {
          candidates: choices
            .filter((c) => c.startsWith(dot[2]!))
            .sort()
            .map((value) => ({ value })),
          word: dot[2]!,
        };
      }
      const word = line.slice(line.search(/\S*$/));
      // A first word alone could start a command or JavaScript: the command names are offered either way.
      const kind = /^\s*[a-z][a-z0-9-]*$/.test(line) ? 'cli' : classifyLine(line, commands).kind;
      if (kind === 'js') return undefined;
      if (kind === 'describe') return { candidates: [], word };
      const words = line.trimStart();
      const full = /^(aws|isoaws)\s/.test(words) ? words : `isoaws ${words}`;
      const lineGlobals = globalsOf(full);
      const candidates = await completeCandidates(full, full.length, shellHost, {
        describe: completeOpts.describe,
        s3Paths: (path) => listS3(path, lineGlobals),
      });
      return { candidates, word };
    },
    commandNames: () => names,
    prompt: () => promptFor(host, settings),
    banner: () => banner(host, settings),
    close: () => credentials.clear(),
  };
}

/** Whether a command line is `configure …`, which may change what the prompt shows. */
export function changesProfile(args: readonly string[]): boolean {
  return withoutProgram([...args])[0] === 'configure';
}

/** The greeting; on the sandbox, that it is; otherwise, when nothing is configured, how to configure it. */
async function banner(host: Host, settings: SessionSettings): Promise<string> {
  const lines = [
    `isoaws ${VERSION}: AWS CLI commands and JavaScript in one shell. .help explains, Tab completes, Ctrl-D leaves.`,
  ];
  if (settings.sandbox) {
    lines.push(
      `On the sandbox: an offline AWS inside isoaws (account ${ACCOUNT}); nothing here reaches AWS. ".sandbox off" leaves it.`,
    );
    return `${lines.join('\n')}\n`;
  }
  const { name, region } = await effective(host, settings);
  if (!(await credentialsConfigured(host, settings))) {
    lines.push(
      `No credentials are configured for profile "${name}". To set them: type "configure" here (it asks for an access key,`,
      'secret key, region and output format), or ".profile NAME" for another profile, or start isoaws with AWS_ACCESS_KEY_ID',
      "and AWS_SECRET_ACCESS_KEY set. On EC2 or in a container, the machine's role is used without any of this.",
      'Or type ".sandbox on" to try everything on an offline AWS inside isoaws.',
    );
  }
  if (!region) lines.push('No region is configured: type ".region us-east-1" (or "configure set region us-east-1").');
  return `${lines.join('\n')}\n`;
}

/** Whether the environment or the profile names a source of credentials. */
async function credentialsConfigured(host: Host, settings: SessionSettings): Promise<boolean> {
  const { config } = await effective(host, settings);
  const env = host.env;
  const credentialKeys = [
    'aws_access_key_id',
    'role_arn',
    'credential_source',
    'sso_session',
    'sso_start_url',
    'credential_process',
    'web_identity_token_file',
  ];
  return Boolean(
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    credentialKeys.some((k) => config[k] !== undefined),
  );
}

/** The global options typed on a line (--endpoint-url, --profile, --region, …), for the listings completion makes. */
function globalsOf(line: string): string[] {
  const words = line.split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (['--endpoint-url', '--profile', '--region', '--ca-bundle'].includes(word) && words[i + 1])
      out.push(word, words[++i]!);
    else if (word === '--no-sign-request' || word === '--no-verify-ssl') out.push(word);
  }
  return out;
}

/** A command reading standard input (`s3 cp - s3://…`) would take the shell's own input. */
async function* refusedStdin(): AsyncGenerator<Uint8Array> {
  throw new IsoawsError(
    'Standard input is the shell\'s own input; in the shell, give the command a file instead of "-"',
  );
}
