/** NuGet's login, through `nuget sources` or `dotnet nuget`: the repository added as a source, or the source already there updated. */
import { IsoawsError } from '../../core/errors.js';
import type { ProcessResult } from '../../core/host.js';
import { commandFailed, platform, start, writeSuccess, type Login } from './tool-login.js';

export async function nugetLogin(login: Login): Promise<void> {
  const { host } = login;
  const sources = await listSources(login);
  const indexUrl = `${login.endpoint}v3/index.json`;
  const { name, exists } = sourceName(login, indexUrl, sources);
  const command = configureSource(login, exists ? 'update' : 'add', indexUrl, name);
  if (login.dryRun) {
    host.stdout.write(`${command.join(' ')}\n`);
    return;
  }
  const result = await startConfigure(login, command);
  if (result.status !== 0) {
    host.stdout.write('Failed to update the NuGet.Config\n');
    throw commandFailed(command, result, login.token);
  }
  // An update may have changed any level's NuGet.Config, an addition only the user's.
  host.stdout.write(
    exists ? `Updated source ${name} in the NuGet.Config\n` : `Added source ${name} to the user level NuGet.Config\n`,
  );
  // The CLI names nuget here for dotnet too.
  writeSuccess(login, 'nuget');
}

/** The configure command: an OSError in starting it is the CLI's raw OSError, not "was not found" (listing found the tool). */
async function startConfigure(login: Login, command: readonly string[]): Promise<ProcessResult> {
  const result = await login.host.run!(command);
  if (result.error !== undefined) throw new IsoawsError(result.error);
  return result;
}

/**
 * The sources every NuGet.Config level has, name to URL, from the listing's `1.  name [Enabled]` lines
 * and the URL on the line after each. A failed listing is the CLI's CalledProcessError, token-free.
 * It is run even for --dry-run, which needs it to tell add from update.
 */
async function listSources(login: Login): Promise<Map<string, string>> {
  const argv =
    login.tool === 'nuget'
      ? ['nuget', 'sources', 'list', '-format', 'detailed']
      : ['dotnet', 'nuget', 'list', 'source', '--format', 'detailed'];
  const result = await start(login, argv);
  if (result.status !== 0) throw commandFailed(argv, result);
  // Every line break Python's splitlines() knows, the file and group separators among them.
  // eslint-disable-next-line no-control-regex
  const lines = result.stdout.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter((l) => l.trim() !== '');
  const sources = new Map<string, string>();
  lines.forEach((line, i) => {
    const match = /^\p{Nd}+\.\s(.+)\s\[.*\]/u.exec(line.trim());
    if (!match) return;
    // A name on the last line has no URL after it: Python's IndexError, as the CLI fails.
    if (i + 1 >= lines.length) throw new IsoawsError('list index out of range');
    sources.set(match[1]!.trim(), lines[i + 1]!.trim());
  });
  return sources;
}

/** The source to configure: the one already at the repository's URL, else `<domain>/<repository>` (existing or new). */
function sourceName(login: Login, indexUrl: string, sources: Map<string, string>): { name: string; exists: boolean } {
  for (const [name, url] of sources) if (url === indexUrl) return { name, exists: true };
  const name = `${login.domain}/${login.repository}`;
  return { name, exists: sources.has(name) };
}

function configureSource(login: Login, operation: 'add' | 'update', indexUrl: string, name: string): string[] {
  if (login.tool === 'nuget')
    return [
      'nuget',
      'sources',
      operation,
      '-name',
      name,
      '-source',
      indexUrl,
      '-username',
      'aws',
      '-password',
      login.token,
    ];
  const target = operation === 'add' ? [indexUrl, '--name', name] : [name, '--source', indexUrl];
  return [
    'dotnet',
    'nuget',
    operation,
    'source',
    ...target,
    '--username',
    'aws',
    '--password',
    login.token,
    // dotnet can encrypt the password only on Windows.
    ...(platform() === 'win32' ? [] : ['--store-password-in-clear-text']),
  ];
}
