// Shared helpers for the benchmarks: a local stub server, child-process timing and medians.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';

/** An STS/S3 stand-in on 127.0.0.1: GetCallerIdentity answers, `GET /big/<bytes>` streams zeros. */
export async function startStub() {
  const identity = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDABENCH</UserId><Account>123456789012</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;
  const server = createServer((req, res) => {
    const big = /\/big\/(\d+)$/.exec(req.url ?? '');
    if (big) {
      const total = Number(big[1]);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
      const chunk = Buffer.alloc(1 << 20);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          const n = Math.min(chunk.length, total - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': '01234567-89ab-cdef-0123-456789abcdef' });
      res.end(identity);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Wall-clock milliseconds of one run of `cmd args` (stdout discarded); rejects on a non-zero exit. */
export function timeRun(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(0, 500)}`));
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` `n` times after `warmup` unmeasured runs and returns the median. */
export async function medianOf(n, fn, warmup = 2) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < n; i++) times.push(await fn());
  return median(times);
}

/** `command` when it is the AWS CLI of that major version (`aws --version` says `aws-cli/<major>.`), else undefined. */
export function findAwsCli(command, major) {
  try {
    const version = execFileSync(command, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return version.startsWith(`aws-cli/${major}.`) ? command : undefined;
  } catch {
    return undefined;
  }
}

/** moto_server on 127.0.0.1 and a free port (from this machine's Python), or undefined when it is not installed. */
export async function startMoto() {
  const port = await new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  let child;
  try {
    child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  } catch {
    return undefined;
  }
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`${url}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (up) return { url, stop: () => child.kill() };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('moto_server did not start');
}

/** Peak RSS in MB of one run of `cmd args` (/usr/bin/time -f %M); rejects on a non-zero exit. */
export function peakRss(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(Math.round(Number(err.trim().split('\n').pop()) / 1024)) : reject(new Error(err)),
    );
  });
}

/** A sparse file of `size` bytes (all zeros), made without writing them. */
export function sparseFile(path, size) {
  execFileSync('truncate', ['-s', String(size), path]);
}
