/**
 * The completer as bash runs it (`complete -C isoaws_completer isoaws`): the real program, `node
 * bin/isoaws_completer.js` (built by test/support/build-cli.ts), reading COMP_LINE and COMP_POINT from
 * its environment and printing one bare candidate a line, as aws-cli 2's completer does; and the
 * package installing it beside `isoaws`, as the AWS CLI installs aws_completer beside aws.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';

function completer(line: string, point: number) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/isoaws_completer.js')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: REPO_ROOT, COMP_LINE: line, COMP_POINT: String(point) },
  });
  return { status: r.status, stderr: r.stderr, candidates: r.stdout.split('\n').slice(0, -1) };
}

describe('isoaws_completer', () => {
  it('lists the services starting with the word under the cursor, one bare name a line', () => {
    const r = completer('isoaws s', 8);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.candidates).toEqual(
      expect.arrayContaining(['sts', 'sns', 'sqs', 's3api', 'ses', 'swf', 'storagegateway', 'support']),
    );
    for (const candidate of r.candidates) expect(candidate).toMatch(/^s[a-z0-9-]*$/);
    expect(new Set(r.candidates).size).toBe(r.candidates.length);
  });

  it('completes at COMP_POINT, not at the end of the line', () => {
    const r = completer('isoaws st --region us-east-1', 9);
    expect(r.status).toBe(0);
    expect(r.candidates).toEqual(['stepfunctions', 'storagegateway', 'sts']);
  });
});

describe('the package', () => {
  it('installs isoaws_completer beside isoaws', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toMatchObject({ isoaws: 'bin/isoaws.js', isoaws_completer: 'bin/isoaws_completer.js' });
    for (const file of Object.values(pkg.bin)) {
      expect(existsSync(join(REPO_ROOT, file))).toBe(true);
      expect(readFileSync(join(REPO_ROOT, file), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    }
  });
});
