/**
 * Changing a config or credentials file safely: under its lock (`<file>.lock`), from the text it has
 * at that moment, written whole under a temporary name and renamed into place. Without the lock, ten
 * `configure set` at once each read the file, change it and write it, and most of their changes are
 * lost; without reading again under the lock, so are changes made since the command started. A file
 * that is a symbolic link (a dotfiles checkout) is changed where the link leads, and stays a link.
 */
import { IsoawsError } from '../errors.js';
import type { Host } from '../host.js';

/**
 * Replaces the text of the file at `path` (missing: undefined) with `edit`'s answer. A new file is
 * private (0600), in a directory made private (0700); an existing one keeps its permissions unless
 * `mode` says what they become (the CLI makes ~/.pypirc and ~/.netrc private whatever they were).
 */
export async function editConfigFile(
  host: Host,
  path: string,
  edit: (text: string | undefined) => string,
  opts: { mode?: number } = {},
): Promise<void> {
  const real = await realTarget(host, path);
  const slash = real.lastIndexOf('/');
  const dir = slash > 0 ? real.slice(0, slash) : '/';
  if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir, { mode: 0o700 });
  const release = await host.fs.lock(`${real}.lock`);
  if (!release)
    throw new IsoawsError(
      `Could not change ${path}: ${real}.lock has been held by another program for 10 seconds. If no other isoaws or aws is changing the file, remove ${real}.lock.`,
    );
  try {
    const stat = await host.fs.stat(real);
    const text = stat ? new TextDecoder().decode(await host.fs.readFile(real)) : undefined;
    const mode = opts.mode ?? (stat?.mode !== undefined ? stat.mode & 0o777 : 0o600);
    await host.fs.writeFile(real, edit(text), { mode });
  } finally {
    await release();
  }
}

/** Where writing `path` must go: the file a symbolic link leads to, or the path itself when nothing is there yet. */
async function realTarget(host: Host, path: string): Promise<string> {
  if (!host.fs.realPath) return path;
  try {
    return await host.fs.realPath(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return path;
    throw err;
  }
}
