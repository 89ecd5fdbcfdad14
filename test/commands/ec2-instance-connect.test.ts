/**
 * `ec2-instance-connect ssh` and `open-tunnel` where moto cannot go (it has no Instance Connect
 * Endpoints): the endpoint found by id or in the instance's VPC (its subnet's first, across pages), its
 * FIPS name, the ProxyCommand built from it, the tunnel's presigned URL (checked against one botocore
 * signed with the same time and keys), the OpenSSH key formats, the route each connection type takes,
 * and what a host without programs, sockets or stdin says. A recording host in memory stands in for AWS.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { openSshPrivateKey, openSshPublicKey } from '../../src/commands/ec2-instance-connect/openssh-key.js';
import { chooseRoute } from '../../src/commands/ec2-instance-connect/ssh.js';
import { tunnelUrl } from '../../src/commands/ec2-instance-connect/tunnel-url.js';
import { fromBase64 } from '../../src/core/protocols/shared.js';
import type { HttpRequest, WebSocketConnection } from '../../src/core/host.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKID',
  AWS_SECRET_ACCESS_KEY: 's',
  AWS_DEFAULT_REGION: 'us-west-2',
  PATH: '/opt/bin',
};
const XML = { 'content-type': 'text/xml' };

const instanceXml = (fields: string) =>
  `<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-0abcdef012345678</instanceId>${fields}</item></instancesSet></item></reservationSet></DescribeInstancesResponse>`;
const endpointsXml = (items: Array<Record<string, string>>, nextToken?: string) =>
  `<DescribeInstanceConnectEndpointsResponse><instanceConnectEndpointSet>${items
    .map(
      (i) =>
        `<item>${Object.entries(i)
          .map(([k, v]) => `<${k}>${v}</${k}>`)
          .join('')}</item>`,
    )
    .join(
      '',
    )}</instanceConnectEndpointSet>${nextToken ? `<nextToken>${nextToken}</nextToken>` : ''}</DescribeInstanceConnectEndpointsResponse>`;

const form = (req: HttpRequest) => new URLSearchParams(new TextDecoder().decode(req.body as Uint8Array));

/** A host answering EC2 from `answers` by action, with ssh on PATH, a fixed key pair and recorded programs. */
async function sshHost(answers: Record<string, string[]>, env: Record<string, string> = {}) {
  const served: Record<string, number> = {};
  const host: MemoryHost = createMemoryHost(
    (req) => {
      if (req.headers['X-Amz-Target'])
        return reply(200, '{"RequestId":"r","Success":true}', { 'content-type': 'application/x-amz-json-1.1' });
      const action = form(req).get('Action')!;
      const i = (served[action] = (served[action] ?? -1) + 1);
      return reply(200, answers[action]![i]!, XML);
    },
    { env: { ...ENV, ...env } },
  );
  await host.fs.writeFile('/opt/bin/ssh', '', { mode: 0o755 });
  const lines: string[] = [];
  host.runShell = async (line) => {
    lines.push(line);
    return 0;
  };
  host.selfCommand = ['/usr/bin/node', '/opt/isoaws/bin/isoaws.js'];
  host.ed25519KeyPair = async () => ({ seed: new Uint8Array(32).fill(1), publicKey: new Uint8Array(32).fill(2) });
  let removed = false;
  host.fs.tempDir = async () => ({
    path: '/tmp/isoaws-k',
    remove: async () => {
      removed = true;
    },
  });
  return { host, lines, removed: () => removed };
}

describe('ec2-instance-connect ssh through an endpoint', () => {
  const privateOnly = instanceXml(
    '<privateIpAddress>10.0.1.5</privateIpAddress><vpcId>vpc-1</vpcId><subnetId>subnet-b</subnetId>',
  );

  it('auto goes to a private address through the VPC’s endpoint in the instance’s subnet, looked for across pages', async () => {
    const { host, lines, removed } = await sshHost({
      DescribeInstances: [privateOnly],
      DescribeInstanceConnectEndpoints: [
        endpointsXml([{ instanceConnectEndpointId: 'eice-a', subnetId: 'subnet-a', dnsName: 'a.example' }], 't2'),
        endpointsXml([{ instanceConnectEndpointId: 'eice-b', subnetId: 'subnet-b', dnsName: 'b.example' }]),
      ],
    });
    await host.fs.writeFile(
      '/home/test/.aws/config',
      '[profile dev]\naws_access_key_id = AKID\naws_secret_access_key = s\n',
    );
    const code = await runCli(
      ['ec2-instance-connect', 'ssh', '--instance-id', 'i-0abcdef012345678', '--profile', 'dev'],
      host,
    );
    expect([code, host.err]).toEqual([0, []]);
    expect(host.err).toEqual([]);
    const lookups = host.requests.map(form).filter((f) => f.get('Action') === 'DescribeInstanceConnectEndpoints');
    expect(lookups.map((f) => Object.fromEntries(f))).toEqual([
      expect.objectContaining({
        'Filter.1.Name': 'state',
        'Filter.1.Value.1': 'create-complete',
        'Filter.1.Value.4': 'update-complete',
        'Filter.2.Name': 'vpc-id',
        'Filter.2.Value.1': 'vpc-1',
      }),
      expect.objectContaining({ NextToken: 't2' }),
    ]);
    const pushed = host.requests.find((r) => r.headers['X-Amz-Target'])!;
    expect(JSON.parse(new TextDecoder().decode(pushed.body as Uint8Array))).toEqual({
      InstanceId: 'i-0abcdef012345678',
      InstanceOSUser: 'ec2-user',
      SSHPublicKey: openSshPublicKey(new Uint8Array(32).fill(2)),
    });
    expect(lines).toEqual([
      "/opt/bin/ssh -o ServerAliveInterval=5 -p 22 -i /tmp/isoaws-k/private-key -o 'ProxyCommand=/usr/bin/node /opt/isoaws/bin/isoaws.js ec2-instance-connect open-tunnel --instance-id i-0abcdef012345678 --private-ip-address 10.0.1.5 --remote-port 22 --profile dev --instance-connect-endpoint-id eice-b --instance-connect-endpoint-dns-name b.example' ec2-user@10.0.1.5",
    ]);
    const key = await host.fs.stat('/tmp/isoaws-k/private-key');
    expect(key?.mode).toBe(0o400);
    expect(new TextDecoder().decode(await host.fs.readFile('/tmp/isoaws-k/private-key'))).toBe(
      openSshPrivateKey(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), 0x80000000),
    );
    expect(removed()).toBe(true);
  });

  it('takes the endpoint named in --eice-options, and its FIPS name when FIPS endpoints are asked for', async () => {
    const named = endpointsXml([
      {
        instanceConnectEndpointId: 'eice-n',
        subnetId: 'subnet-x',
        dnsName: 'n.example',
        fipsDnsName: 'n.fips.example',
      },
    ]);
    const { host, lines } = await sshHost(
      { DescribeInstances: [privateOnly], DescribeInstanceConnectEndpoints: [named] },
      { AWS_USE_FIPS_ENDPOINT: 'true' },
    );
    const args = [
      'ec2-instance-connect',
      'ssh',
      '--instance-id',
      'i-0abcdef012345678',
      '--eice-options',
      'endpointId=eice-n',
    ];
    expect(await runCli([...args, '--private-key-file', 'k.pem'], host)).toBe(0);
    const lookup = Object.fromEntries(form(host.requests[1]!));
    expect(lookup).toMatchObject({ 'InstanceConnectEndpointId.1': 'eice-n', 'Filter.1.Name': 'state' });
    expect(lines[0]).toContain(
      '--instance-connect-endpoint-id eice-n --instance-connect-endpoint-dns-name n.fips.example',
    );
    expect(host.requests.some((r) => r.headers['X-Amz-Target'])).toBe(false);

    const noFips = await sshHost(
      {
        DescribeInstances: [privateOnly],
        DescribeInstanceConnectEndpoints: [
          endpointsXml([{ instanceConnectEndpointId: 'eice-n', dnsName: 'n.example' }]),
        ],
      },
      { AWS_USE_FIPS_ENDPOINT: 'true' },
    );
    expect(await runCli([...args, '--private-key-file', 'k.pem'], noFips.host)).toBe(253);
    expect(noFips.host.err.join('')).toBe('\nUnable to find FIPS Endpoint\n');
  });

  it('says when no endpoint can be used, and when the instance has no address', async () => {
    const none = await sshHost({
      DescribeInstances: [privateOnly],
      DescribeInstanceConnectEndpoints: [endpointsXml([])],
    });
    expect(await runCli(['ec2-instance-connect', 'ssh', '--instance-id', 'i-0abcdef012345678'], none.host)).toBe(252);
    expect(none.host.err.join('')).toBe('\nThere are no available instance connect endpoints.\n');
    const bare = await sshHost({ DescribeInstances: [instanceXml('')] });
    expect(await runCli(['ec2-instance-connect', 'ssh', '--instance-id', 'i-0abcdef012345678'], bare.host)).toBe(252);
    expect(bare.host.err.join('')).toBe('\nUnable to find any IP address on the instance to connect to.\n');
    expect([none.lines, bare.lines]).toEqual([[], []]);
  });
});

describe('the route of each connection type', () => {
  const all = { PublicIpAddress: '54.0.0.1', PrivateIpAddress: '10.0.0.1', Ipv6Address: '2600::1' };
  it('is the CLI’s', () => {
    expect(chooseRoute(all, 'auto', undefined, false)).toEqual({ address: '54.0.0.1', tunnel: false });
    expect(chooseRoute({ ...all, PublicIpAddress: undefined }, 'auto', undefined, false)).toEqual({
      address: '10.0.0.1',
      tunnel: true,
    });
    expect(chooseRoute({ Ipv6Address: '2600::1' }, 'auto', undefined, false)).toEqual({
      address: '2600::1',
      tunnel: false,
    });
    expect(chooseRoute({ PrivateIpAddress: '10.0.0.1', Ipv6Address: '2600::1' }, 'direct', undefined, false)).toEqual({
      address: '2600::1',
      tunnel: false,
    });
    expect(chooseRoute({ PrivateIpAddress: '10.0.0.1' }, 'direct', undefined, false)).toEqual({
      address: '10.0.0.1',
      tunnel: false,
    });
    expect(chooseRoute({ ...all, PrivateIpAddress: undefined }, 'eice', undefined, false)).toEqual({
      address: '2600::1',
      tunnel: true,
    });
    // Endpoint options mean an endpoint, even with auto and a public address.
    expect(chooseRoute(all, 'auto', undefined, true)).toEqual({ address: '10.0.0.1', tunnel: true });
    expect(chooseRoute(all, 'eice', '10.9.9.9', false)).toEqual({ address: '10.9.9.9', tunnel: true });
    expect(chooseRoute(all, 'direct', '10.9.9.9', false)).toEqual({ address: '10.9.9.9', tunnel: false });
  });
});

describe('the tunnel URL', () => {
  it('is signed as botocore signs it (the CLI’s eicesigner with the same time and keys)', async () => {
    const url = await tunnelUrl(
      { now: () => new Date('2024-01-02T03:04:05Z') },
      {
        dnsName: 'eice-0123456789abcdef0.abcd1234.ec2-instance-connect-endpoint.us-west-2.amazonaws.com',
        endpointId: 'eice-0123456789abcdef0',
        address: '10.0.0.12',
        remotePort: 22,
        maxTunnelDuration: 3600,
      },
      {
        region: 'us-west-2',
        credentials: {
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          sessionToken: 'tok/en=',
        },
      },
    );
    expect(url).toBe(
      'wss://eice-0123456789abcdef0.abcd1234.ec2-instance-connect-endpoint.us-west-2.amazonaws.com/openTunnel?instanceConnectEndpointId=eice-0123456789abcdef0&remotePort=22&privateIpAddress=10.0.0.12&maxTunnelDuration=3600&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2Fus-west-2%2Fec2-instance-connect%2Faws4_request&X-Amz-Date=20240102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=tok%2Fen%3D&X-Amz-Signature=1e258534e6fb67cc11c2037ef04ee9951a0ab49c9468ee88bdc683f1ac2b7d38',
    );
  });
});

describe('OpenSSH key formats', () => {
  it('write the public key blob and an unencrypted openssh-key-v1 file padded to 8 bytes', () => {
    const seed = new Uint8Array(32).map((_, i) => i);
    const pub = new Uint8Array(32).map((_, i) => 100 + i);
    const line = openSshPublicKey(pub);
    const blob = fromBase64(line.slice('ssh-ed25519 '.length));
    expect([...blob.subarray(0, 4)]).toEqual([0, 0, 0, 11]);
    expect(new TextDecoder().decode(blob.subarray(4, 15))).toBe('ssh-ed25519');
    expect([...blob.subarray(15, 19)]).toEqual([0, 0, 0, 32]);
    expect(blob.subarray(19)).toEqual(pub);

    const pem = openSshPrivateKey(seed, pub, 0x01020304);
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(lines.at(-1)).toBe('-----END OPENSSH PRIVATE KEY-----');
    expect(lines.slice(1, -1).every((l) => l.length <= 70)).toBe(true);
    const file = fromBase64(lines.slice(1, -1).join(''));
    const text = new TextDecoder('latin1').decode(file);
    expect(text.startsWith('openssh-key-v1\0')).toBe(true);
    // The private part: check twice, type, public key, seed then public key, empty comment, padding.
    // 131 bytes, padded to 136.
    expect(new DataView(file.buffer).getUint32(file.length - 140)).toBe(136);
    const section = file.subarray(file.length - 136);
    expect([...section.subarray(0, 8)]).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(section.subarray(27, 59)).toEqual(pub);
    expect(section.subarray(63, 95)).toEqual(seed);
    expect(section.subarray(95, 127)).toEqual(pub);
    expect([...section.subarray(127)]).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 5]);
  });
});

/** A fake WebSocket: records what is sent, answers with `replies`, then closes with `close`. */
function fakeSocket(replies: Array<Uint8Array | string>, close: { code?: number; reason: string }) {
  const sent: Uint8Array[] = [];
  const ws: WebSocketConnection = {
    messages: (async function* () {
      yield* replies;
    })(),
    send: async (bytes) => {
      sent.push(bytes);
    },
    close: () => undefined,
    closed: Promise.resolve(close),
  };
  return { ws, sent };
}

describe('ec2-instance-connect open-tunnel', () => {
  const tunnelHost = (instance?: string) => {
    const host = createMemoryHost(() => reply(200, instance ?? '', XML), {
      env: { ...ENV, AWS_ENDPOINT_URL_EC2: 'http://ec2.local' },
    });
    host.stdin = (async function* () {
      yield new TextEncoder().encode('hello');
    })();
    const urls: string[] = [];
    return { host, urls };
  };

  it('finds the instance’s private address and VPC endpoint, and relays stdin and stdout', async () => {
    const { host, urls } = tunnelHost();
    const answers = [
      instanceXml('<privateIpAddress>10.0.1.5</privateIpAddress><vpcId>vpc-1</vpcId><subnetId>subnet-b</subnetId>'),
      endpointsXml([{ instanceConnectEndpointId: 'eice-b', subnetId: 'subnet-b', dnsName: 'b.example' }]),
    ];
    host.send = async (req) => {
      host.requests.push(req);
      return reply(200, answers.shift()!, XML);
    };
    const written: Array<string | Uint8Array> = [];
    host.stdout = { write: (t) => void written.push(t) };
    const { ws, sent } = fakeSocket([new TextEncoder().encode('world')], { code: 1000, reason: '' });
    host.openWebSocket = async (url, opts) => {
      urls.push(url);
      expect(opts.headers['User-Agent']).toMatch(/^isoaws\//);
      return ws;
    };
    expect(
      await runCli(
        [
          'ec2-instance-connect',
          'open-tunnel',
          '--instance-id',
          'i-0abcdef012345678',
          '--endpoint-url',
          'http://other',
        ],
        host,
      ),
    ).toBe(0);
    // EC2 is called where it is configured, not at --endpoint-url (the CLI's client does not take it).
    expect(host.requests.map((r) => r.url)).toEqual(['http://ec2.local/', 'http://ec2.local/']);
    expect(urls[0]).toMatch(
      /^wss:\/\/b\.example\/openTunnel\?instanceConnectEndpointId=eice-b&remotePort=22&privateIpAddress=10\.0\.1\.5&X-Amz-Algorithm=/,
    );
    expect(sent.map((b) => new TextDecoder().decode(b))).toEqual(['hello']);
    expect(written).toEqual([new TextEncoder().encode('world')]);
  });

  it('fails on text from the server and refuses what it cannot do', async () => {
    const { host } = tunnelHost();
    host.openWebSocket = async () => fakeSocket(['oops'], { code: 1000, reason: '' }).ws;
    const args = ['ec2-instance-connect', 'open-tunnel', '--private-ip-address', '10.0.0.1'];
    const named = [
      ...args,
      '--instance-connect-endpoint-id',
      'eice-1',
      '--instance-connect-endpoint-dns-name',
      'x.example',
    ];
    expect(await runCli(named, host)).toBe(255);
    expect(host.err.join('')).toBe('\nReceived invalid data from server, closing websocket connection.\n');

    const refusals: Array<[string[], string, number]> = [
      [['--remote-port', '22'], 'Specify an instance id or private ip.', 252],
      [
        [...args.slice(2), '--instance-connect-endpoint-dns-name', 'x'],
        'Specify an instance connect endpoint id when providing a DNS name.',
        252,
      ],
      [args.slice(2), 'Specify an instance connect endpoint id when providing a private ip.', 252],
      [
        [...named.slice(2), '--max-tunnel-duration', '3601'],
        'Invalid max connection timeout specified. Value must be greater than 1 and less than 3600.',
        252,
      ],
      [[...named.slice(2), '--remote-port', 'ssh'], "invalid literal for int() with base 10: 'ssh'", 255],
    ];
    for (const [rest, message, code] of refusals) {
      const { host: fresh } = tunnelHost();
      expect(await runCli(['ec2-instance-connect', 'open-tunnel', ...rest], fresh)).toBe(code);
      expect(fresh.err.join('')).toBe(`\n${message}\n`);
    }

    const terminal = tunnelHost().host;
    terminal.stdinIsTerminal = true;
    terminal.openWebSocket = host.openWebSocket;
    expect(await runCli(named, terminal)).toBe(252);
    expect(terminal.err.join('')).toBe(
      '\nThis command does not support interactive mode. You must use this command as a proxy or in listener mode. \n',
    );

    // The memory host is a browser's: no WebSocket client, no listener, no programs.
    const browser = tunnelHost().host;
    expect(await runCli([...named, '--local-port', '2222'], browser)).toBe(255);
    expect(browser.err.join('')).toBe(
      '\nec2-instance-connect open-tunnel cannot be run here: this host cannot open WebSocket connections.\n',
    );
    expect(await runCli(['ec2-instance-connect', 'ssh', '--instance-id', 'i-1'], browser)).toBe(255);
    expect(browser.err.join('')).toContain(
      'ec2-instance-connect ssh cannot be run here: this host does not run programs.',
    );
    expect(browser.requests).toEqual([]);
  });
});
