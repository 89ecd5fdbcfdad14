/**
 * `eks update-kubeconfig` (the AWS CLI's eks/update_kubeconfig.py and kubeconfig.py): describes the
 * cluster, then adds or replaces its cluster, user and context entries in a kubeconfig file and makes
 * the context current. The user entry runs `aws eks get-token` as kubectl's exec plugin. The file is
 * the one given, else the KUBECONFIG path that already has the cluster, else KUBECONFIG's first path,
 * else ~/.kube/config; it is read and written as YAML the way the CLI's ruamel.yaml does
 * (./kubeconfig-yaml.ts), so the bytes match what the AWS CLI writes.
 *
 * This follows the CLI's current v2 source. AWS CLI 2.9.19 differs from it: no --user-alias,
 * --proxy-url or --assume-role-arn; no `--output json` in the get-token arguments; long strings folded
 * at 80 columns; older wording of the validation errors ("Content not a dictionary."); and a
 * `clusters: null` file crashed it.
 */
import { createClient, type Client } from '../core/client.js';
import { configuredEndpoint } from '../core/config/endpoint.js';
import { editConfigFile } from '../core/config/edit-file.js';
import { IsoawsError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { localPath } from '../core/local-paths.js';
import {
  commandPage,
  flagOption,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
} from '../cli/command.js';
import { ConfigurationError } from '../cli/usage.js';
import { dumpYaml, loadYaml, Timestamp, YamlSyntaxError } from './kubeconfig-yaml.js';

const OPTIONS = [
  valueOption(
    'name',
    'string',
    'The name of the cluster to write an entry for. It must exist in your account, in the Region given or configured.',
    { required: true },
  ),
  valueOption(
    'kubeconfig',
    'string',
    'The kubeconfig file to write. By default, the first path in the KUBECONFIG environment variable (if it is set), else .kube/config in your home directory.',
  ),
  valueOption(
    'role-arn',
    'string',
    'A role that get-token assumes to authenticate to the cluster (for example, the role the cluster was created with).',
  ),
  valueOption('proxy-url', 'string', 'A proxy for kubectl to reach the cluster through.'),
  flagOption('dry-run', 'Print the merged kubeconfig to standard output instead of writing the file.'),
  flagOption('verbose', 'After writing the file, also print the entries added.'),
  valueOption('alias', 'string', 'The name of the context. By default, the name of the user entry.'),
  valueOption('user-alias', 'string', 'The name of the user entry. By default, the cluster ARN.'),
  valueOption(
    'assume-role-arn',
    'string',
    'A role to assume to describe the cluster, for a cluster in another account. It is not written to the kubeconfig.',
  ),
];

const PAGE = commandPage(
  {
    name: 'update-kubeconfig',
    description:
      'Writes the cluster, user and context entries kubectl needs to reach an Amazon EKS cluster into a kubeconfig file, and makes the context current. The user entry runs "aws eks get-token" for a token. An entry of the same name is replaced; everything else in the file is kept.',
    examples: [
      'isoaws eks update-kubeconfig --name my-cluster',
      'isoaws eks update-kubeconfig --name my-cluster --alias dev --role-arn arn:aws:iam::123456789012:role/eks-admin',
      'isoaws eks update-kubeconfig --name my-cluster --kubeconfig ./kubeconfig --dry-run',
    ],
  },
  OPTIONS,
);

/**
 * The ExecCredential version the user entry asks get-token for. The CLI keeps v1beta1 while EKS still
 * runs Kubernetes versions that do not know v1 (both the v2 source and 2.9.19 write it).
 */
const EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

/** What the CLI's kubeconfig module raises (EKSError): printed alone, exit 255. */
class KubeconfigError extends IsoawsError {
  override name = 'KubeconfigError';
}

type Entry = Map<string, unknown>;
type Content = Map<unknown, unknown>;

interface Kubeconfig {
  path: string;
  content: Content;
}

export const updateKubeconfigCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (option: string) => values.get(option) as string | undefined;
    const { host } = env.ctx;
    const name = text('name')!;
    const cluster = await describeCluster(env, name, text('assume-role-arn'));
    const clusterEntry = makeClusterEntry(cluster, text('proxy-url'));
    const userEntry = makeUserEntry(cluster, name, {
      roleArn: text('role-arn'),
      alias: text('user-alias'),
      profile: namedProfile(env),
    });
    const chosen = await chooseKubeconfig(host, kubeconfigPaths(host, text('kubeconfig')), clusterEntry.get('name'));
    if (values.get('dry-run')) {
      insertClusterUserPair(chosen.content, clusterEntry, userEntry, text('alias'));
      host.stdout.write(dumpYaml(chosen.content));
      return 0;
    }
    const { context, existed } = await writeKubeconfig(host, chosen.path, (content) => {
      const existed = hasCluster(content, clusterEntry.get('name'));
      return { context: insertClusterUserPair(content, clusterEntry, userEntry, text('alias')), existed };
    });
    const contextName = String(context.get('name'));
    host.stdout.write(
      existed
        ? `Updated context ${contextName} in ${chosen.path}\n`
        : `Added new context ${contextName} to ${chosen.path}\n`,
    );
    if (values.get('verbose')) showEntries(host, [context, userEntry, clusterEntry]);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** --verbose: each entry written, as its own YAML document, after a heading. */
function showEntries(host: Host, entries: Entry[]): void {
  host.stdout.write('Entries:\n\n');
  for (const entry of entries) host.stdout.write(`${dumpYaml(entry)}\n`);
}

// ---------------------------------------------------------------------------------------------------
// The cluster and the entries made from it.

/** DescribeCluster's cluster, which must be usable: ACTIVE or UPDATING. */
async function describeCluster(
  env: CommandEnv,
  name: string,
  assumeRoleArn: string | undefined,
): Promise<Record<string, unknown>> {
  const eks = await env.client();
  if (!eks.config.region)
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  const client = assumeRoleArn ? await asRole(env, eks, assumeRoleArn) : eks;
  const out = await client.send(env.entry?.name ?? 'eks', 'DescribeCluster', { name });
  const cluster = out.cluster as Record<string, unknown> | undefined;
  if (!cluster || !('status' in cluster)) throw new IsoawsError('Cluster not found');
  if (cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING')
    throw new IsoawsError(`Cluster status is ${String(cluster.status)}`);
  return cluster;
}

/**
 * The EKS client with the credentials of `roleArn` (STS AssumeRole, session EKSDescribeClusterSession).
 * The CLI makes that STS client from the session alone, so --endpoint-url, which is for the EKS call, is
 * not used for it; an endpoint configured for STS is.
 */
async function asRole(env: CommandEnv, eks: Client, roleArn: string): Promise<Client> {
  const [sts, profile] = await Promise.all([env.client('STS'), env.profile()]);
  const endpointUrl = configuredEndpoint({
    envId: 'STS',
    env: env.ctx.host.env,
    profile: profile.config,
    services: profile.files.config.services,
  });
  const out = await createClient(sts.host, { ...sts.config, endpointUrl }).send('sts', 'AssumeRole', {
    RoleArn: roleArn,
    RoleSessionName: 'EKSDescribeClusterSession',
  });
  const credentials = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  return createClient(eks.host, {
    ...eks.config,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    },
  });
}

/** The profile named by --profile or the environment (the session's profile); none when only `default` applies. */
function namedProfile(env: CommandEnv): string | undefined {
  const named = env.ctx.globals.profile || env.ctx.host.env.AWS_PROFILE || env.ctx.host.env.AWS_DEFAULT_PROFILE;
  return named || undefined;
}

function makeClusterEntry(cluster: Record<string, unknown>, proxyUrl: string | undefined): Entry {
  const authority = cluster.certificateAuthority as { data?: string } | undefined;
  const details = new Map<string, unknown>([
    ['certificate-authority-data', authority?.data ?? ''],
    ['server', cluster.endpoint ?? null],
  ]);
  if (proxyUrl !== undefined) details.set('proxy-url', proxyUrl);
  return new Map([
    ['cluster', details],
    ['name', cluster.arn ?? null],
  ]);
}

/**
 * The user entry: get-token for the cluster in the Region of its ARN, by name, or by id for a local
 * cluster on Outposts (an outpostConfig without an etcd instance type), with the role and the named
 * profile. The CLI's own failures on an ARN it cannot split are kept, with Python's messages.
 */
function makeUserEntry(
  cluster: Record<string, unknown>,
  clusterName: string,
  opts: { roleArn?: string; alias?: string; profile?: string },
): Entry {
  const arn = cluster.arn;
  if (typeof arn !== 'string') throw new IsoawsError("'NoneType' object has no attribute 'split'");
  const region = arn.split(':')[3];
  if (region === undefined) throw new IsoawsError('list index out of range');
  const outpost = cluster.outpostConfig as Record<string, unknown> | undefined;
  const byName = outpost == null || outpost.etcdInstanceType != null;
  const target = byName ? ['--cluster-name', clusterName] : ['--cluster-id', cluster.id ?? null];
  // `--output json` is in the v2 source's arguments; 2.9.19 did not add it.
  const args: unknown[] = ['--region', region, 'eks', 'get-token', ...target, '--output', 'json'];
  // `--role`, as the CLI writes it: argparse takes it for get-token's --role-arn, of which it is a prefix.
  if (opts.roleArn !== undefined) args.push('--role', opts.roleArn);
  const exec = new Map<string, unknown>([
    ['apiVersion', EXEC_API_VERSION],
    ['args', args],
    ['command', 'aws'],
  ]);
  if (opts.profile)
    exec.set('env', [
      new Map([
        ['name', 'AWS_PROFILE'],
        ['value', opts.profile],
      ]),
    ]);
  return new Map<string, unknown>([
    ['name', opts.alias || arn],
    ['user', new Map([['exec', exec]])],
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Choosing, reading and checking the kubeconfig.

/** --kubeconfig alone; else KUBECONFIG's paths (blank ones skipped); else ~/.kube/config. */
function kubeconfigPaths(host: Host, given: string | undefined): string[] {
  if (given !== undefined) return [localPath(host, given)];
  const listed = (host.env.KUBECONFIG ?? '').split(':').filter((p) => p.trim() !== '');
  return (listed.length ? listed : ['~/.kube/config']).map((p) => localPath(host, p));
}

/**
 * The first file that already has the cluster, else the first file. A file that cannot be read or parsed
 * is passed over while searching (the CLI logs it where nobody sees), but is an error as the first file.
 */
async function chooseKubeconfig(host: Host, paths: string[], clusterName: unknown): Promise<Kubeconfig> {
  for (const path of paths) {
    try {
      const config = await loadKubeconfig(host, path);
      if (hasCluster(config.content, clusterName)) return config;
    } catch (err) {
      if (!(err instanceof KubeconfigError)) throw err;
    }
  }
  return loadKubeconfig(host, paths[0]!);
}

async function loadKubeconfig(host: Host, path: string): Promise<Kubeconfig> {
  return { path, content: parseKubeconfig(await readText(host, path), path) };
}

/** The file's text, or undefined when there is no file (a new kubeconfig is made then). */
async function readText(host: Host, path: string): Promise<string | undefined> {
  try {
    if ((await host.fs.stat(path))?.isDirectory) throw Object.assign(new Error(path), { code: 'EISDIR' });
    return new TextDecoder().decode(await host.fs.readFile(path));
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw new KubeconfigError(`Can't open kubeconfig for reading: ${osErrorText(err, path)}`);
  }
}

/** The content of a kubeconfig's text, checked; an empty or missing file is a new kubeconfig. */
function parseKubeconfig(text: string | undefined, path: string): Content {
  let loaded: unknown;
  try {
    loaded = text === undefined ? undefined : loadYaml(text);
  } catch (err) {
    if (!(err instanceof YamlSyntaxError)) throw err;
    const marks = err.marks.map((m) => `${m.text}\n  in "${path}", line ${m.line}, column ${m.column}`);
    throw new KubeconfigError(`YamlError while loading kubeconfig: ${marks.join('\n')}`);
  }
  const content = loaded ?? newContent();
  checkContent(content);
  return content;
}

function newContent(): Content {
  return new Map<unknown, unknown>([
    ['apiVersion', 'v1'],
    ['clusters', []],
    ['contexts', []],
    ['current-context', ''],
    ['kind', 'Config'],
    ['preferences', new Map()],
    ['users', []],
  ]);
}

const DICT = "<class 'collections.OrderedDict'>";
const LIST = "<class 'list'>";
const STR = "<class 'str'>";

/** The type each top-level key must have when set (null is allowed), as Python names it. */
const SHAPE: ReadonlyArray<[string, string]> = [
  ['apiVersion', STR],
  ['clusters', LIST],
  ['contexts', LIST],
  ['current-context', STR],
  ['kind', STR],
  ['preferences', DICT],
  ['users', LIST],
];

/** The CLI's validation, in its order and words: a mapping, keys of the right types, lists of mappings. */
function checkContent(content: unknown): asserts content is Content {
  if (!(content instanceof Map)) throw new KubeconfigError("Content not a <class 'dict'>.");
  for (const [key, type] of SHAPE) {
    const value = content.get(key);
    if (value !== undefined && value !== null && pyType(value) !== type)
      throw new KubeconfigError(`${key} is wrong type: ${pyType(value)} (Should be ${type})`);
  }
  for (const [key, type] of SHAPE) {
    const value = content.get(key);
    if (type === LIST && Array.isArray(value) && value.some((entry) => !(entry instanceof Map)))
      throw new KubeconfigError(`Entry in ${key} not a <class 'dict'>. `);
  }
}

/** Python's `type()` of a loaded value, as its error messages print it. */
function pyType(value: unknown): string {
  if (typeof value === 'string') return STR;
  if (typeof value === 'bigint') return "<class 'int'>";
  if (typeof value === 'number') return "<class 'float'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (Array.isArray(value)) return LIST;
  if (value instanceof Map) return DICT;
  if (value instanceof Timestamp) return `<class '${value.pyType}'>`;
  return "<class 'NoneType'>";
}

const named = (entry: unknown, name: unknown) =>
  entry instanceof Map && entry.has('name') && entry.get('name') === name;

function hasCluster(content: Content, name: unknown): boolean {
  const clusters = content.get('clusters');
  return Array.isArray(clusters) && clusters.some((cluster) => named(cluster, name));
}

// ---------------------------------------------------------------------------------------------------
// Merging and writing.

/**
 * Puts the cluster and user in, with a context joining them (named by the alias, else the user), and
 * makes that context current; returns it. A missing or empty list is started afresh, at the end of the
 * file's keys if it was missing.
 */
function insertClusterUserPair(content: Content, cluster: Entry, user: Entry, alias: string | undefined): Entry {
  const context = new Map<string, unknown>([
    [
      'context',
      new Map([
        ['cluster', cluster.get('name')],
        ['user', user.get('name')],
      ]),
    ],
    ['name', alias || user.get('name')],
  ]);
  insertEntry(content, 'clusters', cluster);
  insertEntry(content, 'users', user);
  insertEntry(content, 'contexts', context);
  content.set('current-context', context.get('name'));
  return context;
}

/** Replaces the first entry of the same name, or appends. */
function insertEntry(content: Content, key: string, entry: Entry): void {
  const existing = content.get(key);
  const entries: unknown[] = Array.isArray(existing) && existing.length ? existing : [];
  content.set(key, entries);
  const index = entries.findIndex((e) => named(e, entry.get('name')));
  if (index === -1) entries.push(entry);
  else entries[index] = entry;
}

/**
 * Merges into the file and writes it as isoaws writes config files (under a lock, re-read there, written
 * whole and renamed into place; a new file is 0600). The directory is made first as Python's makedirs
 * makes it (the default mode), not private as a new ~/.aws would be. Failures get the CLI's words.
 */
async function writeKubeconfig<T>(host: Host, path: string, merge: (content: Content) => T): Promise<T> {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  try {
    if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir);
  } catch (err) {
    const failed = (err as { path?: unknown }).path;
    throw new KubeconfigError(
      `Can't create directory for writing: ${osErrorText(err, typeof failed === 'string' ? failed : dir)}`,
    );
  }
  let result!: T;
  try {
    await editConfigFile(host, path, (text) => {
      const content = parseKubeconfig(text, path);
      result = merge(content);
      return dumpYaml(content);
    });
  } catch (err) {
    if (err instanceof IsoawsError || errorCode(err) === undefined) throw err;
    throw new KubeconfigError(`Can't open kubeconfig for writing: ${osErrorText(err, path)}`);
  }
  return result;
}

const errorCode = (err: unknown) => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

const ERRNO: Record<string, [number, string]> = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EEXIST: [17, 'File exists'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  ENOSPC: [28, 'No space left on device'],
  EROFS: [30, 'Read-only file system'],
};

/** Python's OSError text: `[Errno 21] Is a directory: '/path'`. */
function osErrorText(err: unknown, path: string): string {
  const known = ERRNO[errorCode(err) ?? ''];
  return known ? `[Errno ${known[0]}] ${known[1]}: '${path}'` : String((err as Error).message ?? err);
}
