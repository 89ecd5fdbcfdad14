/**
 * The files in the home directory that a login writes the token into (~/.pypirc for twine, ~/.netrc
 * for swift): where they are, reading them, and rewriting them privately under a lock.
 */
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';

export function homePath(host: Host, name: string): string {
  return `${host.homeDir.replace(/\/+$/, '')}/${name}`;
}

/** A text file's contents with Python's universal newlines, or undefined when there is no file. */
export async function readText(host: Host, path: string): Promise<string | undefined> {
  const stat = await host.fs.stat(path);
  if (!stat?.isFile) return undefined;
  return new TextDecoder().decode(await host.fs.readFile(path)).replace(/\r\n?/g, '\n');
}

/**
 * Rewrites a file that holds the token from what it holds now, under its lock (`<file>.lock`) so two
 * logins at once do not lose each other's change, where a link to it leads. The file is always made
 * private (0600), as the CLI does even to a file that was not (so core/config's editConfigFile, which
 * keeps a file's mode, is not used).
 */
export async function rewritePrivate(
  host: Host,
  path: string,
  edit: (text: string | undefined) => string,
): Promise<void> {
  const real = await realTarget(host, path);
  const dir = real.slice(0, real.lastIndexOf('/')) || '/';
  if (!(await host.fs.stat(dir))) await host.fs.mkdir(dir, { mode: 0o700 });
  const release = await host.fs.lock(`${real}.lock`);
  if (!release) throw new IsoawsError(`Could not change ${path}: ${real}.lock has been held for 10 seconds.`);
  try {
    await host.fs.writeFile(real, edit(await readText(host, real)), { mode: 0o600 });
  } finally {
    await release();
  }
}

async function realTarget(host: Host, path: string): Promise<string> {
  if (!host.fs.realPath) return path;
  try {
    return await host.fs.realPath(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return path;
    throw err;
  }
}
