/**
 * `agent-toolkit` and `configure agent-toolkit` in memory: the commands against the Agent Toolkit
 * stand-in (test/support/agent-toolkit-stand-in.ts) through the memory host's `send`, with agents'
 * directories made in its file system. The expected words and exit codes are the AWS CLI's
 * (customizations/agenttoolkit/*.py; neither reference CLI here has the commands).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { zipArchive } from '../../src/core/zip.js';
import { agentToolkitStandIn, type StandInSkill } from '../support/agent-toolkit-stand-in.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const HOME = '/home/test';
const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1' };
const CDK: StandInSkill = {
  categories: ['aws-core'],
  versions: { v1: { 'SKILL.md': '# CDK v1\n' }, v2: { 'SKILL.md': '# CDK v2\n', 'references/a.md': 'A\n' } },
};

function setUp(skills: Record<string, StandInSkill> = { 'aws-cdk': CDK }, agents: string[] = ['.kiro']) {
  const standIn = agentToolkitStandIn(skills);
  const host = createMemoryHost(
    async (req) => {
      const url = new URL(req.url);
      const a = await standIn.answer(req.method, url.pathname + url.search);
      return reply(a.status, a.body, a.headers);
    },
    { env: ENV },
  );
  const ready = Promise.all(agents.map((a) => host.fs.mkdir(`${HOME}/${a}`)));
  const run = async (...argv: string[]) => {
    await ready;
    host.out.length = 0;
    host.err.length = 0;
    const code = await runCli(['--endpoint-url', 'http://stand-in', ...argv], host);
    return { code, out: host.out.join(''), err: host.err.join('') };
  };
  return { host, standIn, run };
}

const text = async (host: MemoryHost, path: string) => new TextDecoder().decode(await host.fs.readFile(path));
const files = (host: MemoryHost) => [...(host.fs as unknown as { files: Map<string, unknown> }).files.keys()].sort();

describe('agent-toolkit modeled commands', () => {
  it('keeps search-skills and two renamed commands, with --skill-name and --search-query', async () => {
    const { run, standIn } = setUp();
    expect(
      (await run('agent-toolkit', 'get-skill-metadata', '--skill-name', 'aws-cdk', '--skill-version', 'v1')).code,
    ).toBe(0);
    expect((await run('agent-toolkit', 'list-available-skills', '--category-filter', 'aws-core')).code).toBe(0);
    expect((await run('agent-toolkit', 'search-skills', '--search-query', 'cdk')).code).toBe(0);
    expect(standIn.requests).toEqual([
      'GET /api/skills/aws-cdk?skill_version=v1',
      'GET /api/skills?category_filter=aws-core',
      'GET /api/search/skills?query=cdk',
    ]);
  });

  it.each(['get-skill', 'list-skills', 'get-latest-skill-version', 'get-skill-file-checksum'])(
    'has no %s command',
    async (name) => {
      const { run, standIn } = setUp();
      const { code, err } = await run('agent-toolkit', name, '--skill-name', 'aws-cdk');
      expect(code).toBe(252);
      expect(err).toContain(`argument operation: Invalid choice`);
      expect(standIn.requests).toEqual([]);
    },
  );

  it('lists the allowed and custom commands on the service page', async () => {
    const { run } = setUp();
    const { out } = await run('agent-toolkit', 'help');
    for (const name of ['add-skill', 'get-skill-file', 'get-skill-metadata', 'list-available-skills', 'search-skills'])
      expect(out).toContain(name);
    expect(out).not.toMatch(/get-latest-skill-version|get-skill-file-checksum|\blist-skills\b|get-skill\n/);
  });
});

describe('agent-toolkit get-skill-file', () => {
  it('prints the file at the latest version unless --skill-version', async () => {
    const { run, standIn } = setUp();
    expect(
      await run('agent-toolkit', 'get-skill-file', '--skill-name', 'aws-cdk', '--file-path', 'references/a.md'),
    ).toEqual({
      code: 0,
      out: 'A\n',
      err: '',
    });
    expect(
      (
        await run(
          'agent-toolkit',
          'get-skill-file',
          '--skill-name',
          'aws-cdk',
          '--file-path',
          'SKILL.md',
          '--skill-version',
          'v1',
        )
      ).out,
    ).toBe('# CDK v1\n');
    expect(standIn.requests).toEqual([
      'GET /skills/aws-cdk/versions/latest/files/references/a.md',
      'GET /skills/aws-cdk/versions/v1/files/SKILL.md',
    ]);
  });

  it('needs --file-path (252) and reports a missing file as the service does (254)', async () => {
    const { run } = setUp();
    const missing = await run('agent-toolkit', 'get-skill-file', '--skill-name', 'aws-cdk');
    expect(missing.code).toBe(252);
    expect(missing.err).toContain('the following arguments are required: --file-path');
    const notFound = await run('agent-toolkit', 'get-skill-file', '--skill-name', 'aws-cdk', '--file-path', 'nope.md');
    expect(notFound.code).toBe(254);
    expect(notFound.err).toContain(
      'An error occurred (NotFoundException) when calling the GetSkillFile operation: File nope.md not found',
    );
  });
});

describe('agent-toolkit add-skill', () => {
  it('installs the latest version with its metadata file, and says so per agent', async () => {
    const { run, host, standIn } = setUp();
    expect(await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk')).toEqual({
      code: 0,
      out: '  Installed aws-cdk (v2) to Kiro — ~/.kiro/skills.\n',
      err: '',
    });
    expect(standIn.requests).toEqual([
      'GET /skills/aws-cdk/latest',
      'GET /skills/aws-cdk/versions/v2/files/download',
      'GET /skills/aws-cdk/versions/v2/files/download/checksum',
    ]);
    expect(await text(host, `${HOME}/.kiro/skills/aws-cdk/SKILL.md`)).toBe('# CDK v2\n');
    expect(await text(host, `${HOME}/.kiro/skills/aws-cdk/references/a.md`)).toBe('A\n');
    expect(await text(host, `${HOME}/.kiro/skills/aws-cdk/.aws-skill-metadata`)).toBe('{"version": "v2"}\n');
  });

  it('pins --skill-version, and leaves an installed skill alone', async () => {
    const { run } = setUp();
    expect((await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk', '--skill-version', 'v1')).out).toBe(
      '  Installed aws-cdk (v1) to Kiro — ~/.kiro/skills.\n',
    );
    expect((await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk')).out).toBe(
      `  aws-cdk is already installed (v1) at ${HOME}/.kiro/skills/aws-cdk. Run "aws agent-toolkit update-skill --skill-name aws-cdk" to update, or remove it first to reinstall.\n`,
    );
  });

  it('installs once into a directory agents share, under the Universal row first', async () => {
    const { run, host } = setUp({ 'aws-cdk': CDK }, ['.codex', '.gemini', '.agents']);
    expect((await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk')).out).toBe(
      '  Installed aws-cdk (v2) to Universal (Codex, Gemini CLI, OpenCode, Windsurf) — ~/.agents/skills.\n',
    );
    expect(files(host).filter((f) => f.endsWith('SKILL.md'))).toEqual([`${HOME}/.agents/skills/aws-cdk/SKILL.md`]);
  });

  it('skips a directory the CLI did not make, and reinstalls a broken install', async () => {
    const { run, host } = setUp();
    await host.fs.writeFile(`${HOME}/.kiro/skills/aws-cdk/notes.md`, 'mine');
    expect((await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk')).out).toBe(
      `  Skipped aws-cdk at ${HOME}/.kiro/skills/aws-cdk: directory was not installed by the AWS CLI.\n`,
    );
    expect(await text(host, `${HOME}/.kiro/skills/aws-cdk/notes.md`)).toBe('mine');
    await host.fs.writeFile(`${HOME}/.kiro/skills/aws-cdk/.aws-skill-metadata`, '{"version": "v1"}\n');
    expect((await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk')).out).toBe(
      `  Reinstalling aws-cdk at ${HOME}/.kiro/skills/aws-cdk: previous install appears incomplete.\n` +
        '  Installed aws-cdk (v2) to Kiro — ~/.kiro/skills.\n',
    );
    expect(files(host).filter((f) => f.includes('aws-cdk'))).toEqual([
      `${HOME}/.kiro/skills/aws-cdk/.aws-skill-metadata`,
      `${HOME}/.kiro/skills/aws-cdk/SKILL.md`,
      `${HOME}/.kiro/skills/aws-cdk/references/a.md`,
    ]);
  });

  it('refuses an unknown --agent (252), and finds no agent (252) before calling the service', async () => {
    const { run, standIn } = setUp({ 'aws-cdk': CDK }, []);
    expect(await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk', '--agent', 'vim')).toEqual({
      code: 252,
      out: '',
      err: '\nInvalid agent "vim". Valid values: claude-code, cline, codex, cursor, gemini-cli, kiro, openclaw, opencode, pi, universal, windsurf.\n',
    });
    expect(await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk', '--agent', 'KIRO')).toEqual({
      code: 252,
      out: '',
      err: '\nNo supported AI coding agents found.\n',
    });
    expect(standIn.requests).toEqual([]);
  });

  const bad = async (skill: Partial<StandInSkill>) => {
    const { run, host } = setUp({ 'aws-cdk': { ...CDK, ...skill } });
    const result = await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk');
    expect(result.code).toBe(255);
    expect(files(host).filter((f) => f.includes('/skills/'))).toEqual([]);
    return result.err;
  };
  const zip = (entries: Array<[string, string | Uint8Array]>) =>
    zipArchive(
      entries.map(([name, data]) => ({
        name,
        data: typeof data === 'string' ? new TextEncoder().encode(data) : data,
        modified: new Date('2026-01-02T00:00:00Z'),
        mode: 0o644,
      })),
    );

  it('refuses a zip whose checksum differs, writing nothing (255)', async () => {
    expect(await bad({ checksum: `${'0'.repeat(64)}  download` })).toMatch(
      /^\nChecksum verification failed for aws-cdk \(expected '0{64}', got '[0-9a-f]{64}'\)\.\n$/,
    );
    expect(await bad({ checksum: 'abc' })).toMatch(/\(expected 'abc', got '[0-9a-f]{64}'\)/);
  });

  it('refuses a zip whose files exceed 10 MB, writing nothing (255)', async () => {
    const big = await zip([['SKILL.md', new Uint8Array(10 * 1024 * 1024 + 1)]]);
    expect(await bad({ zip: big, checksum: undefined })).toBe(
      '\nRefusing to extract: uncompressed size (10485761 bytes) exceeds limit.\n',
    );
  });

  it.each(['../evil.md', '/etc/evil', 'a/../../evil.md', '..\\evil.md'])(
    'refuses the entry %s, which escapes the skill directory (255)',
    async (name) => {
      const escaping = await zip([
        ['SKILL.md', '# ok'],
        [name, 'x'],
      ]);
      expect(await bad({ zip: escaping })).toBe(
        `\nRefusing to extract '${name.replace(/\\/g, '\\\\')}' (path escapes skill directory).\n`,
      );
    },
  );

  it('refuses a corrupt zip before writing anything (255)', async () => {
    const good = await zip([['SKILL.md', '# a skill that is long enough to be deflated, deflated, deflated']]);
    const corrupt = good.slice();
    corrupt[40] = corrupt[40]! ^ 0xff;
    expect(await bad({ zip: corrupt })).toMatch(/^\nBad (CRC-32|size|compressed data) for file SKILL\.md\n$/);
    expect(await bad({ zip: new TextEncoder().encode('not a zip') })).toBe('\nFile is not a zip file\n');
  });

  it('reports a skill the service does not have (254)', async () => {
    const { run } = setUp();
    const { code, err } = await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-nope');
    expect(code).toBe(254);
    expect(err).toContain(
      '(NotFoundException) when calling the GetLatestSkillVersion operation: Skill aws-nope not found',
    );
  });
});

describe('agent-toolkit list-installed-skills and remove-skill', () => {
  it('lists what the CLI installed, as an operation prints (--query, --output)', async () => {
    const { run, host } = setUp({ 'aws-cdk': CDK }, ['.kiro', '.cursor']);
    await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk');
    await host.fs.writeFile(`${HOME}/.kiro/skills/mine/SKILL.md`, 'not the CLI’s');
    const listed = await run('agent-toolkit', 'list-installed-skills');
    expect(JSON.parse(listed.out)).toEqual({
      skills: [
        { agent: 'Cursor', name: 'aws-cdk', path: `${HOME}/.cursor/skills/aws-cdk/SKILL.md` },
        { agent: 'Kiro', name: 'aws-cdk', path: `${HOME}/.kiro/skills/aws-cdk/SKILL.md` },
      ],
    });
    expect(
      (
        await run(
          'agent-toolkit',
          'list-installed-skills',
          '--agent',
          'kiro',
          '--query',
          'skills[].agent',
          '--output',
          'text',
        )
      ).out,
    ).toBe('Kiro\n');
  });

  it('removes a skill from every agent, or the one --agent names', async () => {
    const { run, host } = setUp({ 'aws-cdk': CDK }, ['.kiro', '.cursor']);
    await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk');
    expect(await run('agent-toolkit', 'remove-skill', '--skill-name', 'aws-cdk', '--agent', 'cursor')).toEqual({
      code: 0,
      out: 'Removed aws-cdk from Cursor — ~/.cursor/skills.\n',
      err: '',
    });
    expect((await run('agent-toolkit', 'remove-skill', '--skill-name', 'aws-cdk')).out).toBe(
      'Removed aws-cdk from Kiro — ~/.kiro/skills.\n',
    );
    expect(files(host)).toEqual([]);
    expect(await run('agent-toolkit', 'remove-skill', '--skill-name', 'aws-cdk')).toEqual({
      code: 252,
      out: '',
      err: '\nSkill "aws-cdk" is not installed.\n',
    });
  });
});

describe('agent-toolkit update-skill', () => {
  it('updates the agents with an older version, and says when all are up to date', async () => {
    const { run, host, standIn } = setUp({ 'aws-cdk': CDK }, ['.kiro', '.cursor']);
    await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk', '--skill-version', 'v1', '--agent', 'kiro');
    await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk', '--agent', 'cursor');
    standIn.requests.length = 0;
    expect((await run('agent-toolkit', 'update-skill', '--skill-name', 'aws-cdk')).out).toBe(
      '  Updated aws-cdk (v2) to Kiro — ~/.kiro/skills.\n',
    );
    expect(await text(host, `${HOME}/.kiro/skills/aws-cdk/SKILL.md`)).toBe('# CDK v2\n');
    expect(await text(host, `${HOME}/.kiro/skills/aws-cdk/.aws-skill-metadata`)).toBe('{"version": "v2"}\n');
    expect((await run('agent-toolkit', 'update-skill', '--skill-name', 'aws-cdk')).out).toBe(
      'aws-cdk is already up to date (v2).\n',
    );
    expect(standIn.requests.filter((r) => r.endsWith('/latest'))).toHaveLength(2);
    expect(files(host).filter((f) => f.includes('.isoaws-'))).toEqual([]);
  });

  it('keeps the installed version when the new one fails its checks', async () => {
    const { run, host } = setUp({ 'aws-cdk': CDK });
    await run('agent-toolkit', 'add-skill', '--skill-name', 'aws-cdk', '--skill-version', 'v1');
    const broken = setUp({ 'aws-cdk': { ...CDK, checksum: 'f'.repeat(64) } });
    await broken.host.fs.writeFile(
      `${HOME}/.kiro/skills/aws-cdk/SKILL.md`,
      await host.fs.readFile(`${HOME}/.kiro/skills/aws-cdk/SKILL.md`),
    );
    await broken.host.fs.writeFile(`${HOME}/.kiro/skills/aws-cdk/.aws-skill-metadata`, '{"version": "v1"}\n');
    expect((await broken.run('agent-toolkit', 'update-skill', '--skill-name', 'aws-cdk')).code).toBe(255);
    expect(await text(broken.host, `${HOME}/.kiro/skills/aws-cdk/SKILL.md`)).toBe('# CDK v1\n');
  });

  it('needs an installed skill (252) and an agent (252)', async () => {
    expect((await setUp().run('agent-toolkit', 'update-skill', '--skill-name', 'aws-cdk')).err).toBe(
      '\nSkill "aws-cdk" is not installed.\n',
    );
    expect(await setUp({}, []).run('agent-toolkit', 'update-skill', '--skill-name', 'aws-cdk')).toEqual({
      code: 252,
      out: '',
      err: '\nNo supported AI coding agents found.\n',
    });
  });
});

describe('configure agent-toolkit', () => {
  const skills = {
    'aws-cdk': CDK,
    'aws-iam': { categories: ['aws-core'], versions: { v1: { 'SKILL.md': '# IAM' } } },
    other: { versions: { v1: { 'SKILL.md': 'x' } } },
  };

  it('--yes: every agent, the aws-core skills and the MCP server, keeping the config file’s settings', async () => {
    const { run, host } = setUp(skills, ['.kiro', '.openclaw', '.config/opencode']);
    await host.fs.writeFile(`${HOME}/.config/opencode/opencode.json`, '{"theme": "dark"}', { mode: 0o644 });
    const { code, out } = await run('configure', 'agent-toolkit', '--yes');
    expect(code).toBe(0);
    expect(out).toContain(
      '  ✓ Kiro — ~/.kiro/skills\n  ✓ OpenClaw — ~/.openclaw/skills\n  ✓ OpenCode — ~/.agents/skills/\n  ✗ Pi — ~/.pi/agent/skills (not found)\n',
    );
    expect(out).toContain(
      '\nFetching default AWS skills...\n  Found: aws-cdk, aws-iam\n\nInstalling 2 default AWS skills...\n  [1/2] aws-cdk\n  [2/2] aws-iam\n\nSkills installed to:\n  Kiro — ~/.kiro/skills\n  OpenClaw — ~/.openclaw/skills\n  OpenCode — ~/.agents/skills/\n',
    );
    expect(out).toContain(
      '\nAWS MCP server configured for:\n  ✓ Kiro — ~/.kiro/settings/mcp.json: updated\n  ✓ OpenCode — ~/.config/opencode/opencode.json: updated\n\nMCP setup not available for the following agents. See https://docs.aws.amazon.com/agent-toolkit/latest/userguide/getting-started-aws-mcp-server.html for manual setup instructions.\n  ✗ OpenClaw (no automated setup)\n',
    );
    expect(
      out.endsWith(
        "\nYou can discover additional skills with 'aws agent-toolkit search-skills --search-query <text>'\n",
      ),
    ).toBe(true);
    expect(JSON.parse(await text(host, `${HOME}/.kiro/settings/mcp.json`))).toEqual({
      mcpServers: {
        'aws-mcp': {
          command: 'uvx',
          args: [
            'mcp-proxy-for-aws@latest',
            'https://aws-mcp.us-east-1.api.aws/mcp',
            '--metadata',
            'INSTALL_SOURCE=aws-cli',
          ],
          timeout: 100000,
          transport: 'stdio',
        },
      },
    });
    expect((await host.fs.stat(`${HOME}/.kiro/settings/mcp.json`))?.mode).toBe(0o600);
    const opencode = JSON.parse(await text(host, `${HOME}/.config/opencode/opencode.json`));
    expect(opencode.theme).toBe('dark');
    expect(opencode.mcp['aws-mcp'].type).toBe('local');
    expect((await host.fs.stat(`${HOME}/.config/opencode/opencode.json`))?.mode).toBe(0o644);
    expect(files(host).filter((f) => f.endsWith('SKILL.md'))).toHaveLength(6);
    expect((await run('configure', 'agent-toolkit', '--yes')).out).toContain(
      '  ✓ Kiro — ~/.kiro/settings/mcp.json: already configured\n',
    );
  });

  it('asks which agents and whether to install and configure, on a terminal', async () => {
    const { run, host } = setUp(skills, ['.kiro', '.cursor']);
    const answers = ['7', '2', 'maybe', '', 'n'];
    host.prompt = { ask: async (q) => (host.out.push(q), answers.shift() ?? '') };
    const { code, out } = await run('configure', 'agent-toolkit');
    expect(code).toBe(0);
    expect(out).toContain(
      '\nSelect agents to configure (numbers separated by spaces or commas, Enter for all, "none" for none):\n  1. Cursor — ~/.cursor/skills\n  2. Kiro — ~/.kiro/skills\nAgents [1-2, all]: Invalid selection. Please enter numbers from 1 to 2\nAgents [1-2, all]: ',
    );
    expect(out).toContain(
      '\nInstall 2 default AWS skills? [Y/n]: Invalid response. Please enter "y" or "n"\n\nInstall 2 default AWS skills? [Y/n]: \nInstalling 2',
    );
    expect(out).toContain('\nConfigure AWS MCP server connection? [Y/n]: \nYou can discover');
    expect(files(host).filter((f) => f.endsWith('SKILL.md'))).toEqual([
      `${HOME}/.kiro/skills/aws-cdk/SKILL.md`,
      `${HOME}/.kiro/skills/aws-iam/SKILL.md`,
    ]);
    expect(files(host).some((f) => f.endsWith('mcp.json'))).toBe(false);
  });

  it('stops when no agent is chosen', async () => {
    const { run, host, standIn } = setUp(skills, ['.kiro']);
    host.prompt = { ask: async () => 'none' };
    expect((await run('configure', 'agent-toolkit')).out.endsWith('No agents selected.\n')).toBe(true);
    expect(standIn.requests).toEqual([]);
  });

  it('needs a terminal without --yes (253), and an agent (253)', async () => {
    const { run, host } = setUp(skills, ['.kiro']);
    host.stdinIsTerminal = false;
    host.prompt = { ask: async () => '' };
    expect(await run('configure', 'agent-toolkit')).toMatchObject({
      code: 253,
      err: '\nThis command requires an interactive terminal (TTY).\n',
    });
    const none = await setUp(skills, []).run('configure', 'agent-toolkit', '--yes');
    expect(none.code).toBe(253);
    expect(none.err).toBe(
      "\nNo supported AI coding agents found. Supported agents: Claude Code, Cline, Codex, Cursor, Gemini CLI, Kiro, OpenClaw, OpenCode, Pi, Windsurf. Install one and re-run 'aws configure agent-toolkit'.\n",
    );
  });

  it('registers the server with Codex through its CLI, or says it needs it on PATH', async () => {
    const { run, host } = setUp(skills, ['.codex']);
    const ran: string[][] = [];
    host.run = async (argv) => (ran.push([...argv]), { status: null, stdout: '', stderr: '', error: 'ENOENT' });
    expect((await run('configure', 'agent-toolkit', '--yes')).out).toContain("  ✗ Codex (requires 'codex' on PATH)\n");
    host.run = async (argv) => (ran.push([...argv]), { status: 0, stdout: 'Added\n', stderr: '' });
    expect((await run('configure', 'agent-toolkit', '--yes')).out).toContain('Added\n  ✓ Codex — codex: updated\n');
    expect(ran[1]).toEqual([
      'codex',
      'mcp',
      'add',
      'aws-mcp',
      '--',
      'uvx',
      'mcp-proxy-for-aws@latest',
      'https://aws-mcp.us-east-1.api.aws/mcp',
      '--metadata',
      'INSTALL_SOURCE=aws-cli',
    ]);
  });

  it('puts Claude Code’s files where CLAUDE_CONFIG_DIR points', async () => {
    const { run, host } = setUp(skills, ['elsewhere/claude']);
    (host as { env: Record<string, string> }).env = { ...ENV, CLAUDE_CONFIG_DIR: `${HOME}/elsewhere/claude` };
    const { out } = await run('configure', 'agent-toolkit', '--yes');
    expect(out).toContain('  ✓ Claude Code — ~/elsewhere/claude/skills\n');
    expect(out).toContain('  ✓ Claude Code — ~/elsewhere/claude/.claude.json: updated\n');
  });
});
