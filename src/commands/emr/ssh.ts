/**
 * `emr ssh`, `socks`, `put` and `get` (the CLI's emr/ssh.py and sshutils.py): the cluster's master
 * node found (refused when the cluster is ending, waited for while it starts), then the ssh or scp
 * program — or PuTTY's putty and pscp where only those are on PATH — run on the terminal with the
 * command line the CLI builds, printed first. The exit status is the program's. `--key-pair-file` may
 * come from the profile's `emr` block (key_pair_file).
 */
import { AbortedError, IsoawsError, WaiterError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { shellQuote } from '../../cli/alias.js';
import { commandPage, valueOption, type CommandEnv, type CommandModule } from '../../cli/command.js';
import { ArgumentError } from '../../cli/usage.js';
import { applyEmrSettings, callEmr, emrSettings, readEmrOptions, type EmrOption } from './command.js';

const DOCS = 'http://docs.aws.amazon.com/ElasticMapReduce/latest/DeveloperGuide/EMR_SetUp_SSH.html';
const KEY_HELP =
  'A value for the variable Key Pair File can be set in the AWS CLI config file using the "aws configure set emr.key_pair_file <value>" command.';

const clusterId = (what: string) => valueOption('cluster-id', 'string', what, { required: true });
const KEY_PAIR_FILE = valueOption('key-pair-file', 'string', 'Private key file to use for login.', { required: true });

type Values = Map<string, unknown>;

/** The programs on PATH that decide the command line (the CLI's emrutils.which). */
interface Programs {
  has(name: string): boolean;
}

/** A command of the family: find the master, then build and run the program's command line. */
function sshCommand(
  name: string,
  description: string,
  options: readonly EmrOption[],
  build: (values: Values, master: string, programs: Programs) => string[],
  interrupted?: string,
): CommandModule {
  const page = commandPage({ name, description: `${description} ${KEY_HELP}`, examples: [] }, options);
  return {
    async run(env, args) {
      const { settings, profile } = await emrSettings(env);
      const values = await readEmrOptions(env, name, options, args, settings);
      applyEmrSettings(values, options, settings, profile);
      const master = await masterDns(env, values.get('cluster-id') as string);
      const programs = await programsOnPath(env.ctx.host);
      return runProgram(env, build(values, master, programs), interrupted);
    },
    page: async (sub) => (sub === undefined ? page : undefined),
  };
}

/**
 * The master node's public DNS name: refused for a cluster terminating or terminated, waited for (the
 * ClusterRunning waiter) while it starts.
 */
async function masterDns(env: CommandEnv, id: string): Promise<string> {
  const client = await env.client();
  const describe = async () =>
    (await callEmr(env, client, 'DescribeCluster', { ClusterId: id })).Cluster as {
      Status?: { State?: string };
      MasterPublicDnsName?: string;
    };
  const state = (await describe()).Status?.State ?? '';
  if (['TERMINATED', 'TERMINATING', 'TERMINATED_WITH_ERRORS'].includes(state))
    throw new IsoawsError('aws: error: Cluster terminating or already terminated.');
  if (['STARTING', 'BOOTSTRAPPING'].includes(state)) env.ctx.host.stdout.write('Waiting for the cluster to start.\n');
  try {
    await client.waitFor('emr', 'ClusterRunning', { ClusterId: id }, { signal: env.ctx.signal });
  } catch (err) {
    if (err instanceof WaiterError)
      throw new IsoawsError('Cannot get DNS of master node on the cluster.  Please try again after some time.');
    throw err;
  }
  // Python's string concatenation with a missing name fails; a cluster without one cannot be reached either.
  const dns = (await describe()).MasterPublicDnsName;
  if (dns === undefined)
    throw new IsoawsError('Cannot get DNS of master node on the cluster.  Please try again after some time.');
  return dns;
}

/** Which of the programs the commands use are executable files on PATH. */
async function programsOnPath(host: Host): Promise<Programs> {
  const names = ['ssh', 'ssh.exe', 'scp', 'scp.exe', 'putty', 'putty.exe', 'pscp', 'pscp.exe'];
  const dirs = (host.env.PATH ?? '').split(':').map((d) => d.replace(/^"|"$/g, ''));
  const found = new Set<string>();
  for (const name of names) {
    for (const dir of dirs) {
      const stat = await host.fs.stat(`${dir === '' ? (host.cwd ?? '.') : dir}/${name}`);
      if (stat?.isFile && (stat.mode === undefined || (stat.mode & 0o111) !== 0)) {
        found.add(name);
        break;
      }
    }
  }
  return { has: (name) => found.has(name) };
}

const sshFound = (p: Programs) => p.has('ssh') || p.has('ssh.exe');
const scpFound = (p: Programs) => p.has('scp') || p.has('scp.exe');

/** ssh or PuTTY must be there; PuTTY alone needs a .ppk key. */
function checkSsh(programs: Programs, keyFile: string): void {
  if (!programs.has('putty.exe') && !sshFound(programs))
    throw new IsoawsError(`SSH or Putty not available. Please refer to the documentation at ${DOCS}.`);
  if (programs.has('putty.exe') && !sshFound(programs) && !keyFile.endsWith('ppk')) throw wrongPuttyKey();
}

/** scp or pscp must be there; pscp alone needs a .ppk key. */
function checkScp(programs: Programs, keyFile: string): void {
  if (!programs.has('pscp.exe') && !scpFound(programs))
    throw new IsoawsError(`SCP or Pscp not available. Please refer to the documentation at ${DOCS}. `);
  if (programs.has('pscp.exe') && !scpFound(programs) && !keyFile.endsWith('ppk')) throw wrongPuttyKey();
}

const wrongPuttyKey = () =>
  new ArgumentError(
    `Key file file format is incorrect. Putty expects a ppk file. Please refer to documentation at ${DOCS}. `,
  );

/**
 * Prints the command line, runs it on the terminal and resolves to its exit status. Ctrl-C reaches the
 * program and the CLI alike: the command stops as any interrupted one, unless it has an `interrupted`
 * farewell (socks: the tunnel's end is how it is meant to finish).
 */
async function runProgram(env: CommandEnv, command: readonly string[], interrupted?: string): Promise<number> {
  const { host, signal } = env.ctx;
  host.stdout.write(`${command.join(' ')}\n`);
  if (!host.runShell) throw new IsoawsError(`${command[0]} cannot be run here: this host does not run programs.`);
  const status = await host.runShell(command.map(shellQuote).join(' '));
  if (signal?.aborted) {
    if (interrupted === undefined) throw new AbortedError();
    host.stdout.write(`${interrupted}\n`);
    return 0;
  }
  // A program ended by signal N is -N, which the CLI's exit code shows modulo 256.
  return status < 0 ? 256 + status : status;
}

export const sshCommandModule = sshCommand(
  'ssh',
  'SSH into master node of the cluster.',
  [
    clusterId('Cluster Id of cluster you want to ssh into.'),
    KEY_PAIR_FILE,
    valueOption('command', 'string', 'Command to execute on Master Node.'),
  ],
  (values, master, programs) => {
    const key = values.get('key-pair-file') as string;
    checkSsh(programs, key);
    const command = values.get('command') as string | undefined;
    if (sshFound(programs)) {
      const line = ['ssh', '-o', 'StrictHostKeyChecking=no', '-o', 'ServerAliveInterval=10', '-i', key];
      return [...line, `hadoop@${master}`, '-t', ...(command ? [command] : [])];
    }
    // PuTTY runs a remote command from a file; the CLI means to write one but fails on it (a str
    // written to a binary file), so a command is refused here rather than sent half-made.
    if (command) throw new ArgumentError('aws: error: --command needs ssh; PuTTY is the only SSH program found.');
    return ['putty', '-ssh', '-i', key, `hadoop@${master}`, '-t'];
  },
);

export const socksCommand = sshCommand(
  'socks',
  'Create a socks tunnel on port 8157 from your machine to the master.',
  [clusterId('Cluster Id of cluster you want to ssh into.'), KEY_PAIR_FILE],
  (values, master, programs) => {
    const key = values.get('key-pair-file') as string;
    checkSsh(programs, key);
    return sshFound(programs)
      ? ['ssh', '-o', 'StrictHostKeyChecking=no', '-o', 'ServerAliveInterval=10', '-ND', '8157', '-i', key].concat(
          `hadoop@${master}`,
        )
      : ['putty', '-ssh', '-i', key, `hadoop@${master}`, '-N', '-D', '8157'];
  },
  'Disabling Socks Tunnel.',
);

/** The last part of a path, the name a file is copied to when no destination is given. */
const baseName = (path: string) => path.split('/').at(-1)!;

export const putCommand = sshCommand(
  'put',
  'Put file onto the master node.',
  [
    clusterId('Cluster Id of cluster you want to put file onto.'),
    KEY_PAIR_FILE,
    valueOption('src', 'string', 'Source file path on local machine.', { required: true }),
    valueOption('dest', 'string', 'Destination file path on remote host.'),
  ],
  (values, master, programs) => {
    const key = values.get('key-pair-file') as string;
    checkScp(programs, key);
    const src = values.get('src') as string;
    const target = `hadoop@${master}:${(values.get('dest') as string | undefined) || baseName(src)}`;
    return scpFound(programs)
      ? ['scp', '-r', '-o StrictHostKeyChecking=no', '-i', key, src, target]
      : ['pscp', '-scp', '-r', '-i', key, src, target];
  },
);

export const getCommand = sshCommand(
  'get',
  'Get file from master node.',
  [
    clusterId('Cluster Id of cluster you want to get file from.'),
    KEY_PAIR_FILE,
    valueOption('src', 'string', 'Source file path on remote host.', { required: true }),
    valueOption('dest', 'string', 'Destination file path on your machine.'),
  ],
  (values, master, programs) => {
    const key = values.get('key-pair-file') as string;
    checkScp(programs, key);
    const src = values.get('src') as string;
    const source = `hadoop@${master}:${src}`;
    const dest = (values.get('dest') as string | undefined) || baseName(src);
    return scpFound(programs)
      ? ['scp', '-r', '-o StrictHostKeyChecking=no', '-i', key, source, dest]
      : ['pscp', '-scp', '-r', '-i', key, source, dest];
  },
);
