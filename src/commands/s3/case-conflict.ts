/**
 * `--case-conflict` for recursive downloads (cp, mv, sync from S3 to a directory): keys that differ only
 * by case (`a.txt`, `A.txt`) are two objects in S3 but one file on a case-insensitive file system. As the
 * AWS CLI's CaseConflictSync, a key conflicts when another key of this command with the same letters was
 * already taken, or when the destination holds a file of that name in another case; what then happens is
 * the option's: skip it, warn and download it, or stop the command. The messages go straight to stderr and
 * do not change the exit code, as the CLI's do.
 */
import type { Host } from '../../core/host.js';
import { basename, dirname } from './paths.js';
import { TransferFatalError, type TransferOptions } from './transfer-options.js';

const DOC_URI = 'https://docs.aws.amazon.com/cli/latest/topic/s3-case-insensitivity.html';

/**
 * Whether the download of `from` (`bucket/key`, as the messages name it) to `path` (`rel` below the
 * destination) goes ahead; undefined when the option is `ignore`, so nothing is looked at.
 */
export type CaseConflictCheck = (rel: string, from: string, path: string) => Promise<boolean>;

export function caseConflictCheck(host: Host, mode: TransferOptions['caseConflict']): CaseConflictCheck | undefined {
  if (mode === 'ignore') return undefined;
  const taken = new Set<string>();
  return async (rel, from, path) => {
    const lower = rel.toLowerCase();
    if (taken.has(lower) || (await inOtherCase(host, path))) {
      if (mode === 'error')
        throw new TransferFatalError(
          `Failed to download ${from} -> ${path} because a file whose name differs only by case either exists or is being downloaded.`,
        );
      if (mode === 'skip') {
        host.stderr.write(
          `warning: Skipping ${from} -> ${path} because a file whose name differs only by case either exists or is being downloaded.\n`,
        );
        return false;
      }
      host.stderr.write(
        `warning: Downloading ${from} -> ${path} despite a file whose name differs only by case either existing or being downloaded. This behavior is not defined on case-insensitive filesystems and may result in overwriting existing files or race conditions between concurrent downloads. For more information, see ${DOC_URI}.\n`,
      );
    }
    taken.add(lower);
    return true;
  };
}

/**
 * A file answers to `path` but under another case: the file system ignores case. (Where it does not, a
 * file at `path` is the same name, which a download simply replaces.)
 */
async function inOtherCase(host: Host, path: string): Promise<boolean> {
  if (!(await host.fs.stat(path))) return false;
  const names = await host.fs.readDir(dirname(path)).catch((): string[] => []);
  return !names.includes(basename(path));
}
