/**
 * `gamelift upload-build` (the AWS CLI's gamelift/uploadbuild.py): a game server build folder, zipped,
 * into the S3 location GameLift gives it. The folder must hold at least one file somewhere below it
 * (else the CLI's "Fail to upload" line and exit 255, before any request). CreateBuild makes the build,
 * RequestUploadCredentials gives the bucket, key and temporary keys, and the zip goes up with those keys,
 * with the CLI's progress line on stdout (`\rUploading <root>:  <sent> / <size>  (<percent>%)`, sizes as
 * `s3 ls --human-readable` writes them), then the build's id.
 *
 * The archive is what Python's zipfile makes of `os.walk` (src/core/zip.ts): every file below the folder
 * under its relative path, links to files followed, links to folders not entered. It is made in memory,
 * where the CLI writes a temporary file: a build is zipped whole before it is sent (4 GiB at most, as
 * the zip has no zip64 records).
 *
 * The upload's S3 client is the CLI's: the upload keys, the command's region, and S3's own endpoint or
 * one configured for S3 (nested-client.ts) — never `--endpoint-url`, which is GameLift's.
 */
import { createClient } from '../../core/client.js';
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { resolveLocal } from '../../core/local-paths.js';
import { uploadObject } from '../../core/transfer/objects.js';
import { DEFAULT_TRANSFER_SETTINGS } from '../../core/transfer/settings.js';
import { zipArchive, type ZipEntry } from '../../core/zip.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { UsageError } from '../../cli/usage.js';
import { percent, progressPoints } from '../cloudformation/s3-uploader.js';
import { nestedClient } from '../nested-client.js';
import { humanReadableSize } from '../s3/ls.js';

const OPTIONS = [
  valueOption('name', 'string', 'The name of the build', { required: true }),
  valueOption('build-version', 'string', 'The version of the build', { required: true }),
  valueOption('build-root', 'string', 'The path to the directory containing the build to upload', {
    required: true,
  }),
  valueOption('server-sdk-version', 'string', 'The version of the GameLift server SDK used to create the game server'),
  valueOption('operating-system', 'string', 'The operating system the build runs on'),
  valueOption('tags', 'list', 'Tags to assign to the build. Format: Key=Value', { nargs: 'many' }),
];

const PAGE = commandPage(
  {
    name: 'upload-build',
    description:
      'Upload a new build to AWS GameLift. A build is created, then the build root directory is zipped and uploaded to the S3 location GameLift gives for it, with the temporary credentials it gives.',
    examples: [
      'isoaws gamelift upload-build --name MegaFrogRace --build-version 2.0.1 --build-root ./build --operating-system AMAZON_LINUX_2023',
    ],
  },
  OPTIONS,
);

interface BuildFile {
  path: string;
  /** Its name in the archive: the path below the build root, `/`-separated. */
  name: string;
}

export const uploadBuildCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const text = (name: string) => values.get(name) as string | undefined;
    const tags = values.get('tags') as string[] | undefined;
    if (tags?.length === 0) throw new UsageError('argument --tags: expected at least one argument');
    const { host } = env.ctx;
    const signal = env.ctx.signal;
    const gamelift = await env.client();
    const root = text('build-root')!;
    const files = root ? await buildFiles(host, resolveLocal(host.cwd ?? '/', root)) : [];
    if (!files.length) {
      host.stderr.write(`Fail to upload ${root}. The build root directory is empty or does not exist.\n`);
      return 255;
    }
    const created = await gamelift.send(
      'gamelift',
      'CreateBuild',
      {
        Name: text('name'),
        Version: text('build-version'),
        ...(text('operating-system') ? { OperatingSystem: text('operating-system') } : {}),
        ...(text('server-sdk-version') ? { ServerSdkVersion: text('server-sdk-version') } : {}),
        ...(tags ? { Tags: tags.map(parseTag) } : {}),
      },
      { signal },
    );
    const buildId = String((created.Build as { BuildId?: string } | undefined)?.BuildId);
    const upload = await gamelift.send('gamelift', 'RequestUploadCredentials', { BuildId: buildId }, { signal });
    const keys = upload.UploadCredentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string };
    const location = upload.StorageLocation as { Bucket: string; Key: string };
    const s3 = await nestedClient(env, 'S3');
    const uploader = createClient(s3.host, {
      ...s3.config,
      credentials: {
        accessKeyId: keys.AccessKeyId,
        secretAccessKey: keys.SecretAccessKey,
        sessionToken: keys.SessionToken,
      },
    });

    const entries: ZipEntry[] = [];
    for (const file of files) entries.push(await zipEntry(host, file));
    const archive = await zipArchive(entries);
    const label = `Uploading ${root}:`;
    let sent = 0;
    await uploadObject(
      uploader,
      { kind: 'file', size: archive.length, read: async ({ start, end }) => archive.subarray(start, end) },
      { Bucket: location.Bucket, Key: location.Key },
      {
        settings: DEFAULT_TRANSFER_SETTINGS,
        signal,
        progress: (bytes) => {
          for (const at of progressPoints(sent, sent + bytes, archive.length))
            host.stdout.write(
              `\r${label}  ${humanReadableSize(at)} / ${humanReadableSize(archive.length)}  (${percent((at / archive.length) * 100)}%)`,
            );
          sent += bytes;
        },
      },
    );
    host.stdout.write(`Successfully uploaded ${root} to AWS GameLift\nBuild ID: ${buildId}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/**
 * The files below `root` in os.walk's order: a folder's files, then each of its folders in turn (names
 * sorted, where os.walk takes the file system's order). A folder that cannot be listed is passed over,
 * as os.walk passes it over; so is a link to a folder.
 */
async function buildFiles(host: Host, root: string, below = ''): Promise<BuildFile[]> {
  const dir = below ? `${root}/${below}` : root;
  let names: string[];
  try {
    names = await host.fs.readDir(dir);
  } catch {
    return [];
  }
  const files: BuildFile[] = [];
  const folders: string[] = [];
  for (const name of names) {
    const relative = below ? `${below}/${name}` : name;
    const stat = await host.fs.stat(`${dir}/${name}`);
    if (stat?.isDirectory) {
      if (!stat.isSymbolicLink) folders.push(relative);
    } else files.push({ path: `${dir}/${name}`, name: relative });
  }
  for (const folder of folders) files.push(...(await buildFiles(host, root, folder)));
  return files;
}

/** A file as zipfile's ZipFile.write stores it: its bytes, mode and modification time (links followed). */
async function zipEntry(host: Host, file: BuildFile): Promise<ZipEntry> {
  const stat = await host.fs.stat(file.path);
  // A dangling link is listed by os.walk, and zipfile's os.stat of it fails.
  if (!stat) throw new IsoawsError(`[Errno 2] No such file or directory: '${file.path}'`);
  return {
    name: file.name,
    data: await host.fs.readFile(file.path),
    modified: new Date(stat.mtimeMs),
    mode: stat.mode ?? 0o644,
  };
}

/** uploadbuild.py's parse_tags: `Key=Value`, split at the first `=`; a word without one is a key with an empty value. */
function parseTag(tag: string): { Key: string; Value: string } {
  const eq = tag.indexOf('=');
  return eq === -1 ? { Key: tag, Value: '' } : { Key: tag.slice(0, eq), Value: tag.slice(eq + 1) };
}
