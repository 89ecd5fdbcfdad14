// What the import scripts share: their command-line options, and reading an aws-cli clone (the upstream) with git.
import { execFileSync } from 'node:child_process';

/** The value after `name` on the command line, else `fallback`. */
export function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** The aws-cli clone the scripts read by default: the mirror on the development machine. */
export const AWS_CLI_MIRROR = '/work/.mirror/aws+aws-cli/repo';

/** A git command against the clone at `gitDir`, its output as bytes. */
export function gitIn(gitDir) {
  return (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1 << 30 });
}
