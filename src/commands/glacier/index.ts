/**
 * Glacier commands no other CLI has: `glacier tree-hash --file F` prints the SHA-256 tree hash of a file
 * (seed 002 shows the openssl procedure for it), and `glacier upload --vault-name V --file F
 * [--part-size N] [--archive-description D]` does a whole multipart upload — parts in parallel, each with
 * its own checksums, then the archive's tree hash — and prints the archive as complete-multipart-upload
 * does. `complete-multipart-upload` also takes `--file F`: the archive's `--checksum` and
 * `--archive-size` are worked out from the file when they are not given.
 */
import type { Client } from '../../core/client.js';
import { glacierHashes, TREE_HASH_LEAF_SIZE, treeHashOfLeaves } from '../../core/checksums/tree-hash.js';
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { runConcurrently } from '../../core/transfer/objects.js';
import { MiB } from '../../core/transfer/settings.js';
import { parseKnownArgs } from '../../cli/argparse.js';
import {
  commandPage,
  readCommandOptions,
  valueOption,
  type CommandModule,
  type CommandOption,
} from '../../cli/command.js';
import type { CliContext } from '../../cli/context.js';
import type { CommandPage } from '../../cli/help.js';
import { writeOutput } from '../../cli/output/index.js';
import { resolveLocal } from '../../core/local-paths.js';

const FILE = valueOption('file', 'string', 'The local file.', { required: true });
const OPTIONS: Record<'tree-hash' | 'upload', CommandOption[]> = {
  'tree-hash': [FILE],
  upload: [
    FILE,
    valueOption('vault-name', 'string', 'The vault the archive goes to.', { required: true }),
    valueOption('account-id', 'string', "The account that owns the vault: - (the default) for the credentials' own."),
    valueOption(
      'part-size',
      'integer',
      'Bytes in each part: 1 MiB times a power of two, up to 4 GiB. By default 8 MiB, or the smallest size that keeps the file within 10,000 parts.',
    ),
    valueOption('archive-description', 'string', 'A description stored with the archive.'),
  ],
};

const PAGES: Record<'tree-hash' | 'upload', Omit<CommandPage, 'synopsis' | 'options'>> = {
  'tree-hash': {
    name: 'tree-hash',
    description:
      'Prints the SHA-256 tree hash of a local file, as Glacier computes it for an archive: the hash of each 1 MiB, combined pairwise up to one (isoaws only).',
    examples: ['isoaws glacier tree-hash --file backup.tar'],
  },
  upload: {
    name: 'upload',
    description:
      "Uploads a local file to a vault as one archive: a multipart upload, several parts at once, completed with the file's tree hash. Prints the archive as complete-multipart-upload does; a failed upload is aborted (isoaws only).",
    examples: ['isoaws glacier upload --vault-name my-vault --file backup.tar --archive-description "weekly backup"'],
  },
};

/** `glacier tree-hash` and `glacier upload` (the registry's records): the engine is set up only when upload calls. */
export const treeHashCommand: CommandModule = {
  run: (env, args) => runGlacier(env.ctx, () => env.client(), 'tree-hash', args),
  page: async () => page('tree-hash'),
};
export const uploadCommand: CommandModule = {
  run: (env, args) => runGlacier(env.ctx, () => env.client(), 'upload', args),
  page: async () => page('upload'),
};

function page(sub: 'tree-hash' | 'upload'): CommandPage {
  return commandPage(PAGES[sub], OPTIONS[sub]);
}

/** `glacier complete-multipart-upload`: the modeled operation, with `--file F` standing for its checksum and size. */
export const completeCommand: CommandModule = {
  run: async (env, args) => env.operation(await completeFromFile(env.ctx, args)),
};

/** `connect` sets up the client (and the profile's settings) the first time the service is called. */
async function runGlacier(
  ctx: CliContext,
  connect: () => Promise<Client>,
  sub: 'tree-hash' | 'upload',
  argv: readonly string[],
): Promise<number> {
  // argparse's order, as in the CLI's own commands: a missing required option first, then unknown ones.
  const values = readCommandOptions(OPTIONS[sub], argv);
  const host = ctx.host;
  const path = resolveLocal(host.cwd ?? '/', values.get('file') as string);
  const stat = await host.fs.stat(path);
  if (!stat?.isFile) throw new IsoawsError(`The file ${values.get('file') as string} does not exist.`);
  if (sub === 'tree-hash') {
    host.stdout.write(`${await fileTreeHash(host, path, stat.size)}\n`);
    return 0;
  }
  const client = await connect();
  // Glacier takes parts of 1 MiB times a power of two, up to 4 GiB, and at most 10,000 of them.
  const partSize = values.has('part-size')
    ? Number(values.get('part-size'))
    : Math.max(8 * MiB, smallestPartFor(stat.size));
  if (!Number.isInteger(partSize) || partSize < MiB || partSize > 4096 * MiB || (partSize & (partSize - 1)) !== 0) {
    throw new IsoawsError(
      `--part-size must be 1 MiB times a power of two, up to 4 GiB (1048576, 2097152, …); got ${String(values.get('part-size'))}`,
    );
  }
  if (Math.ceil(stat.size / partSize) > 10_000)
    throw new IsoawsError(`--part-size ${partSize} makes more than 10,000 parts of ${stat.size} bytes`);
  const vault = {
    accountId: (values.get('account-id') as string | undefined) ?? '-',
    vaultName: values.get('vault-name') as string,
  };
  const treeHash = await fileTreeHash(host, path, stat.size);
  const signal = ctx.signal;
  const started = await client.send(
    'glacier',
    'InitiateMultipartUpload',
    {
      ...vault,
      partSize: String(partSize),
      ...(values.has('archive-description') ? { archiveDescription: values.get('archive-description') } : {}),
    },
    { signal },
  );
  const uploadId = started.uploadId as string;
  try {
    const starts = Array.from({ length: Math.max(1, Math.ceil(stat.size / partSize)) }, (_, n) => n * partSize);
    await runConcurrently(starts, 4, async (start) => {
      const end = Math.min(stat.size, start + partSize);
      const body = await host.fs.readFile(path, { start, end });
      await client.send(
        'glacier',
        'UploadMultipartPart',
        { ...vault, uploadId, range: `bytes ${start}-${end - 1}/*`, body },
        { signal },
      );
    });
    const done = await client.send(
      'glacier',
      'CompleteMultipartUpload',
      { ...vault, uploadId, archiveSize: String(stat.size), checksum: treeHash },
      { signal },
    );
    const { $metadata: _meta, ...output } = done as Record<string, unknown>;
    writeOutput(
      ctx.globals.output ?? 'json',
      output,
      { title: 'CompleteMultipartUpload', terminalWidth: ctx.terminalWidth, color: ctx.color },
      (t) => host.stdout.write(t),
    );
    return 0;
  } catch (err) {
    await client.send('glacier', 'AbortMultipartUpload', { ...vault, uploadId }).catch(() => undefined);
    throw err;
  }
}

/**
 * complete-multipart-upload's arguments with `--file F` replaced by what it stands for: `--checksum` (the
 * file's tree hash) and `--archive-size`, each unless given. Without `--file` they are returned as they are.
 */
async function completeFromFile(ctx: CliContext, argv: readonly string[]): Promise<string[]> {
  const { values, extras: rest } = parseKnownArgs([{ ...FILE.specs[0]!, required: false }], argv);
  const given = values.get('file') as string | undefined;
  if (given === undefined) return [...argv];
  const host = ctx.host;
  const path = resolveLocal(host.cwd ?? '/', given);
  const stat = await host.fs.stat(path);
  if (!stat?.isFile) throw new IsoawsError(`The file ${given} does not exist.`);
  const has = (flag: string) => rest.some((a) => a === flag || a.startsWith(`${flag}=`));
  if (!has('--checksum')) rest.push('--checksum', await fileTreeHash(host, path, stat.size));
  if (!has('--archive-size')) rest.push('--archive-size', String(stat.size));
  return rest;
}

/** From this size a file's leaves are hashed on worker threads, where the host has them: below it starting them costs more than it saves. */
const PARALLEL_HASH_FROM = 64 * MiB;

/** A file's tree hash, read once. */
async function fileTreeHash(host: Host, path: string, size: number): Promise<string> {
  if (host.fileLeafHashes && size >= PARALLEL_HASH_FROM) {
    return treeHashOfLeaves(await host.fileLeafHashes(path, { start: 0, end: size }, TREE_HASH_LEAF_SIZE), host.sha256);
  }
  return (await glacierHashes(host.fs.readStream(path), { sha256: host.sha256 })).treeHash;
}

/** The smallest allowed part size that keeps `size` within 10,000 parts. */
function smallestPartFor(size: number): number {
  let part = MiB;
  while (Math.ceil(size / part) > 10_000) part *= 2;
  return part;
}
