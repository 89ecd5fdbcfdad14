/**
 * `agent-toolkit` end to end: the real program (bin/isoaws.js) against the Agent Toolkit stand-in on
 * 127.0.0.1, with HOME a directory of the test's own where Kiro and Cursor appear installed. Skills are
 * added, listed, updated and removed, and `configure agent-toolkit --yes` writes Kiro's MCP config.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { agentToolkitStandIn, startAgentToolkitStandIn } from '../support/agent-toolkit-stand-in.js';

const standIn = agentToolkitStandIn({
  'aws-cdk': {
    categories: ['aws-core'],
    versions: { v1: { 'SKILL.md': '# CDK v1\n' }, v2: { 'SKILL.md': '# CDK v2\n', 'references/a.md': 'A\n' } },
  },
});
let server: Awaited<ReturnType<typeof startAgentToolkitStandIn>>;
let home: string;

beforeAll(async () => {
  server = await startAgentToolkitStandIn(standIn);
  home = mkdtempSync(join(tmpdir(), 'isoaws-agent-toolkit-'));
  mkdirSync(join(home, '.kiro'));
  mkdirSync(join(home, '.cursor'));
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

function isoaws(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'bin/isoaws.js'), '--endpoint-url', server.endpoint, 'agent-toolkit', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('agent-toolkit (bin/isoaws.js)', () => {
  it('adds, lists, updates and removes a skill on disk', async () => {
    expect(await isoaws('add-skill', '--skill-name', 'aws-cdk', '--skill-version', 'v1')).toEqual({
      status: 0,
      stdout:
        '  Installed aws-cdk (v1) to Cursor — ~/.cursor/skills.\n  Installed aws-cdk (v1) to Kiro — ~/.kiro/skills.\n',
      stderr: '',
    });
    expect(readFileSync(join(home, '.kiro/skills/aws-cdk/SKILL.md'), 'utf8')).toBe('# CDK v1\n');
    const listed = await isoaws('list-installed-skills', '--query', 'skills[].path', '--output', 'text');
    expect(listed.stdout).toBe(
      `${join(home, '.cursor/skills/aws-cdk/SKILL.md')}\t${join(home, '.kiro/skills/aws-cdk/SKILL.md')}\n`,
    );
    expect((await isoaws('update-skill', '--skill-name', 'aws-cdk', '--agent', 'kiro')).stdout).toBe(
      '  Updated aws-cdk (v2) to Kiro — ~/.kiro/skills.\n',
    );
    expect(readFileSync(join(home, '.kiro/skills/aws-cdk/references/a.md'), 'utf8')).toBe('A\n');
    expect(readFileSync(join(home, '.kiro/skills/aws-cdk/.aws-skill-metadata'), 'utf8')).toBe('{"version": "v2"}\n');
    expect(readdirSync(join(home, '.kiro/skills'))).toEqual(['aws-cdk']);
    expect((await isoaws('get-skill-file', '--skill-name', 'aws-cdk', '--file-path', 'SKILL.md')).stdout).toBe(
      '# CDK v2\n',
    );
    expect((await isoaws('remove-skill', '--skill-name', 'aws-cdk')).stdout).toBe(
      'Removed aws-cdk from Cursor — ~/.cursor/skills.\nRemoved aws-cdk from Kiro — ~/.kiro/skills.\n',
    );
    expect(readdirSync(join(home, '.kiro/skills'))).toEqual([]);
    expect(await isoaws('remove-skill', '--skill-name', 'aws-cdk')).toEqual({
      status: 252,
      stdout: '',
      stderr: '\nSkill "aws-cdk" is not installed.\n',
    });
  });

  it('configure agent-toolkit --yes installs the aws-core skills and registers the MCP server', async () => {
    const child = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const p = spawn(
        process.execPath,
        [join(REPO_ROOT, 'bin/isoaws.js'), '--endpoint-url', server.endpoint, 'configure', 'agent-toolkit', '--yes'],
        {
          env: {
            PATH: '',
            HOME: home,
            AWS_ACCESS_KEY_ID: 'k',
            AWS_SECRET_ACCESS_KEY: 's',
            AWS_DEFAULT_REGION: 'us-east-1',
          },
        },
      );
      let stdout = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.on('close', (status) => resolve({ status, stdout }));
    });
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('  ✓ Kiro — ~/.kiro/settings/mcp.json: updated\n');
    expect(JSON.parse(readFileSync(join(home, '.kiro/settings/mcp.json'), 'utf8')).mcpServers['aws-mcp'].command).toBe(
      'uvx',
    );
    expect(existsSync(join(home, '.cursor/skills/aws-cdk/SKILL.md'))).toBe(true);
  });
});
