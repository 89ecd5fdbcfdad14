/**
 * The real program (`node bin/isoaws.js`, built by test/support/build-cli.ts) in a child process, for
 * what only a real process shows: answers piped to `configure` all at once, input that ends early, the
 * completer's environment, a process that ends when its work is done.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';

function isoaws(args: string[], input: string, home: string) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin/isoaws.js'), ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home },
  });
}

describe('isoaws_completer', () => {
  it("reads tcsh's COMMAND_LINE when COMP_LINE is not set", () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/isoaws_completer.js')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tmpdir(), COMMAND_LINE: 'isoaws s3a' },
    });
    expect(r).toMatchObject({ status: 0, stdout: 's3api\n', stderr: '' });
  });
});

describe('configure from a pipe', () => {
  it('takes each piped answer in turn, questions on stdout as the AWS CLI asks them', () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-pipe-'));
    const r = isoaws(['configure'], 'AKIDPIPE\nsecret-pipe\nus-west-2\njson\n', home);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'AWS Access Key ID [None]: AWS Secret Access Key [None]: Default region name [None]: Default output format [None]: ',
    );
    expect(r.stderr).toBe('');
    expect(readFileSync(join(home, '.aws/credentials'), 'utf8')).toBe(
      '[default]\naws_access_key_id = AKIDPIPE\naws_secret_access_key = secret-pipe\n',
    );
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toBe('[default]\nregion = us-west-2\noutput = json\n');
  });

  it("stops with Python's EOF message (exit 255) when the input ends early, writing nothing", () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-pipe-'));
    const r = isoaws(['configure'], 'AKIDPIPE\n', home);
    expect(r.status).toBe(255);
    expect(r.stderr).toBe('\nEOF when reading a line\n');
    expect(() => readFileSync(join(home, '.aws/credentials'))).toThrow();
  });
});

describe('a multipart upload in a real process', () => {
  it('exits once done, whether its parts were hashed before the hashing threads started or on them', async () => {
    const parts: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x');
        if (req.method === 'PUT')
          parts.push(
            `${url.searchParams.get('partNumber')}:${Buffer.concat(chunks).length}:${req.headers['x-amz-checksum-crc32']}`,
          );
        const xml =
          req.method === 'POST' && url.searchParams.has('uploads')
            ? '<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>'
            : req.method === 'POST'
              ? '<CompleteMultipartUploadResult><ETag>"e"</ETag></CompleteMultipartUploadResult>'
              : req.method === 'GET'
                ? '<ListMultipartUploadsResult></ListMultipartUploadsResult>'
                : '';
        res.writeHead(200, { etag: '"p"', 'content-type': 'application/xml' });
        res.end(xml);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'isoaws-exit-'));
    const run = (file: string) =>
      new Promise<{ code: number | null; ms: number }>((resolve) => {
        const started = Date.now();
        const child = spawn(
          process.execPath,
          [
            join(REPO_ROOT, 'bin/isoaws.js'),
            's3',
            'cp',
            file,
            's3://b/k',
            '--quiet',
            '--endpoint-url',
            `http://127.0.0.1:${(server.address() as { port: number }).port}`,
          ],
          {
            env: {
              PATH: process.env.PATH,
              HOME: dir,
              AWS_ACCESS_KEY_ID: 'a',
              AWS_SECRET_ACCESS_KEY: 'b',
              AWS_DEFAULT_REGION: 'us-east-1',
            },
            stdio: 'ignore',
          },
        );
        const timer = setTimeout(() => child.kill(), 15_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, ms: Date.now() - started });
        });
      });
    try {
      for (const [name, size] of [
        ['small.bin', 20 << 20],
        ['large.bin', 200 << 20],
      ] as const) {
        writeFileSync(join(dir, name), Buffer.alloc(size, name));
        parts.length = 0;
        expect((await run(join(dir, name))).code).toBe(0);
        expect(parts.length).toBe(Math.ceil(size / (8 << 20)));
      }
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 40_000);
});

describe('arguments that are not UTF-8', () => {
  it('are refused before any request, naming the byte (exit 255): Node would have made them another key', () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-utf8-'));
    // Only a shell can hand a program bytes that are not UTF-8.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `"$0" "$1" s3 rm "$(printf 's3://b/caf\\303\\251-\\377')" --endpoint-url http://127.0.0.1:9`,
        process.execPath,
        join(REPO_ROOT, 'bin/isoaws.js'),
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_ACCESS_KEY_ID: 'a',
          AWS_SECRET_ACCESS_KEY: 's',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
      },
    );
    expect(r).toMatchObject({
      status: 255,
      stdout: '',
      stderr:
        '\nAn argument is not valid UTF-8 (byte 0xFF after "s3://b/café-"): names and keys must be given in UTF-8.\n',
    });
  });
});
