/**
 * max_bandwidth in a real process: a paced download waits once per chunk on the command's one signal,
 * and must neither pile listeners on it (Node's MaxListenersExceededWarning on stderr) nor turn Ctrl-C
 * during a wait into an unknown failure: it is an interruption, exit 130, and leaves no partial file.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';

const SIZE = 1024 * 1024;
/** An object of 1 MiB sent in 16 KiB writes, so a paced reader sees many chunks; `started` when a GET comes. */
let started: () => void = () => undefined;
const server: Server = createServer((req, res) => {
  const headers = { 'content-length': String(SIZE), etag: '"e"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' };
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return res.end();
  started();
  let sent = 0;
  const next = () => {
    if (sent >= SIZE) return res.end();
    sent += 16 * 1024;
    res.write(Buffer.alloc(16 * 1024, 1), () => setTimeout(next, 1));
  };
  next();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
afterAll(() => new Promise((r) => server.close(r)));
const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

function download(home: string, work: string) {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin/isoaws.js'), '--endpoint-url', endpoint, 's3', 'cp', 's3://b/obj.bin', 'obj.bin'],
    {
      cwd: work,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  return { child, done };
}

/** A home whose config sets max_bandwidth, and an empty working directory. */
function dirs(maxBandwidth: string) {
  const home = mkdtempSync(join(tmpdir(), 'isoaws-pace-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws/config'), `[default]\ns3 =\n  max_bandwidth = ${maxBandwidth}\n`);
  return { home, work: mkdtempSync(join(tmpdir(), 'isoaws-pace-work-')) };
}

describe('max_bandwidth', () => {
  it('paces a download without a warning on stderr', async () => {
    const { home, work } = dirs('2MB/s');
    const { done } = download(home, work);
    const { code, stderr } = await done;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(join(work, 'obj.bin')).length).toBe(SIZE);
  }, 30_000);

  it('stops at Ctrl-C during a paced wait with exit 130, leaving no file', async () => {
    const { home, work } = dirs('256KB/s');
    const first = new Promise<void>((r) => {
      started = r;
    });
    const { child, done } = download(home, work);
    await first;
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    const { code, stderr } = await done;
    expect(code).toBe(130);
    expect(stderr).not.toMatch(/Warning|Error/);
    expect(readdirSync(work)).toEqual([]);
  }, 30_000);
});
