/**
 * The user aliases of ~/.aws/cli/alias (src/cli/alias.ts), as AWS CLI v2 runs them: what each alias
 * sends and prints, the global options it brings, shadowing, chains, subcommand aliases and bags of
 * options, and the CLI's errors for a bad alias or alias file (wording and exit codes recorded from v2
 * 2.9.19 through test/clidiff/alias.yaml). The `!` aliases run a real shell in the last block.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createShell } from '../../src/shell/shell.js';
import type { HttpRequest } from '../../src/core/host.js';
import { cliRunner } from '../support/cli-runner.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' };
const ALIAS_PATH = '/home/test/.aws/cli/alias';

const REGIONS =
  '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo>' +
  '<item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>' +
  '<item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>' +
  '</regionInfo></DescribeRegionsResponse>';
const IDENTITY =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  '<Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDA1</UserId><Account>123456789012</Account>' +
  '</GetCallerIdentityResult></GetCallerIdentityResponse>';
const STACKS =
  '<ListStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ListStacksResult><StackSummaries><member>' +
  '<StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/web/1</StackId><StackName>web</StackName>' +
  '<CreationTime>2024-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus></member></StackSummaries>' +
  '</ListStacksResult></ListStacksResponse>';
const VPCS =
  '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item>' +
  '<vpcId>vpc-1</vpcId><state>available</state></item></vpcSet></DescribeVpcsResponse>';
const BUCKETS =
  '<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets><Bucket><Name>bucket-one</Name>' +
  '<CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>';

const form = (req: HttpRequest) => new URLSearchParams(new TextDecoder().decode(req.body as Uint8Array));

function host(aliasFile?: string): MemoryHost {
  const h = createMemoryHost(
    (req) => {
      if (req.method === 'GET') return reply(200, BUCKETS);
      const action = form(req).get('Action');
      const body = { DescribeRegions: REGIONS, GetCallerIdentity: IDENTITY, ListStacks: STACKS, DescribeVpcs: VPCS }[
        action ?? ''
      ];
      return reply(body ? 200 : 400, body ?? '');
    },
    { env: ENV },
  );
  if (aliasFile !== undefined) void h.fs.writeFile(ALIAS_PATH, aliasFile);
  return h;
}

async function run(aliasFile: string | undefined, argv: string[], h = host(aliasFile)) {
  const code = await runCli(argv, h);
  return { code, out: h.out.join(''), err: h.err.join(''), requests: h.requests, host: h };
}

/** The names an invalid-choice error lists, in order. */
function choices(err: string): string[] {
  const list = err.split('valid choices are:\n\n')[1]!.split('\n\n')[0]!;
  return list.split(/\n| \| /).map((name) => name.trim());
}

/** The request's parameters, less the action and version every query request has. */
function params(req: HttpRequest): Record<string, string> {
  const { Action: action, Version: _version, ...rest } = Object.fromEntries(form(req));
  return { Action: action!, ...rest };
}

const TOPLEVEL = `[toplevel]
regions = ec2 describe-regions
who = sts get-caller-identity --query Arn --output text
west = sts get-caller-identity --region eu-west-2
base = ec2 describe-regions
wrapper = base --region-names us-east-1 eu-west-1
unterminated = ec2 describe-regions "--region-names
backslash = ec2 describe-regions \\
nocommand = --output text
empty =
unknown = ec2x describe-regions
withprofile = sts get-caller-identity --profile other
withdebug = sts get-caller-identity --debug
withsandbox = sts get-caller-identity --sandbox
self = self
loop-a = loop-b
loop-b = loop-a
hello = !printf '<%s>'
`;

describe('top-level command aliases', () => {
  it('replace their name with their words; the arguments and global options typed after them follow', async () => {
    const r = await run(TOPLEVEL, [
      'regions',
      '--region-names',
      'us-east-1',
      '--query',
      'Regions[].RegionName',
      '--output',
      'text',
    ]);
    expect(r).toMatchObject({ code: 0, out: 'us-east-1\teu-west-1\n', err: '' });
    expect(r.requests.map(params)).toEqual([{ Action: 'DescribeRegions', 'RegionName.1': 'us-east-1' }]);
  });

  it('keep the global options typed before them', async () => {
    const r = await run(TOPLEVEL, ['--output', 'text', '--query', 'Regions[].[RegionName,OptInStatus]', 'regions']);
    expect(r.out).toBe('us-east-1\topt-in-not-required\neu-west-1\topt-in-not-required\n');
  });

  it("apply their own global options over the user's", async () => {
    expect((await run(TOPLEVEL, ['--output', 'table', 'who'])).out).toBe('arn:aws:iam::123456789012:user/alice\n');
    const west = await run(TOPLEVEL, ['--region', 'us-west-1', 'west']);
    expect(west.requests[0]!.url).toBe('https://sts.eu-west-2.amazonaws.com/');
    expect(west.requests[0]!.headers.authorization).toContain('/eu-west-2/sts/aws4_request');
  });

  it('may name another alias, its words then the first alias’s, then the user’s', async () => {
    const r = await run(TOPLEVEL, ['wrapper', '--dry-run', '--output', 'text']);
    expect(r.requests.map(params)).toEqual([
      { Action: 'DescribeRegions', 'RegionName.1': 'us-east-1', 'RegionName.2': 'eu-west-1', DryRun: 'true' },
    ]);
  });

  it('shadow built-in commands: a value starting with the name runs the built-in, another command runs that', async () => {
    const file = '[toplevel]\nsts = sts --output text\nec2 = s3api\n';
    const sts = await run(file, ['sts', 'get-caller-identity']);
    expect(sts).toMatchObject({ code: 0, out: '123456789012\tarn:aws:iam::123456789012:user/alice\tAIDA1\n' });
    const ec2 = await run(file, ['ec2', 'list-buckets', '--query', 'Buckets[].Name', '--output', 'text']);
    expect(ec2).toMatchObject({ code: 0, out: 'bucket-one\n' });
    expect(ec2.requests[0]!.url).toBe('https://s3.us-east-1.amazonaws.com/');
  });

  it('change nothing for a command that is not an alias, and are listed among the choices of an unknown one', async () => {
    expect((await run(TOPLEVEL, ['sts', 'get-caller-identity', '--query', 'Account'])).out).toBe('"123456789012"\n');
    const r = await run(TOPLEVEL, ['nosuch']);
    expect(r.code).toBe(252);
    expect(r.err).toContain('aws: error: argument command: Invalid choice, valid choices are:');
    // The CLI's command table: the built-in commands, then the aliases in the file's order.
    const names = choices(r.err);
    expect(names).toEqual(expect.arrayContaining(['ec2', 's3', 'configure', 'sts']));
    const aliases = [...TOPLEVEL.matchAll(/^([a-z-]+) =/gm)].map((m) => m[1]!);
    expect(aliases).toHaveLength(17);
    expect(names.slice(-17)).toEqual(aliases);
    expect(names.slice(0, -17).filter((name) => aliases.includes(name))).toEqual([]);
  });

  it('are written in an INI file whose values may go over several lines', async () => {
    const file = '[toplevel]\n# a comment\nmulti =\n  ec2\n  describe-regions\n\n  --region-names eu-west-1\n';
    const r = await run(file, ['multi']);
    expect(r.code).toBe(0);
    expect(r.requests.map(params)).toEqual([{ Action: 'DescribeRegions', 'RegionName.1': 'eu-west-1' }]);
  });
});

describe('a bad alias or alias file', () => {
  it.each([
    [
      'unterminated',
      255,
      '\nValue of alias "unterminated" could not be parsed. Received error: No closing quotation when parsing:\nec2 describe-regions "--region-names\n',
    ],
    [
      'backslash',
      255,
      '\nValue of alias "backslash" could not be parsed. Received error: No escaped character when parsing:\nec2 describe-regions \\\n',
    ],
    [
      'withprofile',
      255,
      '\nGlobal parameter "--profile" detected in alias "withprofile" which is not supported in subcommand aliases.\n',
    ],
    [
      'withdebug',
      255,
      '\nGlobal parameter "--debug" detected in alias "withdebug" which is not supported in subcommand aliases.\n',
    ],
    // --sandbox chooses the host before the command line's aliases are read: refused as the CLI refuses those two.
    [
      'withsandbox',
      255,
      '\nGlobal parameter "--sandbox" detected in alias "withsandbox" which is not supported in subcommand aliases.\n',
    ],
    ['self', 255, '\nAlias "self" refers back to itself (self -> self), so it would never finish expanding.\n'],
    [
      'loop-a',
      255,
      '\nAlias "loop-a" refers back to itself (loop-a -> loop-b -> loop-a), so it would never finish expanding.\n',
    ],
  ])('%s: exit %i, nothing sent', async (name, code, err) => {
    const r = await run(TOPLEVEL, [name]);
    expect(r).toMatchObject({ code, err, out: '' });
    expect(r.requests).toHaveLength(0);
  });

  it.each([
    ['nocommand', 'the following arguments are required: command'],
    ['empty', 'the following arguments are required: command'],
  ])('%s names no command: a usage error (exit 252)', async (name, message) => {
    const r = await run(TOPLEVEL, [name]);
    expect(r.code).toBe(252);
    expect(r.err).toMatch(new RegExp(`^\\nusage: aws \\[options\\][\\s\\S]*\\naws: error: ${message}\\n\\n$`));
  });

  it('names a command that does not exist: the invalid choice, among the commands and aliases (exit 252)', async () => {
    const r = await run(TOPLEVEL, ['unknown']);
    expect(r.code).toBe(252);
    expect(r.err).toContain('aws: error: argument command: Invalid choice, valid choices are:\n\n');
    expect(choices(r.err)).toEqual(expect.arrayContaining(['ec2', 'regions', 'hello']));
    expect(r.err).toMatch(/\n\nInvalid choice: 'ec2x', maybe you meant:\n\n {2}\* ec2\n\n$/);
  });

  it.each([
    ['a line that is no setting', '[toplevel]\nwho = sts get-caller-identity\nnot a setting\n'],
    ['a setting before any section', 'who = sts get-caller-identity\n'],
    ['a section twice', '[toplevel]\n[toplevel]\n'],
  ])('a file with %s fails every command, --version too (exit 255)', async (_, file) => {
    for (const argv of [['--version'], ['sts', 'get-caller-identity']]) {
      const r = await run(file, argv);
      expect(r.code).toBe(255);
      expect(r.err).toMatch(/^\nUnable to parse config file: \/home\/test\/\.aws\/cli\/alias\nline \d+: /);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('a ! alias where programs cannot be started (a browser host) says so (exit 255)', async () => {
    const r = await run(TOPLEVEL, ['hello', 'x']);
    expect(r).toMatchObject({
      code: 255,
      err: `\nAlias "hello" runs a shell command (!printf '<%s>'), and programs cannot be started here; aliases of commands work.\n`,
    });
  });
});

describe('the alias file costs a command without one a single look', () => {
  it('one stat of ~/.aws/cli/alias, no read, and commands that never load a model still do not', async () => {
    const h = host();
    const looked: string[] = [];
    const { stat, readFile } = h.fs;
    h.fs.stat = async (path) => (looked.push(`stat ${path}`), stat(path));
    h.fs.readFile = async (path, range) => (looked.push(`read ${path}`), readFile(path, range));
    const index = h.models.index;
    let indexLoads = 0;
    h.models = { ...h.models, index: async () => (indexLoads++, index()) };
    expect(await runCli(['--version'], h)).toBe(0);
    expect(looked.filter((l) => l.includes('/cli/alias'))).toEqual([`stat ${ALIAS_PATH}`]);
    expect(indexLoads).toBe(0);
  });

  it('with a file, a command that is no alias loads no more than it did', async () => {
    const h = host(TOPLEVEL);
    const load = h.models.load;
    const loaded: string[] = [];
    h.models = { ...h.models, load: async (name, operations) => (loaded.push(name), load(name, operations)) };
    expect(await runCli(['sts', 'get-caller-identity'], h)).toBe(0);
    // The model of the service called and no other (read in parts: the client asks for its header first).
    expect([...new Set(loaded)]).toEqual(['sts']);
  });
});

const SUBCOMMANDS = `[toplevel]
cfn = cloudformation
chain-a = chain-b
chain-b = chain-c
chain-c = chain-b
[command ec2]
regions = describe-regions --region-names us-west-2
describe-regions = describe-regions --query Regions[].RegionName
again = again
[command ec2 describe-regions]
all = --all-regions
[command ec2 describe-availability-zones]
all = --all-availability-zones
east = --zone-names us-east-1a
spin = spin
[command ec2 wait]
vpc-ready = vpc-available
[command cloudformation]
stacks = list-stacks
[command cloudformation list-stacks]
created = --stack-status-filter CREATE_COMPLETE --query StackSummaries[].[StackName,StackStatus] --output text
deleted = --stack-status-filter DELETE_COMPLETE
[command configure]
where = get region
[command sts]
mine = get-caller-identity --profile other
`;

describe('[command ...] sections', () => {
  it('alias an operation; one named like an operation runs it with its words (and may be reached from another)', async () => {
    const r = await run(SUBCOMMANDS, ['ec2', 'regions', '--output', 'text']);
    expect(r).toMatchObject({ code: 0, out: 'us-east-1\teu-west-1\n' });
    expect(r.requests.map(params)).toEqual([{ Action: 'DescribeRegions', 'RegionName.1': 'us-west-2' }]);
  });

  it('expand a top-level alias, a subcommand alias and a bag of options in turn', async () => {
    const r = await run(SUBCOMMANDS, ['cfn', 'stacks', 'created']);
    expect(r).toMatchObject({ code: 0, out: 'web\tCREATE_COMPLETE\n' });
    expect(r.requests.map(params)).toEqual([{ Action: 'ListStacks', 'StackStatusFilter.member.1': 'CREATE_COMPLETE' }]);
  });

  it('find bags of options where argparse finds a positional word, so a list option takes a later one as a value', async () => {
    const two = await run(SUBCOMMANDS, ['ec2', 'describe-availability-zones', 'east', '--dry-run', 'all']);
    expect(two.requests.map(params)).toEqual([
      { Action: 'DescribeAvailabilityZones', 'ZoneName.1': 'us-east-1a', AllAvailabilityZones: 'true', DryRun: 'true' },
    ]);
    const swallowed = await run(SUBCOMMANDS, ['cloudformation', 'list-stacks', 'created', 'deleted']);
    expect(swallowed.requests.map(params)).toEqual([
      {
        Action: 'ListStacks',
        'StackStatusFilter.member.1': 'CREATE_COMPLETE',
        'StackStatusFilter.member.2': 'deleted',
      },
    ]);
  });

  it('refuse another positional word among an operation’s bags, listing them (exit 252)', async () => {
    const r = await run(SUBCOMMANDS, ['cloudformation', 'list-stacks', 'removed']);
    expect(r.code).toBe(252);
    expect(r.err).toMatch(
      /aws: error: argument subcommand: Invalid choice, valid choices are:\n\ncreated +\| deleted +\n\n$/,
    );
  });

  it('leave `help` alone an operation’s page, not a bag', async () => {
    const r = await run(SUBCOMMANDS, ['cloudformation', 'list-stacks', 'help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('list-stacks');
  });

  it('lose the bags of an operation reached through an alias that shadows it, as in the CLI (Unknown options)', async () => {
    const r = await run(SUBCOMMANDS, ['ec2', 'describe-regions', 'all']);
    expect(r.code).toBe(252);
    expect(r.err).toMatch(/\nUnknown options: all\n\n$/);
  });

  it('alias a waiter and a subcommand of a command of the CLI’s own', async () => {
    const waiter = await run(SUBCOMMANDS, ['ec2', 'wait', 'vpc-ready']);
    expect(waiter).toMatchObject({ code: 0, out: '' });
    expect(waiter.requests.map(params)).toEqual([{ Action: 'DescribeVpcs' }]);
    const h = host(SUBCOMMANDS);
    await h.fs.writeFile('/home/test/.aws/config', '[default]\nregion = eu-central-1\n');
    expect(await run(SUBCOMMANDS, ['configure', 'where'], h)).toMatchObject({ code: 0, out: 'eu-central-1\n' });
  });

  it('refuse --profile, and an alias that comes back to itself, naming the loop', async () => {
    expect((await run(SUBCOMMANDS, ['sts', 'mine'])).err).toBe(
      '\nGlobal parameter "--profile" detected in alias "mine" which is not supported in subcommand aliases.\n',
    );
    expect((await run(SUBCOMMANDS, ['ec2', 'again'])).err).toBe(
      '\nAlias "again" refers back to itself (again -> again), so it would never finish expanding.\n',
    );
    const bag = await run(SUBCOMMANDS, ['ec2', 'describe-availability-zones', 'all', 'spin']);
    expect(bag).toMatchObject({
      code: 255,
      err: '\nAlias "spin" refers back to itself (spin -> spin), so it would never finish expanding.\n',
    });
    expect((await run(SUBCOMMANDS, ['chain-a'])).err).toBe(
      '\nAlias "chain-b" refers back to itself (chain-b -> chain-c -> chain-b), so it would never finish expanding.\n',
    );
  });
});

describe('the isoaws shell', () => {
  it('takes a line starting with an alias for a command line, and runs it as the CLI does', async () => {
    const h = host(TOPLEVEL);
    const shell = await createShell(h);
    expect(shell.commandNames()).toEqual(expect.arrayContaining(['who', 'regions', 'ec2']));
    expect(shell.classify('who')).toEqual({ kind: 'cli', args: ['who'] });
    expect(shell.classify('regions --output text')).toEqual({ kind: 'cli', args: ['regions', '--output', 'text'] });
    expect(await shell.run(['who'])).toBe(0);
    expect(h.out.join('')).toBe('arn:aws:iam::123456789012:user/alice\n');
    shell.close();
  });
});

describe('! aliases through the shell (Node host)', () => {
  const root = mkdtempSync(join(tmpdir(), 'isoaws-alias-'));
  const home = join(root, 'home');
  mkdirSync(join(home, '.aws', 'cli'), { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(
    join(home, '.aws', 'cli', 'alias'),
    [
      '[toplevel]',
      "args = !printf '<%s>'",
      'fail = !exit 3',
      'killed = !kill -TERM $$',
      'multi =',
      '  !f() {',
      '    echo "first=$1 count=$#"',
      '    echo oops >&2',
      '  }; f',
      '[command ec2]',
      "shell = !printf '[%s]'",
      '',
    ].join('\n'),
  );
  // No endpoint is reached: a ! alias runs before any client is made.
  const cli = cliRunner({ home, work: root, endpoint: () => 'http://127.0.0.1:9' });

  it('appends the words after the alias, each quoted, without the global options', async () => {
    const r = await cli(['args', 'a b', "it's", '', '$HOME', '--region', 'us-west-1', '*', '--output', 'text']);
    expect(r).toMatchObject({ code: 0, out: "<a b><it's><><$HOME><*>", err: '' });
  });

  it('runs a value over several lines (a shell function), its output and errors reaching the CLI’s', async () => {
    expect(await cli(['multi', 'one', 'two'])).toMatchObject({ code: 0, out: 'first=one count=2\n', err: 'oops\n' });
  });

  it('exits with the program’s status, or 256 - N when signal N ended it (as Python’s sys.exit(-N))', async () => {
    expect((await cli(['fail'])).code).toBe(3);
    expect((await cli(['killed'])).code).toBe(256 - 15);
  });

  it('works at an operation’s place too, with the words after it', async () => {
    expect(await cli(['ec2', 'shell', 'x', 'y z'])).toMatchObject({ code: 0, out: '[x][y z]' });
  });
});
