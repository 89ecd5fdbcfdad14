/**
 * A killed multipart upload rerun, in real processes against moto_server: a rerun with other settings
 * (`--acl private --sse AES256` after a killed `--acl public-read`) must not complete the old upload
 * (the object would end up public and unencrypted); it starts afresh and aborts the stale one. A rerun
 * with the same settings resumes it, sending only the parts not yet stored.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/host.js';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const MiB = 1024 * 1024;
const top = mkdtempSync(join(tmpdir(), 'isoaws-resume-'));
const home = join(top, 'home');
const work = join(top, 'work');
for (const dir of [home, work]) mkdirSync(dir);
// Four parts of 5 MiB, sent one at a time and paced, so a run can be killed with one part stored.
const CONFIG =
  '[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n  max_concurrent_requests = 1\n  max_bandwidth = 4MB/s\n';
writeFileSync(join(home, 'config'), CONFIG);
writeFileSync(join(work, 'big.bin'), Buffer.alloc(20 * MiB, 7));
const aws = cliRunner({ home, work, endpoint: () => moto!.endpoint });
const s3api = async (...argv: string[]) => JSON.parse((await aws(['s3api', ...argv])).out || '{}');

/** Starts `s3 cp big.bin s3://resume/big.bin …` in a process of its own and kills it once a part is stored. */
async function killedUpload(flags: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin/isoaws.js'),
      '--endpoint-url',
      moto!.endpoint,
      's3',
      'cp',
      'big.bin',
      's3://resume/big.bin',
      ...flags,
    ],
    {
      cwd: work,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
      stdio: 'ignore',
    },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const uploads = (await s3api('list-multipart-uploads', '--bucket', 'resume')).Uploads ?? [];
    const id = uploads[0]?.UploadId as string | undefined;
    if (
      id &&
      ((await s3api('list-parts', '--bucket', 'resume', '--key', 'big.bin', '--upload-id', id)).Parts ?? []).length
    ) {
      child.kill('SIGKILL');
      await exited;
      return id;
    }
    if (Date.now() > deadline) throw new Error('no part was stored within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const parts = (requests: HttpRequest[]) =>
  requests.filter((r) => r.method === 'PUT' && new URL(r.url).searchParams.has('partNumber')).length;

describe.skipIf(!moto)('rerunning a killed multipart upload', () => {
  it("with other settings: starts afresh, aborts the stale upload, and the object has the rerun's settings", async () => {
    await aws(['s3', 'mb', 's3://resume']);
    const stale = await killedUpload(['--acl', 'public-read', '--content-type', 'text/old', '--metadata', 'run=first']);
    const requests: HttpRequest[] = [];
    const r = await aws(
      [
        's3',
        'cp',
        'big.bin',
        's3://resume/big.bin',
        '--acl',
        'private',
        '--sse',
        'AES256',
        '--content-type',
        'text/new',
      ],
      { requests },
    );
    expect(r).toMatchObject({ code: 0, out: 'upload: ./big.bin to s3://resume/big.bin\n', err: '' });
    expect(parts(requests)).toBe(4);
    expect(requests.some((q) => q.method === 'DELETE' && new URL(q.url).searchParams.get('uploadId') === stale)).toBe(
      true,
    );
    expect((await s3api('list-multipart-uploads', '--bucket', 'resume')).Uploads ?? []).toEqual([]);
    const head = await s3api('head-object', '--bucket', 'resume', '--key', 'big.bin');
    expect({ sse: head.ServerSideEncryption, type: head.ContentType, metadata: head.Metadata }).toEqual({
      sse: 'AES256',
      type: 'text/new',
      metadata: {},
    });
    const grants = (await s3api('get-object-acl', '--bucket', 'resume', '--key', 'big.bin')).Grants as Array<{
      Grantee: { URI?: string };
    }>;
    expect(grants.filter((g) => g.Grantee.URI?.endsWith('/AllUsers'))).toEqual([]);
  }, 60_000);

  it('with the same settings: resumes it, sending only the parts not yet stored', async () => {
    const killed = await killedUpload(['--acl', 'private']);
    const stored = (
      (await s3api('list-parts', '--bucket', 'resume', '--key', 'big.bin', '--upload-id', killed)).Parts ?? []
    ).length;
    const requests: HttpRequest[] = [];
    expect((await aws(['s3', 'cp', 'big.bin', 's3://resume/big.bin', '--acl', 'private'], { requests })).code).toBe(0);
    expect(parts(requests)).toBe(4 - stored);
    expect(requests.some((q) => q.method === 'POST' && new URL(q.url).searchParams.get('uploadId') === killed)).toBe(
      true,
    );
    expect((await s3api('list-multipart-uploads', '--bucket', 'resume')).Uploads ?? []).toEqual([]);
  }, 60_000);
});
