/**
 * The application revision `deploy push` uploads: the source folder as a zip (the AWS CLI's
 * codedeploy/push.py, `_compress`). Files are taken as Python's `os.walk` finds them: a folder's files,
 * then each of its folders in turn; links to files followed, links to folders not entered; a folder that
 * cannot be listed passed over. `--ignore-hidden-files` leaves out every file and folder whose name
 * starts with a dot. The folder must hold `appspec.yml` at its top, else the CLI's "… was not found"
 * (the walk is done first, so a dangling link is reported before a missing AppSpec file).
 *
 * The archive is made in memory (src/core/zip.ts), where the CLI writes a temporary file: a revision is
 * zipped whole before it is sent either way.
 */
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { zipArchive, type ZipEntry } from '../../core/zip.js';

/** The zip of the folder at `root` (an absolute, normalized path, as os.path.abspath makes it). */
export async function bundleRevision(host: Host, root: string, ignoreHidden: boolean): Promise<Uint8Array> {
  const entries: ZipEntry[] = [];
  for (const name of await walk(host, root, '', ignoreHidden)) entries.push(await zipEntry(host, root, name));
  if (!entries.some((e) => e.name === 'appspec.yml'))
    throw new IsoawsError(`${join(root, 'appspec.yml')} was not found`);
  return zipArchive(entries);
}

function join(dir: string, name: string): string {
  return `${dir.replace(/\/$/, '')}/${name}`;
}

/** The files below `root/below`, as paths relative to `root`, in os.walk's order. */
async function walk(host: Host, root: string, below: string, ignoreHidden: boolean): Promise<string[]> {
  const dir = below ? join(root, below) : root;
  let names: string[];
  try {
    names = await host.fs.readDir(dir);
  } catch {
    return [];
  }
  if (ignoreHidden) names = names.filter((name) => !name.startsWith('.'));
  const files: string[] = [];
  const folders: string[] = [];
  for (const name of names) {
    const relative = below ? `${below}/${name}` : name;
    const stat = await host.fs.stat(join(dir, name));
    if (!stat?.isDirectory) files.push(relative);
    else if (!stat.isSymbolicLink) folders.push(relative);
  }
  for (const folder of folders) files.push(...(await walk(host, root, folder, ignoreHidden)));
  return files;
}

/** A file as zipfile's ZipFile.write stores it: its bytes, mode and modification time (links followed). */
async function zipEntry(host: Host, root: string, name: string): Promise<ZipEntry> {
  const path = join(root, name);
  const stat = await host.fs.stat(path);
  // os.walk lists a dangling link among the files, and zipfile's os.stat of it fails.
  if (!stat) throw new IsoawsError(`[Errno 2] No such file or directory: '${path}'`);
  return { name, data: await host.fs.readFile(path), modified: new Date(stat.mtimeMs), mode: stat.mode ?? 0o644 };
}
