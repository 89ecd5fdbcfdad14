#!/usr/bin/env node
// Generates models/examples/ from the AWS CLI's authored examples (awscli/examples/<service>/<command>.rst),
// the EXAMPLES section of its help pages. Runs alone; import-models.js keeps what it made.
// Usage: node scripts/import-examples.js [--git GITDIR] [--ref REF] [--python PYTHON]
//   GITDIR: an aws-cli clone (default: the mirror at /work/.mirror/aws+aws-cli/repo); REF: default refs/heads/v2,
//   the newest v2, whose examples are the nearest to the botocore models of models/.
//   PYTHON: an interpreter with the AWS CLI v2 installed (default python3), and groff on PATH: the sections are
//   rendered by the CLI's own help machinery (scripts/render-examples.py), in that CLI's pages.
// Per CLI service one gzipped file models/examples/<cli-name>.json.gz: `{ "<command>": text }`, text
// being the section's lines as the CLI prints them, without the heading; waiters are keyed `wait/<name>`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AWS_CLI_MIRROR, gitIn, option } from './upstream.js';

const gitDir = option('--git', AWS_CLI_MIRROR);
const ref = option('--ref', 'refs/heads/v2');
const python = option('--python', 'python3');
const out = new URL('../models/examples/', import.meta.url).pathname;
const renderer = new URL('render-examples.py', import.meta.url).pathname;
// The examples' directories are named as the CLI names its commands, but for a service the CLI renames
// after its model (handlers_registry.py): its examples stay under the model's name.
const EXAMPLE_DIRECTORIES = { agenttoolkit: 'agent-toolkit' };

const git = gitIn(gitDir);
const commit = git('rev-parse', `${ref}^{commit}`).toString().trim();
const described = git('describe', '--tags', '--always', commit).toString().trim();
const work = mkdtempSync(join(tmpdir(), 'isoaws-examples-'));
try {
  execFileSync('tar', ['-x', '-C', work], { input: git('archive', commit, 'awscli/examples') });
  const rendered = JSON.parse(
    execFileSync(python, [renderer, work], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'inherit'] }).toString(),
  );
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  let raw = 0;
  let packed = 0;
  let commands = 0;
  for (const [directory, byCommand] of Object.entries(rendered)) {
    const service = EXAMPLE_DIRECTORIES[directory] ?? directory;
    const text = JSON.stringify(byCommand);
    const gz = gzipSync(text, { level: 9 });
    raw += text.length;
    packed += gz.length;
    commands += Object.keys(byCommand).length;
    writeFileSync(join(out, `${service}.json.gz`), gz);
  }
  writeFileSync(join(out, 'LICENSE-aws-cli'), git('show', `${commit}:LICENSE.txt`));
  writeFileSync(
    join(out, 'NOTICE'),
    `The files in this directory are rendered from the examples of the AWS Command Line Interface\n(https://github.com/aws/aws-cli, awscli/examples at ${described}, commit ${commit}),\nlicensed under the Apache License 2.0 (LICENSE-aws-cli).\n\nAWS Command Line Interface\nCopyright Amazon.com, Inc. or its affiliates. All Rights Reserved.\n`,
  );
  console.log(
    `${commands} commands in ${Object.keys(rendered).length} services: ${(raw / 1048576).toFixed(1)} MB rendered, ${(packed / 1048576).toFixed(2)} MB gzipped`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
