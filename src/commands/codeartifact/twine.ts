/** twine's login: a `codeartifact` index server with the token in ~/.pypirc, the rest of the file kept. */
import { homePath, readText, rewritePrivate } from './home-files.js';
import { iniGet, iniSection, parseIni, writeIni } from './python-ini.js';
import { writeSuccess, type Login } from './tool-login.js';

export async function twineLogin(login: Login): Promise<void> {
  const { host } = login;
  const path = homePath(host, '.pypirc');
  if (login.dryRun) {
    const text = pypirc(login, path, await readText(host, path), (await host.fs.stat(path)) !== undefined);
    host.stdout.write(
      `Dryrun mode is enabled, not writing to pypirc.\n${path} would have been set to the following:\n\n${text}\n`,
    );
    return;
  }
  const exists = (await host.fs.stat(path)) !== undefined;
  await rewritePrivate(host, path, (current) => pypirc(login, path, current, exists || current !== undefined));
  writeSuccess(login, 'twine');
}

/**
 * The new ~/.pypirc: the CLI's default one when there is none; otherwise the file read as Python's
 * RawConfigParser reads it, `codeartifact` added to `[distutils] index-servers` and its own section set.
 * A path that exists but cannot be read (a directory) reads as empty, as RawConfigParser skips it.
 */
function pypirc(login: Login, path: string, current: string | undefined, exists: boolean): string {
  const defaults = `[distutils]\nindex-servers=\n    pypi\n    codeartifact\n\n[codeartifact]\nrepository: ${login.endpoint}\nusername: aws\npassword: ${login.token}`;
  if (!exists) return writeIni(parseIni(defaults, '<string>'));
  try {
    const ini = parseIni(current ?? '', path);
    const servers = iniGet(ini, 'distutils', 'index-servers')
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (!servers.includes('codeartifact'))
      iniSection(ini, 'distutils').set('index-servers', `\n${[...servers, 'codeartifact'].join('\n')}`);
    if (!ini.sections.has('codeartifact')) ini.sections.set('codeartifact', new Map());
    const own = iniSection(ini, 'codeartifact');
    own.set('repository', login.endpoint);
    own.set('username', 'aws');
    own.set('password', login.token);
    return writeIni(ini);
  } catch (err) {
    login.host.stdout.write(`${path} is in an invalid state.\n`);
    throw err;
  }
}
