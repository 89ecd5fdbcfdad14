/**
 * `ec2-instance-connect open-tunnel` (the CLI's opentunnel.py and websocket.py): a TCP tunnel to a
 * port of an instance in a private subnet, through an EC2 Instance Connect Endpoint. The instance's
 * private address, VPC and subnet come from DescribeInstances unless `--private-ip-address` is given;
 * the endpoint is the one named or one found in the instance's VPC (lookup.ts). Each tunnel is a
 * WebSocket to the endpoint's presigned URL (tunnel-url.ts) whose binary messages carry the bytes.
 *
 * Without `--local-port` (or with 0, as in the CLI) there is one tunnel, between stdin and stdout — an
 * ssh ProxyCommand — refused when stdin is a terminal. With it, connections to 127.0.0.1 on that port
 * each get a tunnel of their own, at most `--max-websocket-connections` at once, until Ctrl-C. A tunnel
 * that cannot be opened ends the command, as in the CLI.
 *
 * The EC2 client is made without `--endpoint-url`, as the CLI makes it (nested-client.ts); ssh's
 * ProxyCommand names the endpoint, so it never calls EC2. The WebSocket honours `--no-verify-ssl` and
 * `--ca-bundle` as every other connection does. A browser can run neither mode: it has no stdin and
 * cannot listen for connections.
 */
import { AbortedError } from '../../core/errors.js';
import type { Client } from '../../core/client.js';
import type { ByteStream, Host, WebSocketConnection } from '../../core/host.js';
import { VERSION } from '../../core/version.js';
import { commandPage, valueOption, type CommandEnv, type CommandModule } from '../../cli/command.js';
import { ArgumentError } from '../../cli/usage.js';
import { nestedClient } from '../nested-client.js';
import { describeInstance, endpointDnsName, findEndpoint } from './lookup.js';
import { cannotRunHere, readEicOptions, signingIdentity, type EicOption } from './options.js';
import { relay, type LocalEnd } from './relay.js';
import { tunnelUrl, type TunnelTarget } from './tunnel-url.js';

const OPTIONS: EicOption[] = [
  valueOption('instance-id', 'string', 'Specify the id of the EC2 instance that a tunnel should be opened for.'),
  valueOption(
    'instance-connect-endpoint-id',
    'string',
    'Specify the EC2 Instance Connect Endpoint Id that should be used to open the tunnel.',
  ),
  valueOption(
    'instance-connect-endpoint-dns-name',
    'string',
    'Specify the EC2 Instance Connect Endpoint DNS Name that should be used to open the tunnel. If this is specified, you must specify instance-connect-endpoint-id.',
  ),
  valueOption(
    'private-ip-address',
    'string',
    'Specify the private IPv4 (or IPv6) address to open a tunnel for. If this is specified, you must specify instance-connect-endpoint-id.',
  ),
  {
    ...valueOption(
      'remote-port',
      'integer',
      'Specify the remote port to connect to on the instance. This defaults to port 22.',
    ),
    integer: true,
    default: 22,
  },
  {
    ...valueOption(
      'local-port',
      'integer',
      'Specify the local port to listen on. Each new connection will have a separate websocket tunnel read and write to it.',
    ),
    integer: true,
  },
  {
    ...valueOption(
      'max-tunnel-duration',
      'integer',
      'Specify the maximum time, in seconds, to keep a websocket tunnel alive for. This defaults to 3600 seconds.',
    ),
    integer: true,
  },
  {
    ...valueOption(
      'max-websocket-connections',
      'integer',
      'Specify the maximum amount of websocket connections allowed when local-port is specified. This value defaults to 10.',
    ),
    integer: true,
    default: 10,
  },
];

const PAGE = commandPage(
  {
    name: 'open-tunnel',
    description:
      'Opens a websocket tunnel to the specified EC2 Instance or IP address, through an EC2 Instance Connect Endpoint. Without --local-port the tunnel carries stdin and stdout (use it as an ssh ProxyCommand); with it, each connection to that port on 127.0.0.1 gets a tunnel of its own.',
    examples: [
      'isoaws ec2-instance-connect open-tunnel --instance-id i-1234567890abcdef0 --local-port 2222',
      "ssh -o ProxyCommand='isoaws ec2-instance-connect open-tunnel --instance-id i-1234567890abcdef0' ec2-user@i-1234567890abcdef0",
    ],
  },
  OPTIONS,
);

export const openTunnelCommand: CommandModule = {
  async run(env, args) {
    const values = await readEicOptions(env, 'open-tunnel', OPTIONS, args);
    const text = (name: string) => values.get(name) as string | undefined;
    const localPort = values.get('local-port') as number | undefined;
    const { host } = env.ctx;
    validate(values, host);
    let address = text('private-ip-address');
    let place: { vpcId?: string; subnetId?: string } = {};
    let ec2: Client | undefined;
    const ec2Client = async () => (ec2 ??= await nestedClient(env, 'EC2'));
    if (!address) {
      const instance = await describeInstance(await ec2Client(), text('instance-id')!, env.ctx.signal);
      place = { vpcId: instance.VpcId, subnetId: instance.SubnetId };
      // An instance without a private IPv4 (an IPv6-only subnet) is reached at its IPv6 address.
      address = instance.PrivateIpAddress || instance.Ipv6Address;
      if (!address) throw new ArgumentError('Unable to find any IP address on the instance to connect to.');
    }
    let endpointId = text('instance-connect-endpoint-id');
    let dnsName = text('instance-connect-endpoint-dns-name');
    if (!dnsName) {
      const client = await ec2Client();
      const endpoint = await findEndpoint(client, { endpointId, ...place }, env.ctx.signal);
      endpointId = endpoint.InstanceConnectEndpointId;
      dnsName = endpointDnsName(endpoint, client.config.useFipsEndpoint === true);
    }
    env.ctx.debug?.log('awscli.customizations.ec2instanceconnect.opentunnel', `Using endpoint dns: ${dnsName}`);
    const target: TunnelTarget = {
      dnsName,
      endpointId: endpointId!,
      address,
      remotePort: values.get('remote-port') as number,
      maxTunnelDuration: values.get('max-tunnel-duration') as number | undefined,
    };
    const open = await tunnelOpener(env, target);
    if (localPort) await listen(env, localPort, values.get('max-websocket-connections') as number, open);
    else await stdioTunnel(env, open);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** The CLI's checks, in its order, before anything is sent; and what the host must have for the mode asked. */
function validate(values: Map<string, unknown>, host: Host): void {
  const has = (name: string) => Boolean(values.get(name));
  if (!has('instance-id') && !has('private-ip-address'))
    throw new ArgumentError('Specify an instance id or private ip.');
  if (has('instance-connect-endpoint-dns-name') && !has('instance-connect-endpoint-id'))
    throw new ArgumentError('Specify an instance connect endpoint id when providing a DNS name.');
  if (has('private-ip-address') && !has('instance-connect-endpoint-id'))
    throw new ArgumentError('Specify an instance connect endpoint id when providing a private ip.');
  const duration = values.get('max-tunnel-duration') as number | undefined;
  if (duration !== undefined && (duration < 1 || duration > 3600))
    throw new ArgumentError(
      'Invalid max connection timeout specified. Value must be greater than 1 and less than 3600.',
    );
  // As in the CLI, `--local-port 0` escapes this check but still means stdin and stdout.
  const listening = has('local-port');
  if (values.get('local-port') === undefined && host.stdinIsTerminal)
    throw new ArgumentError(
      'This command does not support interactive mode. You must use this command as a proxy or in listener mode. ',
    );
  if (!host.openWebSocket) throw cannotRunHere('open-tunnel', 'cannot open WebSocket connections');
  if (listening && !host.listenTcp) throw cannotRunHere('open-tunnel', 'cannot listen for connections');
  if (!listening && !host.stdin) throw cannotRunHere('open-tunnel', 'has no standard input to carry');
}

/** Opens a new tunnel's WebSocket, its URL signed afresh (a URL is good for 60 seconds). */
type Opener = () => Promise<WebSocketConnection>;

async function tunnelOpener(env: CommandEnv, target: TunnelTarget): Promise<Opener> {
  const client = await env.client();
  const identity = await signingIdentity(client);
  const { host, signal } = env.ctx;
  const { verifySsl, caBundle, connectTimeoutMs } = client.config;
  return async () =>
    host.openWebSocket!(await tunnelUrl(host, target, identity), {
      headers: { 'User-Agent': `isoaws/${VERSION}` },
      tls: { verify: verifySsl !== false, caBundle },
      connectTimeoutMs,
      signal,
    });
}

/** One tunnel between stdin and stdout; Ctrl-C closes it. */
async function stdioTunnel(env: CommandEnv, open: Opener): Promise<void> {
  const { host, signal } = env.ctx;
  const ws = await open();
  const onAbort = () => ws.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const local: LocalEnd = { readable: host.stdin!, write: (bytes) => host.stdout.write(bytes) };
    await relay(local, ws);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw new AbortedError();
}

/**
 * Listens on `port` until Ctrl-C, with a tunnel for each connection while fewer than `max` are open;
 * one that cannot be opened ends the command with its error, the others closed.
 */
async function listen(env: CommandEnv, port: number, max: number, open: Opener): Promise<void> {
  const { host, signal } = env.ctx;
  const tunnels = new Set<WebSocketConnection>();
  let inFlight = 0;
  let nextId = 1;
  let fail!: (err: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const accept = (connection: ByteStream) => {
    if (inFlight >= max) {
      host.stdout.write(`Max websocket connections ${max} have been reached, closing incoming connection.\n`);
      connection.close();
      return;
    }
    const id = nextId++;
    inFlight++;
    host.stdout.write(`[${id}] Accepted new tcp connection, opening websocket tunnel.\n`);
    void (async () => {
      let ws: WebSocketConnection;
      try {
        ws = await open();
      } catch (err) {
        inFlight--;
        connection.close();
        return fail(err);
      }
      tunnels.add(ws);
      try {
        await relay(connection, ws);
      } catch (err) {
        host.stderr.write(`[${id}] Encountered error with websocket: ${(err as Error).message}\n`);
      } finally {
        tunnels.delete(ws);
        inFlight--;
        connection.close();
        host.stdout.write(`[${id}] Closing tcp connection.\n`);
      }
    })();
  };
  const listener = await host.listenTcp!(port, accept);
  host.stdout.write(`Listening for connections on port ${port}.\n`);
  const interrupted = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    await Promise.race([interrupted, failed]);
  } finally {
    for (const ws of tunnels) ws.close();
    await listener.close();
  }
  throw new AbortedError();
}
