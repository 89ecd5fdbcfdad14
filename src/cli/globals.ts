/**
 * The global options (the AWS CLI's cli.json), parsed from anywhere on the command line as its main
 * parser does; what is left is the command, the operation and its arguments, in order.
 */
import { parseKnownArgs, type OptionSpec } from './argparse.js';
import { ArgumentError } from './usage.js';

export type OutputFormat = 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream' | 'off';

export interface GlobalArgs {
  debug: boolean;
  endpointUrl?: string;
  verifySsl: boolean;
  paginate: boolean;
  output?: OutputFormat;
  query?: string;
  profile?: string;
  region?: string;
  version: boolean;
  color: 'on' | 'off' | 'auto';
  sign: boolean;
  caBundle?: string;
  readTimeout?: number;
  connectTimeout?: number;
  binaryFormat?: 'base64' | 'raw-in-base64-out';
  pager: boolean;
  /** `--sandbox`: the embedded AWS answers instead of the network (the entries swap the host; see cli-app.ts). */
  sandbox: boolean;
  command?: string;
  /** Everything after the command that the global options did not take. */
  rest: string[];
}

const OUTPUTS: readonly OutputFormat[] = ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'];

export const GLOBAL_SPECS: readonly OptionSpec[] = [
  { flag: '--debug', dest: 'debug', nargs: 'flag' },
  { flag: '--endpoint-url', dest: 'endpointUrl', nargs: 'one' },
  { flag: '--no-verify-ssl', dest: 'verifySsl', nargs: 'flag', constValue: false },
  { flag: '--no-paginate', dest: 'paginate', nargs: 'flag', constValue: false },
  { flag: '--output', dest: 'output', nargs: 'one', choices: OUTPUTS },
  { flag: '--query', dest: 'query', nargs: 'one' },
  { flag: '--profile', dest: 'profile', nargs: 'one' },
  { flag: '--region', dest: 'region', nargs: 'one' },
  { flag: '--version', dest: 'version', nargs: 'flag' },
  { flag: '--color', dest: 'color', nargs: 'one', choices: ['on', 'off', 'auto'] },
  { flag: '--no-sign-request', dest: 'sign', nargs: 'flag', constValue: false },
  { flag: '--ca-bundle', dest: 'caBundle', nargs: 'one' },
  { flag: '--cli-read-timeout', dest: 'readTimeout', nargs: 'one', parseType: 'int' },
  { flag: '--cli-connect-timeout', dest: 'connectTimeout', nargs: 'one', parseType: 'int' },
  { flag: '--cli-binary-format', dest: 'binaryFormat', nargs: 'one', choices: ['base64', 'raw-in-base64-out'] },
  { flag: '--no-cli-pager', dest: 'pager', nargs: 'flag', constValue: false },
  { flag: '--cli-auto-prompt', dest: 'autoPrompt', nargs: 'flag' },
  { flag: '--no-cli-auto-prompt', dest: 'autoPrompt', nargs: 'flag', constValue: false },
  { flag: '--sandbox', dest: 'sandbox', nargs: 'flag' },
  { flag: 'command', dest: 'command', nargs: 'one', positional: true },
];

export function parseGlobals(argv: readonly string[]): GlobalArgs {
  const { values, extras } = parseKnownArgs(GLOBAL_SPECS, argv);
  const get = <T>(key: string) => values.get(key) as T | undefined;
  return {
    debug: get<boolean>('debug') ?? false,
    endpointUrl: get('endpointUrl'),
    verifySsl: get<boolean>('verifySsl') ?? true,
    paginate: get<boolean>('paginate') ?? true,
    output: get('output'),
    query: get('query'),
    profile: get('profile'),
    region: get('region'),
    version: get<boolean>('version') ?? false,
    color: get('color') ?? 'auto',
    sign: get<boolean>('sign') ?? true,
    caBundle: get('caBundle'),
    readTimeout: get('readTimeout'),
    connectTimeout: get('connectTimeout'),
    binaryFormat: get('binaryFormat'),
    pager: get<boolean>('pager') ?? true,
    sandbox: get<boolean>('sandbox') ?? false,
    command: get('command'),
    rest: extras,
  };
}

/**
 * The current AWS CLI's check (globalargs.py): an `--endpoint-url` without a scheme (`example.com`) is
 * refused before any command runs. A scheme is what Python's urlsplit finds: a letter, then letters,
 * digits, `+`, `-` or `.`, up to the first colon; `localhost:9` has one (`localhost`), so it passes here
 * and fails later, as an invalid endpoint, as it does in the CLI.
 */
export function checkEndpointUrl(value: string): void {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value))
    throw new ArgumentError(
      `Bad value for --endpoint-url "${value}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
    );
}
