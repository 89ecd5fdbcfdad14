/**
 * `ec2-instance-connect ssh` (the CLI's ssh.py): OpenSSH's ssh run on the terminal against an instance,
 * its exit status the command's. The instance is looked up (DescribeInstances, at `--endpoint-url` as in
 * the CLI) for the address to connect to, which `--connection-type` chooses: `direct` its public IPv4,
 * else IPv6, else private IPv4; `eice` its private IPv4, else IPv6, through an EC2 Instance Connect
 * Endpoint — ssh's ProxyCommand runs this CLI's `open-tunnel` with the endpoint found (lookup.ts);
 * `auto` a public IPv4 directly, else a private IPv4 through the endpoint, else IPv6 directly.
 *
 * Unless `--private-key-file` is given, a new Ed25519 key pair is made (the Host's), its public half
 * pushed to the instance with SendSSHPublicKey (good for 60 seconds; that client is made without
 * `--endpoint-url`, as the CLI makes it) and its private half written, readable by its owner only, to a
 * temporary directory removed once ssh has ended. Nothing is printed; `--debug` adds ssh's `-v`.
 *
 * Unlike the CLI, which pushes the key first, ssh is looked for on PATH before the key is pushed. A
 * browser cannot run ssh: the command says so before calling anything.
 */
import { AbortedError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { shellQuote } from '../../cli/alias.js';
import { commandPage, valueOption, type CommandEnv, type CommandModule } from '../../cli/command.js';
import { ArgumentError, ConfigurationError } from '../../cli/usage.js';
import { nestedClient } from '../nested-client.js';
import { describeInstance, endpointDnsName, findEndpoint } from './lookup.js';
import { openSshPrivateKey, openSshPublicKey } from './openssh-key.js';
import { cannotRunHere, readEicOptions, type EicOption } from './options.js';

const CONNECTION_TYPES = ['auto', 'direct', 'eice'] as const;
type ConnectionType = (typeof CONNECTION_TYPES)[number];

interface EiceOptions {
  maxTunnelDuration?: number;
  endpointId?: string;
  dnsName?: string;
}

const OPTIONS: EicOption[] = [
  valueOption('instance-id', 'string', 'Specify the ID of the EC2 instance to connect to.', { required: true }),
  valueOption('instance-ip', 'string', 'Specify the IP address of the instance to connect to.'),
  valueOption('private-key-file', 'string', 'Specify the path to the private key file for login.'),
  { ...valueOption('os-user', 'string', 'Specify the OS SSH user. (Default: ec2-user)'), default: 'ec2-user' },
  { ...valueOption('ssh-port', 'integer', 'Specify the SSH port. (Default: 22)'), integer: true, default: '22' },
  valueOption(
    'local-forwarding',
    'string',
    'Specify the local forwarding specification as defined by your OpenSSH client. (Example: 3336:remote.host:3306)',
  ),
  {
    ...valueOption(
      'connection-type',
      'string',
      'Specify how to SSH into the instance. (Default: auto) direct: SSH directly to the instance, trying its public IPv4, then IPv6, then private IPv4 address. eice: SSH through an EC2 Instance Connect Endpoint to its private IPv4 address, or IPv6 when it has no private IPv4. auto: a public IPv4 directly, else a private IPv4 through an endpoint, else IPv6 directly; the choice may change in the future, so set direct or eice explicitly to be sure.',
      { choices: CONNECTION_TYPES },
    ),
    default: 'auto',
  },
  {
    ...valueOption(
      'eice-options',
      'structure',
      'Specify the options for your EC2 Instance Connect Endpoint: maxTunnelDuration (integer; the longest, in seconds, an established TCP connection may last; default 3600), endpointId (string; the endpoint to open the tunnel with), dnsName (string; the endpoint DNS name to open the tunnel with; needs endpointId). Shorthand: maxTunnelDuration=integer,endpointId=string,dnsName=string',
    ),
    schema: {
      type: 'object',
      properties: {
        maxTunnelDuration: { type: 'integer' },
        endpointId: { type: 'string' },
        dnsName: { type: 'string' },
      },
    },
  },
];

const PAGE = commandPage(
  {
    name: 'ssh',
    description:
      'Connect to your EC2 instance using your OpenSSH client. Unless --private-key-file is given, a new key pair is made and its public key pushed to the instance with SendSSHPublicKey for this connection.',
    examples: [
      'isoaws ec2-instance-connect ssh --instance-id i-1234567890abcdef0',
      'isoaws ec2-instance-connect ssh --instance-id i-1234567890abcdef0 --connection-type eice --os-user ubuntu',
    ],
  },
  OPTIONS,
);

const SSH_DOCS = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Connect-using-EC2-Instance-Connect-Endpoint.html';

export const sshCommand: CommandModule = {
  async run(env, args) {
    const { host } = env.ctx;
    if (!host.runShell) throw cannotRunHere('ssh', 'does not run programs');
    const values = await readEicOptions(env, 'ssh', OPTIONS, args);
    const text = (name: string) => values.get(name) as string | undefined;
    // Python's truth: `--eice-options '{}'` counts as not given.
    const given = values.get('eice-options') as EiceOptions | undefined;
    const eice = given && Object.keys(given).length ? given : undefined;
    const connectionType = text('connection-type') as ConnectionType;
    validate(values, eice);
    const instanceId = text('instance-id')!;

    const ec2 = await env.client('EC2');
    const instance = await describeInstance(ec2, instanceId, env.ctx.signal);
    const route = chooseRoute(instance, connectionType, text('instance-ip'), eice !== undefined);
    let endpointId = eice?.endpointId;
    let dnsName = eice?.dnsName;
    if (route.tunnel && !dnsName) {
      const endpoint = await findEndpoint(
        ec2,
        { endpointId, vpcId: instance.VpcId, subnetId: instance.SubnetId },
        env.ctx.signal,
      );
      endpointId = endpoint.InstanceConnectEndpointId;
      dnsName = endpointDnsName(endpoint, ec2.config.useFipsEndpoint === true);
    }
    if (route.tunnel && !host.selfCommand) throw cannotRunHere('ssh', 'cannot run this CLI as a ProxyCommand');
    const ssh = await findProgram(host, 'ssh');
    if (!ssh) throw new ConfigurationError(`SSH not available. Please refer to the documentation at ${SSH_DOCS}.`);

    const port = String(values.get('ssh-port'));
    const user = text('os-user')!;
    const command = [ssh, '-o', 'ServerAliveInterval=5', '-p', port, '-i', '', `${user}@${route.address}`];
    const options: string[] = [];
    if (text('local-forwarding')) options.push('-L', text('local-forwarding')!);
    if (env.ctx.globals.debug) options.push('-v');
    if (route.tunnel) {
      const proxy = proxyCommand(env, host.selfCommand!, {
        instanceId,
        address: route.address,
        port,
        endpointId,
        dnsName,
        maxTunnelDuration: eice?.maxTunnelDuration,
      });
      options.push('-o', `ProxyCommand=${proxy.map(shellQuote).join(' ')}`);
    }
    command.splice(-1, 0, ...options);

    let keyFile = text('private-key-file');
    let temporary: { path: string; remove(): Promise<void> } | undefined;
    try {
      if (!keyFile) {
        temporary = await pushNewKey(env, instanceId, user);
        keyFile = `${temporary.path}/private-key`;
      }
      command[6] = keyFile;
      env.ctx.debug?.log(
        'awscli.customizations.ec2instanceconnect.ssh',
        `Invoking SSH command: [${command.map((w) => `'${w}'`).join(', ')}]`,
      );
      const status = await host.runShell(command.map(shellQuote).join(' '));
      if (env.ctx.signal?.aborted) throw new AbortedError();
      // A program ended by signal N is -N, which the CLI's exit code shows modulo 256.
      return status < 0 ? 256 + status : status;
    } finally {
      await temporary?.remove();
    }
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** The CLI's checks of the arguments, in its order. */
function validate(values: Map<string, unknown>, eice: EiceOptions | undefined): void {
  if (!/^i-[0-9a-zA-Z]+$/.test(values.get('instance-id') as string))
    throw new ArgumentError(
      'The specified instance ID is invalid. Provide the full instance ID in the form i-xxxxxxxxxxxxxxxxx.',
    );
  const connectionType = values.get('connection-type') as ConnectionType;
  if (connectionType === 'direct' && eice)
    throw new ArgumentError("eice-options can't be specified when connection type is direct.");
  if (eice?.dnsName && !eice.endpointId)
    throw new ArgumentError('When specifying dnsName, you must specify endpointId.');
  const duration = eice?.maxTunnelDuration;
  if (duration !== undefined && (duration < 1 || duration > 3600))
    throw new ArgumentError(
      'Invalid value specified for maxTunnelDuration. Value must be greater than 1 and less than 3600.',
    );
  if (eice?.endpointId && !/^eice-[0-9a-zA-Z_]+$/.test(eice.endpointId))
    throw new ArgumentError(
      'The specified endpointId is invalid. Provide the full EC2 Instance Connect Endpoint ID in the form eice-xxxxxxxxxxxxxxxxx.',
    );
  if (eice?.dnsName && !/^[0-9a-zA-Z.-]+$/.test(eice.dnsName))
    throw new ArgumentError('The specified dnsName is invalid.');
  if (values.get('instance-ip') && connectionType === 'auto')
    throw new ArgumentError('When specifying instance-ip, you must specify connection-type.');
}

/** The address to connect to and whether through an endpoint's tunnel, by the connection type. */
export function chooseRoute(
  instance: { PublicIpAddress?: string; PrivateIpAddress?: string; Ipv6Address?: string },
  connectionType: ConnectionType,
  instanceIp: string | undefined,
  eiceOptions: boolean,
): { address: string; tunnel: boolean } {
  const { PublicIpAddress: publicIp, PrivateIpAddress: privateIp, Ipv6Address: ipv6 } = instance;
  let route: { address: string | undefined; tunnel: boolean };
  if (instanceIp) route = { address: instanceIp, tunnel: connectionType === 'eice' };
  // Endpoint options make the connection go through an endpoint, whatever the type (direct is refused).
  else if (connectionType === 'eice' || eiceOptions) route = { address: privateIp || ipv6, tunnel: true };
  else if (connectionType === 'direct') route = { address: publicIp || ipv6 || privateIp, tunnel: false };
  else if (publicIp) route = { address: publicIp, tunnel: false };
  else if (privateIp) route = { address: privateIp, tunnel: true };
  else route = { address: ipv6, tunnel: false };
  if (!route.address) throw new ArgumentError('Unable to find any IP address on the instance to connect to.');
  return { address: route.address, tunnel: route.tunnel };
}

/**
 * The ProxyCommand's words: this CLI's `open-tunnel` to the instance's address and port, with the
 * region and profile given on the command line and the endpoint already found.
 */
function proxyCommand(
  env: CommandEnv,
  self: readonly string[],
  t: {
    instanceId: string;
    address: string;
    port: string;
    endpointId?: string;
    dnsName?: string;
    maxTunnelDuration?: number;
  },
): string[] {
  const { region, profile } = env.ctx.globals;
  const words = [...self, 'ec2-instance-connect', 'open-tunnel', '--instance-id', t.instanceId];
  words.push('--private-ip-address', t.address, '--remote-port', t.port);
  if (region) words.push('--region', region);
  if (profile) words.push('--profile', profile);
  if (t.endpointId) words.push('--instance-connect-endpoint-id', t.endpointId);
  if (t.dnsName) words.push('--instance-connect-endpoint-dns-name', t.dnsName);
  if (t.maxTunnelDuration) words.push('--max-tunnel-duration', String(t.maxTunnelDuration));
  return words;
}

/**
 * A new key pair: the public key pushed to the instance for `user`, the private key written (mode
 * 0400) as `private-key` in a new temporary directory, which the caller removes.
 */
async function pushNewKey(
  env: CommandEnv,
  instanceId: string,
  user: string,
): Promise<{ path: string; remove(): Promise<void> }> {
  const { host } = env.ctx;
  if (!host.ed25519KeyPair) throw cannotRunHere('ssh', 'cannot make key pairs');
  if (!host.fs.tempDir) throw cannotRunHere('ssh', 'has no temporary files');
  const { seed, publicKey } = await host.ed25519KeyPair();
  const client = await nestedClient(env, 'EC2_INSTANCE_CONNECT');
  await client.send(
    'ec2-instance-connect',
    'SendSSHPublicKey',
    { InstanceId: instanceId, InstanceOSUser: user, SSHPublicKey: openSshPublicKey(publicKey) },
    { signal: env.ctx.signal },
  );
  const dir = await host.fs.tempDir();
  try {
    const check = Math.floor(host.random() * 0x1_0000_0000);
    await host.fs.writeFile(`${dir.path}/private-key`, openSshPrivateKey(seed, publicKey, check), { mode: 0o400 });
  } catch (err) {
    await dir.remove();
    throw err;
  }
  return dir;
}

/** The program's path on PATH (Python's shutil.which): the first executable file of that name. */
async function findProgram(host: Host, name: string): Promise<string | undefined> {
  for (const dir of (host.env.PATH ?? '').split(':')) {
    const path = `${dir === '' ? (host.cwd ?? '.') : dir}/${name}`;
    const stat = await host.fs.stat(path);
    if (stat?.isFile && (stat.mode === undefined || (stat.mode & 0o111) !== 0)) return path;
  }
  return undefined;
}
