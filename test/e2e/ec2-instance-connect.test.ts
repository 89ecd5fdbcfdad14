/**
 * `ec2-instance-connect ssh` and `open-tunnel` in process over the real Node host. ssh against
 * moto_server (DescribeInstances, SendSSHPublicKey): the ssh found on PATH is a stand-in that records
 * the words it was given and the key file it was pointed at, while it still exists. open-tunnel against
 * a WebSocket stand-in over TLS (test/support/websocket-server.ts) reached by its DNS name with a port,
 * its certificate trusted with --ca-bundle: the presigned URL's query and the bytes relayed each way,
 * from stdin to stdout and from a local port.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest } from '../../src/core/host.js';
import { cliRunner } from '../support/cli-runner.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { startWebSocketServer, type ServerSide } from '../support/websocket-server.js';

const moto: MotoServer | undefined = await startMoto();
let serve: (side: ServerSide) => void = () => undefined;
const wsServer = await startWebSocketServer((side) => serve(side));
afterAll(async () => {
  await moto?.stop();
  await wsServer.stop();
});

const dir = mkdtempSync(join(tmpdir(), 'isoaws-eic-'));
const run = cliRunner({ home: dir, work: dir, endpoint: () => moto!.endpoint });

// The stand-in ssh: its words one a line, then the key file's mode and its first line (if it has -i).
const bin = join(dir, 'bin');
mkdirSync(bin);
writeFileSync(
  join(bin, 'ssh'),
  [
    '#!/bin/sh',
    `printf '%s\\n' "$@" > "${dir}/argv"`,
    'while [ $# -gt 0 ]; do if [ "$1" = -i ]; then cp "$2" "' +
      dir +
      '/key"; stat -c %a "$2" > "' +
      dir +
      '/key-mode"; fi; shift; done',
    'exit 7',
    '',
  ].join('\n'),
);
chmodSync(join(bin, 'ssh'), 0o755);
const sshEnv = () => ({
  PATH: `${bin}:/usr/bin:/bin`,
  // SendSSHPublicKey's client does not take --endpoint-url (as in the CLI): it is configured for the service.
  AWS_ENDPOINT_URL_EC2_INSTANCE_CONNECT: moto!.endpoint,
});

async function runInstance(extra: string[] = []): Promise<{ id: string; publicIp?: string; privateIp: string }> {
  const r = await run(['ec2', 'run-instances', '--image-id', 'ami-12c6146b', '--count', '1', ...extra]);
  expect(r.code, r.err).toBe(0);
  const instance = (JSON.parse(r.out) as { Instances: Array<Record<string, string>> }).Instances[0]!;
  const described = await run(['ec2', 'describe-instances', '--instance-ids', instance.InstanceId!]);
  const full = (JSON.parse(described.out) as { Reservations: Array<{ Instances: Array<Record<string, string>> }> })
    .Reservations[0]!.Instances[0]!;
  return { id: full.InstanceId!, publicIp: full.PublicIpAddress, privateIp: full.PrivateIpAddress! };
}

describe.skipIf(!moto)('ec2-instance-connect ssh against moto_server', () => {
  it('pushes a new key for the user and runs ssh at the public address with the private key', async () => {
    const instance = await runInstance();
    expect(instance.publicIp).toBeTruthy();
    const requests: HttpRequest[] = [];
    const r = await run(
      [
        'ec2-instance-connect',
        'ssh',
        '--instance-id',
        instance.id,
        '--os-user',
        'ubuntu',
        '--local-forwarding',
        '8080:db:5432',
      ],
      { env: sshEnv(), requests },
    );
    expect([r.code, r.out, r.err]).toEqual([7, '', '']);
    const argv = readFileSync(join(dir, 'argv'), 'utf8').trimEnd().split('\n');
    const keyPath = argv[5]!;
    expect(argv).toEqual([
      '-o',
      'ServerAliveInterval=5',
      '-p',
      '22',
      '-i',
      keyPath,
      '-L',
      '8080:db:5432',
      `ubuntu@${instance.publicIp}`,
    ]);
    // The temporary key was readable by its owner only, and is gone now that ssh has ended.
    expect(readFileSync(join(dir, 'key-mode'), 'utf8').trim()).toBe('400');
    expect(keyPath).toMatch(/\/isoaws-[^/]+\/private-key$/);
    expect(existsSync(keyPath)).toBe(false);
    // What was pushed is the public half of the key ssh was given (ssh-keygen reads our private key file).
    const pushed = requests.find((q) => q.headers['X-Amz-Target']?.endsWith('SendSSHPublicKey'))!;
    const body = JSON.parse(new TextDecoder().decode(pushed.body as Uint8Array)) as Record<string, string>;
    expect(body).toMatchObject({ InstanceId: instance.id, InstanceOSUser: 'ubuntu' });
    expect(body.SSHPublicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}$/);
    chmodSync(join(dir, 'key'), 0o600);
    expect(execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'key')], { encoding: 'utf8' }).trim()).toBe(
      body.SSHPublicKey,
    );
  });

  it('with a key file pushes nothing; eice goes to the private address through open-tunnel as ProxyCommand', async () => {
    const instance = await runInstance();
    const requests: HttpRequest[] = [];
    const r = await run(
      [
        ...['ec2-instance-connect', 'ssh', '--instance-id', instance.id, '--private-key-file', 'my key.pem'],
        ...['--connection-type', 'eice', '--ssh-port', '2222', '--region', 'us-east-1', '--debug'],
        ...['--eice-options', 'endpointId=eice-0123,dnsName=eice-0123.example.com,maxTunnelDuration=600'],
      ],
      { env: sshEnv(), requests },
    );
    expect(r.code).toBe(7);
    expect(r.err).toContain("Invoking SSH command: ['");
    expect(requests.map((q) => q.headers['X-Amz-Target'] ?? 'ec2')).toEqual(['ec2']);
    const argv = readFileSync(join(dir, 'argv'), 'utf8').trimEnd().split('\n');
    const proxy = argv.find((w) => w.startsWith('ProxyCommand='))!;
    expect(argv).toEqual([
      '-o',
      'ServerAliveInterval=5',
      '-p',
      '2222',
      '-i',
      'my key.pem',
      '-v',
      '-o',
      proxy,
      `ec2-user@${instance.privateIp}`,
    ]);
    const self = `${process.execPath} ${fileURLToPath(new URL('../../bin/isoaws.js', import.meta.url))}`;
    expect(proxy).toBe(
      `ProxyCommand=${self} ec2-instance-connect open-tunnel --instance-id ${instance.id} --private-ip-address ${instance.privateIp} --remote-port 2222 --region us-east-1 --instance-connect-endpoint-id eice-0123 --instance-connect-endpoint-dns-name eice-0123.example.com --max-tunnel-duration 600`,
    );
  });

  it('refuses bad arguments before calling anything, with the CLI’s words and exit 252', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['--instance-id', 'x-1'],
        'The specified instance ID is invalid. Provide the full instance ID in the form i-xxxxxxxxxxxxxxxxx.',
      ],
      [
        ['--instance-id', 'i-1', '--connection-type', 'direct', '--eice-options', 'endpointId=eice-1'],
        "eice-options can't be specified when connection type is direct.",
      ],
      [
        ['--instance-id', 'i-1', '--eice-options', 'dnsName=x.com'],
        'When specifying dnsName, you must specify endpointId.',
      ],
      [
        ['--instance-id', 'i-1', '--eice-options', 'maxTunnelDuration=0'],
        'Invalid value specified for maxTunnelDuration. Value must be greater than 1 and less than 3600.',
      ],
      [
        ['--instance-id', 'i-1', '--eice-options', 'endpointId=x'],
        'The specified endpointId is invalid. Provide the full EC2 Instance Connect Endpoint ID in the form eice-xxxxxxxxxxxxxxxxx.',
      ],
      [
        ['--instance-id', 'i-1', '--eice-options', 'endpointId=eice-1,dnsName=a_b'],
        'The specified dnsName is invalid.',
      ],
      [
        ['--instance-id', 'i-1', '--instance-ip', '10.0.0.1'],
        'When specifying instance-ip, you must specify connection-type.',
      ],
    ];
    for (const [args, message] of cases) {
      const requests: HttpRequest[] = [];
      const r = await run(['ec2-instance-connect', 'ssh', ...args], { env: sshEnv(), requests });
      expect([r.code, r.err, requests.length]).toEqual([252, `\n${message}\n`, 0]);
    }
  });

  it('without ssh on PATH fails as the CLI does (253) and pushes no key', async () => {
    const instance = await runInstance();
    const requests: HttpRequest[] = [];
    const r = await run(['ec2-instance-connect', 'ssh', '--instance-id', instance.id, '--connection-type', 'direct'], {
      env: { ...sshEnv(), PATH: join(dir, 'nothing') },
      requests,
    });
    expect([r.code, r.err]).toEqual([
      253,
      '\nSSH not available. Please refer to the documentation at https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Connect-using-EC2-Instance-Connect-Endpoint.html.\n',
    ]);
    expect(requests.some((q) => q.headers['X-Amz-Target']?.endsWith('SendSSHPublicKey'))).toBe(false);
  });
});

/** The query of the stand-in's latest opening request, as pairs. */
const lastQuery = () => [...new URL(`https://x${wsServer.openings.at(-1)!.target}`).searchParams];

const TUNNEL = [
  ...['ec2-instance-connect', 'open-tunnel', '--private-ip-address', '10.1.2.3', '--remote-port', '5432'],
  ...['--instance-connect-endpoint-id', 'eice-0abc'],
];

describe('ec2-instance-connect open-tunnel against a WebSocket stand-in', () => {
  const dnsName = () => `localhost:${wsServer.port}`;

  it('relays stdin to the tunnel and the tunnel to stdout, on a presigned URL', async () => {
    const received: Uint8Array[] = [];
    serve = (side) =>
      void (async () => {
        side.sendFrame(0x2, new TextEncoder().encode('SSH-2.0-OpenSSH_9.6\r\n'));
        for await (const message of side.messages) received.push(message);
      })();
    const input = new Uint8Array(150_000).map((_, i) => i % 251);
    const r = await run(
      [
        ...TUNNEL,
        '--instance-connect-endpoint-dns-name',
        dnsName(),
        '--max-tunnel-duration',
        '900',
        '--ca-bundle',
        wsServer.caFile,
      ],
      {
        stdin: input,
        endpoint: 'http://127.0.0.1:9',
      },
    );
    expect([r.code, r.err]).toEqual([0, '']);
    expect(new TextDecoder().decode(r.bytes)).toBe('SSH-2.0-OpenSSH_9.6\r\n');
    // Sent in messages of at most 65,000 bytes, all of it, in order.
    expect(received.map((m) => m.length)).toEqual([65_000, 65_000, 20_000]);
    expect(Buffer.concat(received)).toEqual(Buffer.from(input));
    const opening = wsServer.openings.at(-1)!;
    expect(opening.target.startsWith('/openTunnel?')).toBe(true);
    expect(opening.headers.host).toBe(dnsName());
    const query = lastQuery();
    expect(query.slice(0, 4)).toEqual([
      ['instanceConnectEndpointId', 'eice-0abc'],
      ['remotePort', '5432'],
      ['privateIpAddress', '10.1.2.3'],
      ['maxTunnelDuration', '900'],
    ]);
    expect(Object.fromEntries(query.slice(4))).toMatchObject({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': expect.stringMatching(/^testing\/\d{8}\/us-east-1\/ec2-instance-connect\/aws4_request$/),
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('fails with the reason of a close other than normal, and on a refused opening', async () => {
    serve = (side) => side.close(4000, 'Connection to the instance failed');
    const args = [...TUNNEL, '--instance-connect-endpoint-dns-name', dnsName(), '--ca-bundle', wsServer.caFile];
    const closed = await run(args, { stdin: new Uint8Array(), endpoint: 'http://127.0.0.1:9' });
    expect([closed.code, closed.err]).toEqual([255, '\nWebsocket Closure Reason: Connection to the instance failed\n']);
    wsServer.refuseNext(403, 'Forbidden');
    const refused = await run(args, { stdin: new Uint8Array([1]), endpoint: 'http://127.0.0.1:9' });
    expect([refused.code, refused.err]).toEqual([
      255,
      `\nCould not open a WebSocket to "wss://${dnsName()}/openTunnel": the server answered 403 Refused: Forbidden\n`,
    ]);
  });

  it('with --local-port gives each connection a tunnel of its own until Ctrl-C', async () => {
    serve = (side) =>
      void (async () => {
        for await (const message of side.messages) side.sendFrame(0x2, Buffer.concat([Buffer.from('echo:'), message]));
      })();
    const port = await freePort();
    let out = '';
    const host = createNodeHost({
      env: {
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_DEFAULT_REGION: 'us-east-1',
        HOME: dir,
        AWS_CONFIG_FILE: join(dir, 'none'),
      },
      homeDir: dir,
      stdout: { write: (t) => void (out += String(t)) },
      stderr: { write: (t) => void (out += String(t)) },
    });
    const interrupt = new AbortController();
    const running = runCli(
      [
        ...TUNNEL,
        '--instance-connect-endpoint-dns-name',
        dnsName(),
        '--local-port',
        String(port),
        '--ca-bundle',
        wsServer.caFile,
      ],
      host,
      { signal: interrupt.signal },
    );
    await expect.poll(() => out).toContain(`Listening for connections on port ${port}.`);
    const exchange = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(text));
        socket.on('data', (d) => {
          resolve(d.toString());
          socket.end();
        });
        socket.on('error', reject);
      });
    expect(await Promise.all([exchange('one'), exchange('two')])).toEqual(['echo:one', 'echo:two']);
    await expect.poll(() => out).toContain('Closing tcp connection.');
    interrupt.abort();
    expect(await running).toBe(130);
    expect(
      out
        .split('\n')
        .filter((l) => l.includes('Accepted'))
        .sort(),
    ).toEqual([
      '[1] Accepted new tcp connection, opening websocket tunnel.',
      '[2] Accepted new tcp connection, opening websocket tunnel.',
    ]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
