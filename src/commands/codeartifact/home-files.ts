/**
 * The files in the home directory that a login writes the token into (~/.pypirc for twine, ~/.netrc
 * for swift): where they are, reading them, and rewriting them privately under a lock.
 */
import { editConfigFile } from '../../core/config/edit-file.js';
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
 * Rewrites a file that holds the token from what it holds now (core/config's editConfigFile: under its
 * lock, where a link to it leads), read with universal newlines, and always made private (0600), as the
 * CLI does even to a file that was not.
 */
export async function rewritePrivate(
  host: Host,
  path: string,
  edit: (text: string | undefined) => string,
): Promise<void> {
  await editConfigFile(host, path, (text) => edit(text?.replace(/\r\n?/g, '\n')), { mode: 0o600 });
}
