/** npm and pip logins: `npm config set` the registry and its token, `pip config set` an index URL carrying the token. */
import { IsoawsError } from '../../core/errors.js';
import { platform, runCommands, type Login } from './tool-login.js';
import { urlSplit } from './url-split.js';

export async function npmLogin(login: Login): Promise<void> {
  const scope = npmScope(login.namespace);
  const npm = platform() === 'win32' ? 'npm.cmd' : 'npm';
  const { netloc, path } = urlSplit(login.endpoint);
  const commands = [
    [npm, 'config', 'set', scope ? `${scope}:registry` : 'registry', login.endpoint],
    [npm, 'config', 'set', `//${netloc}${path}:always-auth`, 'true'],
    [npm, 'config', 'set', `//${netloc}${path}:_authToken`, login.token],
  ];
  // npm 7 and later no longer know always-auth and may refuse it; that must not fail the login.
  await runCommands(login, commands, (argv) => argv.some((arg) => arg.includes('always-auth')));
}

/** The npm scope for --namespace: `@` put in front when missing; the CLI checks only how the scope starts. */
function npmScope(namespace: string | undefined): string | undefined {
  if (namespace === undefined) return undefined;
  const scope = namespace.startsWith('@') ? namespace : `@${namespace}`;
  if (!/^@[a-z0-9~-][a-z0-9._~-]*/.test(scope))
    throw new IsoawsError('Invalid scope name, scope must contain URL-safe characters, no leading dots or underscores');
  return scope;
}

export async function pipLogin(login: Login): Promise<void> {
  const { scheme, netloc, path } = urlSplit(login.endpoint);
  const indexUrl = `${scheme}://aws:${login.token}@${netloc}${path}simple/`;
  await runCommands(login, [['pip', 'config', 'set', 'global.index-url', indexUrl]]);
}
