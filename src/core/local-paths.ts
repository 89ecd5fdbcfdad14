/**
 * Local paths made from remote names: a key below the listed prefix becomes a file below the destination
 * directory (`s3 cp|mv --recursive`, `s3 sync`, a download into a directory). Any bucket can hold keys
 * such as `pre//etc/passwd` or `pre/../../.bashrc`, so no such name may lead a write outside the
 * destination. As the AWS CLI does (awscli's `_warn_parent_reference`), a name that climbs above the
 * destination is refused and a leading or doubled `/` is only a separator; beyond the CLI, a symbolic
 * link already inside the destination must not lead the write elsewhere either. Also: paths a user
 * types, made absolute as Python's expandvars, expanduser and abspath make them.
 */
import type { Host, HostFs } from './host.js';

/** Where a remote name lands: a path inside the destination, or why it may not be written. */
export type Placement = { path: string } | { refused: string };

/**
 * The path `relative` names below `root` (absolute and normalised), `.` and empty segments dropped and
 * `..` taken back, or a refusal when it climbs above `root` or names `root` itself. Pure: symbolic links
 * are `createPlacer`'s concern.
 */
export function placeUnder(root: string, relative: string): Placement {
  const kept: string[] = [];
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') kept.push(segment);
    else if (!kept.pop()) return { refused: `Skipping file ${relative}. File references a parent directory.` };
  }
  if (!kept.length) return { refused: `Skipping file ${relative}. File names the destination directory itself.` };
  return { path: `${root === '/' ? '' : root.replace(/\/+$/, '')}/${kept.join('/')}` };
}

/**
 * `placeUnder` for one destination, with symbolic links checked where the host has them: the directory a
 * file goes in must resolve (links followed, through its deepest existing ancestor) to the destination's
 * own real path or below it. Directories already proved are remembered, so a tree of thousands of files
 * costs a few `realPath` calls. A link replaced between this check and the write is not caught: that
 * needs a local attacker racing the command, not a hostile bucket.
 */
export function createPlacer(fs: Pick<HostFs, 'realPath'>, root: string): (relative: string) => Promise<Placement> {
  const realPath = fs.realPath;
  if (!realPath) return async (relative) => placeUnder(root, relative);
  const real = (path: string) => realOf(realPath, path);
  let realRoot: Promise<string> | undefined;
  const proved = new Map<string, Promise<boolean>>();
  return async (relative) => {
    const placed = placeUnder(root, relative);
    if (!('path' in placed)) return placed;
    const dir = placed.path.slice(0, placed.path.lastIndexOf('/')) || '/';
    let inside = proved.get(dir);
    if (!inside) {
      inside = Promise.all([(realRoot ??= real(root)), real(dir)]).then(([top, here]) => isWithin(top, here));
      proved.set(dir, inside);
    }
    return (await inside)
      ? placed
      : { refused: `Skipping file ${relative}. A symbolic link would lead it outside the destination.` };
  };
}

/** Whether `path` is `dir` or below it (both absolute and normalised). */
export function isWithin(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/**
 * The real path of `path` as it will be once its missing directories are made: its deepest existing
 * ancestor resolved, the missing rest appended (mkdir makes them plain directories).
 */
export async function realOf(realPath: (path: string) => Promise<string>, path: string): Promise<string> {
  const missing: string[] = [];
  for (let at = path; ;) {
    try {
      const found = await realPath(at);
      return missing.length ? `${found === '/' ? '' : found}/${missing.reverse().join('/')}` : found;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || at === '/') throw err;
      missing.push(at.slice(at.lastIndexOf('/') + 1));
      at = at.slice(0, at.lastIndexOf('/')) || '/';
    }
  }
}

/** An absolute, normalised path for `path` from `cwd`: `.`, `..` and doubled slashes resolved as the kernel would. */
export function resolveLocal(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const part of `${path.startsWith('/') ? '' : `${cwd}/`}${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** A leading `~` as the home directory, as Python's expanduser. */
export function expandUser(host: Pick<Host, 'homeDir'>, path: string): string {
  return path === '~' || path.startsWith('~/') ? host.homeDir + path.slice(1) : path;
}

/** `$VAR` and `${VAR}` from the environment (unknown ones left as written), then `~`: expandvars, expanduser. */
export function expandPath(host: Pick<Host, 'env' | 'homeDir'>, path: string): string {
  const vars = path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    return host.env[name.startsWith('{') ? name.slice(1, -1) : name] ?? whole;
  });
  return expandUser(host, vars);
}

/** `~` expanded and made absolute from the working directory, as Python's expanduser and abspath. */
export function localPath(host: Pick<Host, 'homeDir' | 'cwd'>, path: string): string {
  return resolveLocal(host.cwd ?? '/', expandUser(host, path));
}
