/** Swift's login: `swift package-registry set` and `login`, the token kept in ~/.netrc outside macOS. */
import { IsoawsError } from '../../core/errors.js';
import { netrcEntry } from './netrc.js';
import { platform, runCommands, type Login } from './tool-login.js';

export async function swiftLogin(login: Login): Promise<void> {
  const scope = swiftScope(login.namespace);
  const macos = platform() === 'darwin';
  const commands = [
    ['swift', 'package-registry', 'set', login.endpoint, ...(scope === undefined ? [] : ['--scope', scope])],
    ['swift', 'package-registry', 'login', `${login.endpoint}login`, ...(macos ? ['--token', login.token] : [])],
  ];
  if (!macos) await netrcEntry(login);
  await runCommands(login, commands);
}

function swiftScope(namespace: string | undefined): string | undefined {
  if (namespace === undefined) return undefined;
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){0,38}$/.test(namespace))
    throw new IsoawsError(
      'Invalid scope name, scope must contain URL-safe characters, no leading dots or underscores and no more than 39 characters',
    );
  return namespace;
}
