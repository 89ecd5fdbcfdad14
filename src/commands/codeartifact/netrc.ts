/** The repository's entry in ~/.netrc, where Swift outside macOS finds the token: added, or its token replaced. */
import { homePath, rewritePrivate } from './home-files.js';
import type { Login } from './tool-login.js';
import { urlHostname } from './url-split.js';

/** The repository's `machine … password <token>` line in ~/.netrc: printed for --dry-run, else written. */
export async function netrcEntry(login: Login): Promise<void> {
  const { host } = login;
  const path = homePath(host, '.netrc');
  const hostname = urlHostname(login.endpoint);
  const entry = `machine ${hostname} login token password ${login.token}`;
  if (login.dryRun) {
    host.stdout.write(
      `Dryrun mode is enabled, not writing to netrc.\nThe following line would have been written to ${path}:\n\n${entry}\n\nAnd would have run the following commands:\n\n`,
    );
    return;
  }
  await rewritePrivate(host, path, (current) =>
    current === undefined ? `${entry}\n` : withNetrcEntry(current, hostname, entry, login.token),
  );
}

/**
 * Every entry for the host gets the new token; when that changes nothing (no entry, or the same token
 * already), the new line is appended, as the CLI does.
 */
function withNetrcEntry(text: string, hostname: string, entry: string, token: string): string {
  const escaped = hostname.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const pattern = new RegExp(`(\\bmachine\\s+${escaped}\\s+login\\s+\\S+\\s+password\\s+)(\\S+)`, 'g');
  const replaced = text.replace(pattern, (_, start: string) => `${start}${token}`);
  if (replaced !== text) return replaced;
  return `${text}${text.endsWith('\n') ? '' : '\n'}${entry}\n`;
}
