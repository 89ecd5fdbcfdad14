/**
 * `codeartifact login` against a recording stand-in for CodeArtifact and for the tools it runs. Unless a
 * test says otherwise, each expected call, command, file and message is what AWS CLI v2 2.9.19 sent,
 * ran, wrote and printed for the same answers (a local stub service, stand-in npm/pip/dotnet/nuget
 * scripts, a throwaway HOME), with its HOME (/tmp/…/home) put back as this host's (/home/test) and its
 * wall-clock expiry replaced by this host's frozen clock. Where 2.9.19 is older than the v2 branch of
 * awscli/customizations/codeartifact/login.py (swift, --endpoint-type, a failed command's message,
 * ~/.pypirc's mode), the test says so: the swift outputs, ~/.netrc contents and modes, and the NuGet
 * failure message are what that module printed and wrote when run directly under Python 3.11 (its
 * imports pointed at 2.9.19's bundled botocore, Linux assumed); the rest is read from its code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryFs } from '../../src/adapters/web/fs.js';
import type { Host, HttpRequest, ProcessResult } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const NOW = new Date('2026-12-06T01:00:00Z');
const TWELVE_HOURS = NOW.getTime() / 1000 + 43200;
const ENV = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };
const REPO_HOST = 'my-domain-111122223333.d.codeartifact.us-east-1.amazonaws.com';
const endpointFor = (format: string) => `https://${REPO_HOST}/${format}/my-repo/`;
const NPM = endpointFor('npm');
const PYPI = endpointFor('pypi');
const NUGET = endpointFor('nuget');
const SWIFT = endpointFor('swift');
const SUCCESS = (tool: string, endpoint: string) =>
  `Successfully configured ${tool} to use AWS CodeArtifact repository ${endpoint} \nLogin expires in 12 hours at 2026-12-06 13:00:00+00:00\n`;
const USAGE =
  '\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n';

interface Setup {
  endpoint?: string;
  token?: string;
  /** GetAuthorizationToken's expiration, in epoch seconds. */
  expiration?: number;
  files?: Record<string, string>;
  /** What a program run answers; a plain success unless given. */
  program?: (argv: string[]) => Partial<ProcessResult>;
  /** A host that cannot start programs (a browser's). */
  noPrograms?: boolean;
  now?: Date;
}

async function login(args: string[], setup: Setup = {}) {
  const answer = (req: HttpRequest) =>
    req.url.includes('/v1/authorization-token')
      ? { authorizationToken: setup.token ?? 'TOKEN', expiration: setup.expiration ?? TWELVE_HOURS }
      : { repositoryEndpoint: setup.endpoint ?? NPM };
  const memory = createMemoryHost((req) => reply(200, JSON.stringify(answer(req))), {
    now: setup.now ?? NOW,
    env: ENV,
  });
  const fs = createMemoryFs(setup.files ?? {});
  const runs: string[][] = [];
  const run = async (argv: readonly string[]): Promise<ProcessResult> => {
    runs.push([...argv]);
    return { status: 0, stdout: '', stderr: '', ...setup.program?.([...argv]) };
  };
  const host: Host = setup.noPrograms ? { ...memory, fs } : { ...memory, fs, run };
  const code = await runCli(['codeartifact', 'login', ...args], host);
  const calls = memory.requests.map(
    (r) => `${r.method} ${r.url.replace('https://codeartifact.us-east-1.amazonaws.com', '')}`,
  );
  const file = (path: string) => {
    const f = fs.files.get(path);
    return f && { text: new TextDecoder().decode(f.data), mode: f.mode };
  };
  return { code, out: memory.out.join(''), err: memory.err.join(''), calls, runs, file };
}

const BASIC = ['--domain', 'my-domain', '--repository', 'my-repo'];

// The platform decides a few commands (npm.cmd, dotnet's clear-text password, Swift's keychain).
const realPlatform = Object.getOwnPropertyDescriptor(process, 'platform')!;
const pretendPlatform = (value: string) => Object.defineProperty(process, 'platform', { ...realPlatform, value });
afterEach(() => {
  Object.defineProperty(process, 'platform', realPlatform);
});
const CALLS = (format: string) => [
  'POST /v1/authorization-token?domain=my-domain',
  `GET /v1/repository/endpoint?domain=my-domain&repository=my-repo&format=${format}`,
];

describe('npm', () => {
  it('sets the registry, always-auth and the token with npm config set', async () => {
    const r = await login(['--tool', 'npm', ...BASIC]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.calls).toEqual(CALLS('npm'));
    expect(r.runs).toEqual([
      ['npm', 'config', 'set', 'registry', NPM],
      ['npm', 'config', 'set', `//${REPO_HOST}/npm/my-repo/:always-auth`, 'true'],
      ['npm', 'config', 'set', `//${REPO_HOST}/npm/my-repo/:_authToken`, 'TOKEN'],
    ]);
    expect(r.out).toBe(SUCCESS('npm', NPM));
  });

  it('prints the commands for --dry-run, a scope for --namespace, and sends the owner and duration', async () => {
    const r = await login([
      '--tool',
      'npm',
      '--domain',
      'my-domain',
      '--domain-owner',
      '111122223333',
      '--repository',
      'my-repo',
      '--duration-seconds',
      '3600',
      '--namespace',
      'my-scope',
      '--dry-run',
    ]);
    expect(r.code).toBe(0);
    expect(r.runs).toEqual([]);
    // The query strings in the CLI's order of parameters.
    expect(r.calls).toEqual([
      'POST /v1/authorization-token?domain=my-domain&domain-owner=111122223333&duration=3600',
      'GET /v1/repository/endpoint?domain=my-domain&repository=my-repo&format=npm&domain-owner=111122223333',
    ]);
    expect(r.out).toBe(
      `npm config set @my-scope:registry ${NPM}\n\n` +
        `npm config set //${REPO_HOST}/npm/my-repo/:always-auth true\n\n` +
        `npm config set //${REPO_HOST}/npm/my-repo/:_authToken TOKEN\n\n`,
    );
  });

  it.each([
    ['@Bad', false],
    ['.bad', false],
    // Only the scope's start is checked.
    ['a!!', true],
    ['@~x', true],
  ])('checks the scope %s only after both calls', async (namespace, valid) => {
    const r = await login(['--tool', 'npm', ...BASIC, '--namespace', namespace, '--dry-run']);
    expect(r.calls).toEqual(CALLS('npm'));
    if (valid) {
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toBe(`npm config set ${namespace.replace(/^(?!@)/, '@')}:registry ${NPM}`);
    } else {
      expect([r.code, r.out, r.err]).toEqual([
        255,
        '',
        '\nInvalid scope name, scope must contain URL-safe characters, no leading dots or underscores\n',
      ]);
    }
  });

  it('goes on when npm refuses always-auth', async () => {
    const r = await login(['--tool', 'npm', ...BASIC], {
      program: (argv) => (argv.some((a) => a.includes('always-auth')) ? { status: 7 } : {}),
    });
    expect([r.code, r.runs.length, r.out]).toEqual([0, 3, SUCCESS('npm', NPM)]);
  });

  it('stops at a failed command, the token hidden and its stderr shown (v2 source)', async () => {
    // 2.9.19 printed the token and no stderr; the v2 branch's CommandFailedError hides one and adds the other.
    const r = await login(['--tool', 'npm', ...BASIC], {
      program: (argv) => (argv.some((a) => a.includes('_authToken')) ? { status: 7, stderr: 'npm ERR! bad\n' } : {}),
    });
    expect([r.code, r.out]).toEqual([255, '']);
    expect(r.err).toBe(
      `\nCommand '['npm', 'config', 'set', '//${REPO_HOST}/npm/my-repo/:_authToken', '******']' returned non-zero exit status 7. Stderr from command:\nnpm ERR! bad\n\n`,
    );
  });

  it('says the tool was not found when it is not installed', async () => {
    const r = await login(['--tool', 'npm', ...BASIC], {
      program: (argv) => ({ status: null, error: `[Errno 2] No such file or directory: '${argv[0]}'` }),
    });
    expect([r.code, r.out, r.err, r.runs.length]).toEqual([
      255,
      '',
      '\nnpm was not found. Please verify installation.\n',
      1,
    ]);
  });

  it('needs a host that can start programs, except for --dry-run (isoaws)', async () => {
    const r = await login(['--tool', 'npm', ...BASIC], { noPrograms: true });
    expect(r.code).toBe(255);
    expect(r.err).toBe('\ncodeartifact login cannot run npm here: this runtime cannot start programs (a browser).\n');
    const dry = await login(['--tool', 'npm', ...BASIC, '--dry-run'], { noPrograms: true });
    expect([dry.code, dry.out.split('\n')[0]]).toEqual([0, `npm config set registry ${NPM}`]);
  });
});

describe('pip', () => {
  it('sets global.index-url with the token in it', async () => {
    const r = await login(['--tool', 'pip', ...BASIC], { endpoint: PYPI });
    expect(r.calls).toEqual(CALLS('pypi'));
    expect(r.runs).toEqual([
      ['pip', 'config', 'set', 'global.index-url', `https://aws:TOKEN@${REPO_HOST}/pypi/my-repo/simple/`],
    ]);
    expect([r.code, r.out]).toEqual([0, SUCCESS('pip', PYPI)]);
  });

  it('prints the command for --dry-run', async () => {
    const r = await login(['--tool', 'pip', ...BASIC, '--dry-run'], { endpoint: PYPI });
    expect([r.code, r.runs, r.out]).toEqual([
      0,
      [],
      `pip config set global.index-url https://aws:TOKEN@${REPO_HOST}/pypi/my-repo/simple/\n\n`,
    ]);
  });

  it('refuses --namespace, after both calls', async () => {
    const r = await login(['--tool', 'pip', ...BASIC, '--namespace', 'x'], { endpoint: PYPI });
    expect([r.code, r.out, r.err, r.calls]).toEqual([
      255,
      '',
      '\nArgument --namespace is not supported for pip\n',
      CALLS('pypi'),
    ]);
  });
});

describe('twine', () => {
  const PYPIRC = '/home/test/.pypirc';
  const OWN_SECTION = `[codeartifact]\nrepository = ${PYPI}\nusername = aws\npassword = TOKEN\n\n`;
  const DEFAULT_PYPIRC = `[distutils]\nindex-servers = \n\tpypi\n\tcodeartifact\n\n${OWN_SECTION}`;
  const twine = (setup: Setup = {}, extra: string[] = []) =>
    login(['--tool', 'twine', ...BASIC, ...extra], { endpoint: PYPI, ...setup });

  it('prints the default ~/.pypirc for --dry-run and writes nothing', async () => {
    const r = await twine({}, ['--dry-run']);
    expect([r.code, r.runs, r.file(PYPIRC)]).toEqual([0, [], undefined]);
    expect(r.out).toBe(
      `Dryrun mode is enabled, not writing to pypirc.\n${PYPIRC} would have been set to the following:\n\n${DEFAULT_PYPIRC}\n`,
    );
    expect(r.calls).toEqual(CALLS('pypi'));
  });

  it('writes ~/.pypirc, private (mode 0600: v2 source; 2.9.19 left it to the umask)', async () => {
    const r = await twine();
    expect([r.code, r.out, r.runs]).toEqual([0, SUCCESS('twine', PYPI), []]);
    expect(r.file(PYPIRC)).toEqual({ text: DEFAULT_PYPIRC, mode: 0o600 });
  });

  it('adds codeartifact to an existing file, keeping its servers and values, and makes it private', async () => {
    const before =
      '# my servers\n[distutils]\nindex-servers =\n  pypi\n  testpypi\n\n[pypi]\nUserName = me ; not a comment\npassword: x%y\n\n[testpypi]\nrepository=https://test.pypi.org/legacy/\n';
    const r = await twine({ files: { [PYPIRC]: before } });
    expect([r.code, r.out]).toEqual([0, SUCCESS('twine', PYPI)]);
    expect(r.file(PYPIRC)).toEqual({
      text:
        '[distutils]\nindex-servers = \n\tpypi\n\ttestpypi\n\tcodeartifact\n\n' +
        '[pypi]\nusername = me ; not a comment\npassword = x%y\n\n' +
        '[testpypi]\nrepository = https://test.pypi.org/legacy/\n\n' +
        OWN_SECTION,
      mode: 0o600,
    });
  });

  it.each([
    [
      'a DEFAULT section, comments and blank lines in a value, an existing codeartifact section',
      '[DEFAULT]\nuser = u\n[distutils]\nindex-servers =\n  pypi\n\n  # c\n  codeartifact\n\n\n[codeartifact]\nusername=old\nextra: 1\n',
      `[DEFAULT]\nuser = u\n\n[distutils]\nindex-servers = \n\tpypi\n\t\n\tcodeartifact\n\n[codeartifact]\nusername = aws\nextra = 1\nrepository = ${PYPI}\npassword = TOKEN\n\n`,
    ],
    [
      'servers on the first line of the value',
      '[distutils]\nindex-servers = pypi codeartifact\n  local\n',
      `[distutils]\nindex-servers = \n\tpypi codeartifact\n\tlocal\n\tcodeartifact\n\n${OWN_SECTION}`,
    ],
    [
      'indented headers, deeper continuation lines, a "]" in a section name, tabs around ":"',
      '  [distutils]\n  index-servers = pypi\n    more\n\n   tail\n[s] x]\nk\t:\tv  \n',
      `[distutils]\nindex-servers = \n\tpypi\n\tmore\n\ttail\n\tcodeartifact\n\n[s] x]\nk = v\n\n${OWN_SECTION}`,
    ],
    [
      'index-servers only in DEFAULT',
      '[DEFAULT]\nindex-servers = a\n[distutils]\n',
      `[DEFAULT]\nindex-servers = a\n\n[distutils]\nindex-servers = \n\ta\n\tcodeartifact\n\n${OWN_SECTION}`,
    ],
    [
      'Windows line ends',
      '[distutils]\r\nindex-servers =\r\n  pypi\r\n',
      `[distutils]\nindex-servers = \n\tpypi\n\tcodeartifact\n\n${OWN_SECTION}`,
    ],
  ])('reads a file as Python does: %s', async (_, before, after) => {
    const r = await twine({ files: { [PYPIRC]: before } }, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `Dryrun mode is enabled, not writing to pypirc.\n${PYPIRC} would have been set to the following:\n\n${after}\n`,
    );
    expect(r.file(PYPIRC)?.text).toBe(before);
  });

  it.each([
    ['foo\n[a]\n', `File contains no section headers.\nfile: '${PYPIRC}', line: 1\n'foo\\n'`],
    [
      '[distutils]\nindex-servers = pypi\ngarbage\n[x\n',
      `Source contains parsing errors: '${PYPIRC}'\n\t[line  3]: 'garbage\\n'\n\t[line  4]: '[x\\n'`,
    ],
    [
      '[distutils]\nindex-servers = pypi\n[distutils]\n',
      `While reading from '${PYPIRC}' [line  3]: section 'distutils' already exists`,
    ],
    [
      '[distutils]\nindex-servers = pypi\nIndex-Servers = b\n',
      `While reading from '${PYPIRC}' [line  3]: option 'index-servers' in section 'distutils' already exists`,
    ],
    ['[pypi]\nusername = x\n', "No section: 'distutils'"],
    ['[distutils]\nfoo = x\n', "No option 'index-servers' in section: 'distutils'"],
  ])('refuses an invalid ~/.pypirc: %j', async (before, message) => {
    for (const extra of [['--dry-run'], []]) {
      const r = await twine({ files: { [PYPIRC]: before } }, extra);
      expect([r.code, r.out, r.err]).toEqual([255, `${PYPIRC} is in an invalid state.\n`, `\n${message}\n`]);
      expect(r.file(PYPIRC)?.text).toBe(before);
    }
  });
});

describe('nuget and dotnet', () => {
  const INDEX = `${NUGET}v3/index.json`;
  const listing = (second: string, url: string) =>
    `Registered Sources:\n\n  1.  nuget.org [Enabled]\n      https://api.nuget.org/v3/index.json\n  2.  ${second} [Disabled]\n      ${url}\n`;
  const withListing = (stdout: string) => (argv: string[]) => (argv.includes('list') ? { stdout } : {});

  it('updates the source already at the repository’s URL, under its name', async () => {
    const r = await login(['--tool', 'dotnet', ...BASIC], {
      endpoint: NUGET,
      program: withListing(listing('Mine', INDEX)),
    });
    expect(r.calls).toEqual(CALLS('nuget'));
    expect(r.runs).toEqual([
      ['dotnet', 'nuget', 'list', 'source', '--format', 'detailed'],
      [
        'dotnet',
        'nuget',
        'update',
        'source',
        'Mine',
        '--source',
        INDEX,
        '--username',
        'aws',
        '--password',
        'TOKEN',
        '--store-password-in-clear-text',
      ],
    ]);
    // The CLI says nuget for dotnet too.
    expect([r.code, r.out]).toEqual([0, `Updated source Mine in the NuGet.Config\n${SUCCESS('nuget', NUGET)}`]);
  });

  it('adds <domain>/<repository> when neither the URL nor the name is there', async () => {
    const r = await login(['--tool', 'dotnet', ...BASIC], { endpoint: NUGET });
    expect(r.runs[1]).toEqual([
      'dotnet',
      'nuget',
      'add',
      'source',
      INDEX,
      '--name',
      'my-domain/my-repo',
      '--username',
      'aws',
      '--password',
      'TOKEN',
      '--store-password-in-clear-text',
    ]);
    expect([r.code, r.out]).toEqual([
      0,
      `Added source my-domain/my-repo to the user level NuGet.Config\n${SUCCESS('nuget', NUGET)}`,
    ]);
  });

  it('updates the source named <domain>/<repository> at another URL, with nuget', async () => {
    const r = await login(['--tool', 'nuget', ...BASIC], {
      endpoint: NUGET,
      program: withListing(listing('my-domain/my-repo', 'https://old.example/v3/index.json')),
    });
    expect(r.runs).toEqual([
      ['nuget', 'sources', 'list', '-format', 'detailed'],
      [
        'nuget',
        'sources',
        'update',
        '-name',
        'my-domain/my-repo',
        '-source',
        INDEX,
        '-username',
        'aws',
        '-password',
        'TOKEN',
      ],
    ]);
    expect([r.code, r.out]).toEqual([
      0,
      `Updated source my-domain/my-repo in the NuGet.Config\n${SUCCESS('nuget', NUGET)}`,
    ]);
  });

  it('lists the sources for --dry-run, then prints the command alone', async () => {
    const r = await login(['--tool', 'dotnet', ...BASIC, '--dry-run'], {
      endpoint: NUGET,
      program: withListing(listing('Mine', INDEX)),
    });
    expect(r.runs).toEqual([['dotnet', 'nuget', 'list', 'source', '--format', 'detailed']]);
    expect([r.code, r.out]).toEqual([
      0,
      `dotnet nuget update source Mine --source ${INDEX} --username aws --password TOKEN --store-password-in-clear-text\n`,
    ]);
    const nuget = await login(['--tool', 'nuget', ...BASIC, '--dry-run'], { endpoint: NUGET });
    expect(nuget.out).toBe(
      `nuget sources add -name my-domain/my-repo -source ${INDEX} -username aws -password TOKEN\n`,
    );
  });

  it('says the tool was not found, or how listing failed', async () => {
    const missing = await login(['--tool', 'dotnet', ...BASIC], {
      endpoint: NUGET,
      program: () => ({ status: null, error: "[Errno 2] No such file or directory: 'dotnet'" }),
    });
    expect([missing.code, missing.err]).toEqual([255, '\ndotnet was not found. Please verify installation.\n']);
    const failed = await login(['--tool', 'dotnet', ...BASIC], {
      endpoint: NUGET,
      program: () => ({ status: 3, stderr: 'list broke\n' }),
    });
    expect([failed.code, failed.out, failed.runs.length]).toEqual([255, '', 1]);
    expect(failed.err).toBe(
      "\nCommand '['dotnet', 'nuget', 'list', 'source', '--format', 'detailed']' returned non-zero exit status 3.\n",
    );
  });

  it('says the NuGet.Config was not updated when the command fails (v2 source)', async () => {
    // The v2 branch wraps this failure in CommandFailedError: the token hidden, stderr added.
    const r = await login(['--tool', 'nuget', ...BASIC], {
      endpoint: NUGET,
      program: (argv) => (argv.includes('add') ? { status: 1, stderr: 'denied' } : {}),
    });
    expect([r.code, r.out]).toEqual([255, 'Failed to update the NuGet.Config\n']);
    expect(r.err).toBe(
      `\nCommand '['nuget', 'sources', 'add', '-name', 'my-domain/my-repo', '-source', '${INDEX}', '-username', 'aws', '-password', '******']' returned non-zero exit status 1. Stderr from command:\ndenied\n`,
    );
  });
});

describe('swift (v2 source: 2.9.19 has no swift)', () => {
  const NETRC = '/home/test/.netrc';
  const ENTRY = `machine ${REPO_HOST} login token password TOKEN`;
  const swift = (setup: Setup = {}, extra: string[] = []) =>
    login(['--tool', 'swift', ...BASIC, ...extra], { endpoint: SWIFT, ...setup });

  it('writes the token to a new ~/.netrc, then sets the registry and logs in', async () => {
    const r = await swift();
    expect(r.calls).toEqual(CALLS('swift'));
    expect(r.runs).toEqual([
      ['swift', 'package-registry', 'set', SWIFT],
      ['swift', 'package-registry', 'login', `${SWIFT}login`],
    ]);
    expect(r.file(NETRC)).toEqual({ text: `${ENTRY}\n`, mode: 0o600 });
    expect([r.code, r.out]).toEqual([0, SUCCESS('swift', SWIFT)]);
  });

  it('replaces the token of the host’s entries in ~/.netrc and keeps the others', async () => {
    const before = `machine other.example login me password keep\nmachine ${REPO_HOST}\n  login token\n  password OLD\n`;
    const r = await swift({ files: { [NETRC]: before } });
    expect(r.file(NETRC)).toEqual({ text: before.replace('OLD', 'TOKEN'), mode: 0o600 });
  });

  it('appends an entry when ~/.netrc has none for the host', async () => {
    const r = await swift({ files: { [NETRC]: 'machine other.example login me password keep' } });
    expect(r.file(NETRC)?.text).toBe(`machine other.example login me password keep\n${ENTRY}\n`);
  });

  it('prints the ~/.netrc line and the commands for --dry-run, with --scope for --namespace', async () => {
    const r = await swift({}, ['--namespace', 'my-scope', '--dry-run']);
    expect([r.code, r.runs, r.file(NETRC)]).toEqual([0, [], undefined]);
    expect(r.out).toBe(
      `Dryrun mode is enabled, not writing to netrc.\nThe following line would have been written to ${NETRC}:\n\n${ENTRY}\n\n` +
        'And would have run the following commands:\n\n' +
        `swift package-registry set ${SWIFT} --scope my-scope\n\nswift package-registry login ${SWIFT}login\n\n`,
    );
  });

  it.each(['-scope', 'a_b', 'x'.repeat(40), 'a--b'])('refuses the scope %s', async (namespace) => {
    const r = await swift({}, [`--namespace=${namespace}`]);
    expect([r.code, r.runs, r.calls.length]).toEqual([255, [], 2]);
    expect(r.err).toBe(
      '\nInvalid scope name, scope must contain URL-safe characters, no leading dots or underscores and no more than 39 characters\n',
    );
  });

  it('gives macOS the token on the command line and leaves ~/.netrc alone', async () => {
    pretendPlatform('darwin');
    const r = await swift();
    expect(r.runs[1]).toEqual(['swift', 'package-registry', 'login', `${SWIFT}login`, '--token', 'TOKEN']);
    expect([r.code, r.file(NETRC)]).toEqual([0, undefined]);
  });
});

describe('Windows (v2 source)', () => {
  it('runs npm.cmd, and dotnet without --store-password-in-clear-text', async () => {
    pretendPlatform('win32');
    const npm = await login(['--tool', 'npm', ...BASIC]);
    expect(npm.runs.map((argv) => argv[0])).toEqual(['npm.cmd', 'npm.cmd', 'npm.cmd']);
    const dotnet = await login(['--tool', 'dotnet', ...BASIC], { endpoint: NUGET });
    expect(dotnet.runs[1]!.at(-1)).toBe('TOKEN');
  });
});

describe('options', () => {
  it.each([
    [[], '--tool, --domain, --repository'],
    [['--tool', 'npm'], '--domain, --repository'],
  ])('requires --tool, --domain and --repository (%j)', async (args, missing) => {
    const r = await login(args);
    expect([r.code, r.calls]).toEqual([252, []]);
    expect(r.err).toBe(`${USAGE}aws: error: the following arguments are required: ${missing}\n\n`);
  });

  it('lists the tools for one it does not know, swift first (v2 source order)', async () => {
    const r = await login(['--tool', 'np', ...BASIC]);
    expect(r.code).toBe(252);
    const pad = (a: string, b?: string) => (b ? `${a.padEnd(40)} | ${b.padEnd(40)}` : a.padEnd(40));
    expect(r.err).toBe(
      `${USAGE}aws: error: argument --tool: Invalid choice, valid choices are:\n\n` +
        `${pad('swift', 'nuget')}\n${pad('dotnet', 'npm')}\n${pad('pip', 'twine')}\n\n\n` +
        "Invalid choice: 'np', maybe you meant:\n\n  * npm\n\n",
    );
  });

  it('refuses options it does not have', async () => {
    const r = await login(['--tool', 'npm', ...BASIC, '--bogus', 'x']);
    expect([r.code, r.err, r.calls]).toEqual([252, '\nUnknown options: --bogus,x\n', []]);
  });

  it('reads --duration-seconds as Python’s int(), and leaves 0 out', async () => {
    const bad = await login(['--tool', 'npm', ...BASIC, '--duration-seconds', 'abc']);
    expect([bad.code, bad.err, bad.calls]).toEqual([255, "\ninvalid literal for int() with base 10: 'abc'\n", []]);
    const zero = await login(['--tool', 'npm', ...BASIC, '--duration-seconds', '0', '--dry-run']);
    expect(zero.calls).toEqual(CALLS('npm'));
  });

  it('sends --endpoint-type (v2 source)', async () => {
    const r = await login(['--tool', 'npm', ...BASIC, '--endpoint-type', 'dualstack', '--dry-run']);
    expect(r.calls[1]).toBe(
      'GET /v1/repository/endpoint?domain=my-domain&repository=my-repo&format=npm&endpointType=dualstack',
    );
  });

  it('reads file:// values', async () => {
    const r = await login(['--tool', 'npm', '--domain', 'file:///tmp/d.txt', '--repository', 'my-repo', '--dry-run'], {
      files: { '/tmp/d.txt': 'fromfile' },
    });
    expect(r.calls[0]).toBe('POST /v1/authorization-token?domain=fromfile');
    const missing = await login(['--tool', 'npm', ...BASIC, '--duration-seconds', 'file:///tmp/none']);
    expect([missing.code, missing.err]).toEqual([
      252,
      "\nError parsing parameter '--duration-seconds': Unable to load paramfile file:///tmp/none: [Errno 2] No such file or directory: '/tmp/none'\n",
    ]);
  });

  it('has a help page and sends nothing for it', async () => {
    const r = await login(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NAME\n {7}login -\n/);
    for (const flag of ['--tool', '--domain-owner', '--namespace', '--endpoint-type', '--dry-run'])
      expect(r.out).toContain(flag);
    expect(r.calls).toEqual([]);
  });
});

describe('the expiry message', () => {
  // Each is what the CLI's get_relative_expiration_time gives, over dateutil's relativedelta, for the
  // same expiration and clock (the 2.9.19 module, run directly with a fixed "now").
  it.each([
    [43200, '12 hours', '2026-12-06 13:00:00+00:00'],
    [43170, '12 hours', '2026-12-06 12:59:30+00:00'],
    [43169, '11 hours and 59 minutes', '2026-12-06 12:59:29+00:00'],
    [42980, '11 hours and 56 minutes', '2026-12-06 12:56:20+00:00'],
    [90061, '1 day and 1 hour', '2026-12-07 02:01:01+00:00'],
    [3660, '1 hour and 1 minute', '2026-12-06 02:01:00+00:00'],
    [60, '1 minute', '2026-12-06 01:01:00+00:00'],
    [29, '', '2026-12-06 01:00:29+00:00'],
    [-100, '', '2026-12-06 00:58:20+00:00'],
    [2678400, '1 month', '2027-01-06 01:00:00+00:00'],
    [2678399, '31 days', '2027-01-06 00:59:59+00:00'],
    [31536000, '1 year', '2027-12-06 01:00:00+00:00'],
    [34300000, '1 year and 1 month', '2028-01-07 00:46:40+00:00'],
    [0.5, '', '2026-12-06 01:00:00.500000+00:00'],
  ])('%s seconds ahead: "%s"', async (ahead, words, at) => {
    const r = await login(['--tool', 'pip', ...BASIC], { expiration: NOW.getTime() / 1000 + ahead });
    expect(r.out.split('\n')[1]).toBe(`Login expires in ${words} at ${at}`);
  });

  it.each([
    ['2027-02-28T12:00:00Z', '1 month'],
    ['2027-03-01T11:00:00Z', '1 month'],
    ['2027-03-31T12:00:00.500Z', '2 months'],
  ])('counts calendar months from January 31 to %s: "%s"', async (at, words) => {
    const expiration = Date.parse(at) / 1000;
    const r = await login(['--tool', 'pip', ...BASIC], { expiration, now: new Date('2027-01-31T12:00:00Z') });
    expect(r.out.split('\n')[1]).toMatch(new RegExp(`^Login expires in ${words} at `));
  });
});
