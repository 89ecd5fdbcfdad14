/**
 * `configure sso [--no-browser] [--use-device-code]` and `configure sso-session`, as the AWS CLI runs
 * them: ask for an SSO session (or the legacy start URL and region), sign in (sso-login.ts), pick the account and the
 * role (asked only when there is a choice), ask for the profile's region, output format and name, then
 * write the profile and the `[sso-session]` section, keeping the rest of the file as it was.
 * The AWS CLI picks accounts and roles with an arrow-key menu; here the choices are numbered, which
 * also works where no full-screen terminal is available.
 */
import { configProfiles, parseIni, type ConfigValue } from '../../core/config/ini.js';
import { profileSection, updateIniText } from '../../core/config/writer.js';
import { ssoLogin, type SsoLoginCalls } from '../../core/credentials/sso-login.js';
import { IsoawsError, ServiceError } from '../../core/errors.js';
import type { Prompt } from '../../core/host.js';
import { parseKnownArgs } from '../../cli/argparse.js';
import type { CliContext } from '../../cli/context.js';
import { showAuthorization } from '../sso/index.js';
import { ConfigurationError, unknownOptions, UsageError } from '../../cli/usage.js';

/** The SSO portal calls the flow makes besides signing in (each in the SSO region, with the access token). */
export interface ConfigureSsoCalls extends SsoLoginCalls {
  listAccounts(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  listAccountRoles(region: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface ConfigFile {
  path: string;
  text?: string;
  /** Changes the file from its text at that moment (under its lock), as the function says. */
  edit(change: (text: string | undefined) => string): Promise<void>;
}

const DEFAULT_SCOPES = 'sso:account:access';
const OUTPUTS = ['json', 'text', 'table', 'yaml', 'yaml-stream'];

export async function configureSso(
  ctx: CliContext,
  file: ConfigFile,
  profileName: string | undefined,
  argv: readonly string[],
  calls: ConfigureSsoCalls,
): Promise<number> {
  const { values, extras } = parseKnownArgs(
    [
      { flag: '--no-browser', dest: 'noBrowser', nargs: 'flag' },
      { flag: '--use-device-code', dest: 'useDeviceCode', nargs: 'flag' },
    ],
    argv,
  );
  if (extras.length) throw unknownOptions(extras);
  const prompt = needPrompt(ctx, 'configure sso');
  const out = (text: string) => ctx.host.stdout.write(text);
  const data = configProfiles(file.text === undefined ? {} : parseIni(file.text, file.path));
  const current = profileName !== undefined ? (data.profiles[profileName] ?? {}) : {};
  // The profile's new settings, in the order the AWS CLI writes them.
  const settings: Record<string, string> = {};
  const sessionName = await ask(prompt, 'SSO session name', text(current.sso_session), (label, value) =>
    value === undefined ? `${label} (Recommended): ` : undefined,
  );
  let login: { startUrl: string; region: string; sessionName?: string; scopes?: string[] };
  let newSession: Record<string, string> | undefined;
  if (sessionName === undefined) {
    out(
      'WARNING: Configuring using legacy format (e.g. without an SSO session).\nConsider re-running "configure sso" command and providing a session name.\n',
    );
    const startUrl = await askStartUrl(prompt, text(current.sso_start_url));
    const region = await askRequired(prompt, 'SSO region', text(current.sso_region));
    Object.assign(settings, { sso_start_url: startUrl, sso_region: region });
    login = { startUrl, region };
  } else {
    settings.sso_session = sessionName;
    const existing = data.ssoSessions[sessionName];
    if (existing && text(existing.sso_start_url) && text(existing.sso_region)) {
      login = {
        startUrl: text(existing.sso_start_url)!,
        region: text(existing.sso_region)!,
        sessionName,
        scopes: scopes(text(existing.sso_registration_scopes)),
      };
    } else {
      const startUrl = await askStartUrl(prompt, text(existing?.sso_start_url) ?? text(current.sso_start_url));
      const region = await askRequired(prompt, 'SSO region', text(existing?.sso_region) ?? text(current.sso_region));
      const scopeText = (await ask(
        prompt,
        'SSO registration scopes',
        text(existing?.sso_registration_scopes) ?? DEFAULT_SCOPES,
      ))!;
      newSession = { sso_start_url: startUrl, sso_region: region, sso_registration_scopes: scopeText };
      login = { startUrl, region, sessionName, scopes: scopes(scopeText) };
    }
  }
  const token = await ssoLogin(ctx.host, calls, {
    ...login,
    useDeviceCode: values.get('useDeviceCode') === true,
    signal: ctx.signal,
    authorize: showAuthorization(ctx, values.get('noBrowser') === true),
  });

  let accountId: string | undefined;
  let roleName: string | undefined;
  try {
    const accounts = await allPages(
      (nextToken) => calls.listAccounts(login.region, { accessToken: token, ...(nextToken ? { nextToken } : {}) }),
      'accountList',
    );
    if (!accounts.length) throw new IsoawsError('No AWS accounts are available to you.');
    if (accounts.length === 1) {
      accountId = String(accounts[0]!.accountId);
      out(`The only AWS account available to you is: ${accountId}\n`);
    } else {
      out(`There are ${accounts.length} AWS accounts available to you.\n`);
      accountId = String((await choose(prompt, 'account', accounts, displayAccount)).accountId);
    }
    out(`Using the account ID ${accountId}\n`);
    settings.sso_account_id = accountId;
    const roles = await allPages(
      (nextToken) =>
        calls.listAccountRoles(login.region, { accessToken: token, accountId, ...(nextToken ? { nextToken } : {}) }),
      'roleList',
    );
    if (!roles.length) throw new IsoawsError(`No roles are available for the account ${accountId}`);
    if (roles.length === 1) {
      roleName = String(roles[0]!.roleName);
      out(`The only role available to you is: ${roleName}\n`);
    } else {
      out(`There are ${roles.length} roles available to you.\n`);
      roleName = String((await choose(prompt, 'role', roles, (r) => String(r.roleName))).roleName);
    }
    out(`Using the role name "${roleName}"\n`);
    settings.sso_role_name = roleName;
  } catch (err) {
    if (!(err instanceof ServiceError && err.code === 'UnauthorizedException')) throw err;
    out('Unable to list AWS accounts and/or roles. Skipping configuring AWS credential provider for profile.\n');
  }

  const region = await ask(prompt, 'CLI default client Region', text(current.region));
  if (region !== undefined) settings.region = region;
  const output = await ask(prompt, 'CLI default output format', text(current.output));
  if (output !== undefined) {
    if (!OUTPUTS.includes(output))
      throw new ConfigurationError(`Unknown output format "${output}": choose one of ${OUTPUTS.join(', ')}`);
    settings.output = output;
  }
  // ERR-16/17/19: the suggested name is v2's `<role>-<account>` from the account and role chosen, as typed.
  const name =
    profileName ??
    (await askRequired(prompt, 'CLI profile name', accountId && roleName ? `${roleName}-${accountId}` : undefined));

  await file.edit((text) => {
    const updated = updateIniText(text, profileSection(name), settings);
    return newSession && sessionName !== undefined
      ? updateIniText(updated, `sso-session ${sessionName}`, newSession)
      : updated;
  });
  out(
    accountId && roleName
      ? `\nTo use this profile, specify the profile name using --profile, as shown:\n\naws s3 ls --profile ${name}\n`
      : `Successfully configured SSO for profile: ${name}\n`,
  );
  return 0;
}

export async function configureSsoSession(ctx: CliContext, file: ConfigFile, argv: readonly string[]): Promise<number> {
  const { extras } = parseKnownArgs([], argv);
  if (extras.length) throw unknownOptions(extras);
  const prompt = needPrompt(ctx, 'configure sso-session');
  const data = configProfiles(file.text === undefined ? {} : parseIni(file.text, file.path));
  const name = await askRequired(prompt, 'SSO session name', undefined, (label) => `${label}: `);
  const existing = data.ssoSessions[name] ?? {};
  const session = {
    sso_start_url: await askStartUrl(prompt, text(existing.sso_start_url)),
    sso_region: await askRequired(prompt, 'SSO region', text(existing.sso_region)),
    sso_registration_scopes: (await ask(
      prompt,
      'SSO registration scopes',
      text(existing.sso_registration_scopes) ?? DEFAULT_SCOPES,
    ))!,
  };
  await file.edit((text) => updateIniText(text, `sso-session ${name}`, session));
  ctx.host.stdout.write(
    `\nCompleted configuring SSO session: ${name}\nRun the following to login and refresh access token for this session:\n\naws sso login --sso-session ${name}\n`,
  );
  return 0;
}

function needPrompt(ctx: CliContext, command: string): Prompt {
  if (!ctx.host.prompt) throw new UsageError(`${command} needs a terminal to ask on`);
  return ctx.host.prompt;
}

type Format = (label: string, current: string | undefined) => string | undefined;

/** `Label [current]: ` unless `format` words it; an empty answer keeps the current value (undefined when there is none). */
async function ask(
  prompt: Prompt,
  label: string,
  current: string | undefined,
  format?: Format,
): Promise<string | undefined> {
  const answer = (await prompt.ask(format?.(label, current) ?? `${label} [${current ?? 'None'}]: `)).trim();
  return answer || current;
}

/** A value the flow cannot go on without: asked again (three times in all) while empty. */
async function askRequired(
  prompt: Prompt,
  label: string,
  current: string | undefined,
  format?: Format,
): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const value = await ask(prompt, label, current, format);
    if (value) return value;
  }
  throw new ConfigurationError(`${label} is required`);
}

async function askStartUrl(prompt: Prompt, current: string | undefined): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const value = await askRequired(prompt, 'SSO start URL', current);
    if (/^https?:\/\/\S+$/.test(value)) return value;
    current = undefined;
  }
  throw new ConfigurationError('Not a valid Start URL');
}

async function choose<T>(prompt: Prompt, kind: string, items: T[], show: (item: T) => string): Promise<T> {
  const menu = items.map((item, i) => `  ${i + 1}. ${show(item)}`).join('\n');
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = (await prompt.ask(`${menu}\nChoose the ${kind} [1-${items.length}]: `)).trim();
    const index = Number(answer);
    if (Number.isInteger(index) && index >= 1 && index <= items.length) return items[index - 1]!;
  }
  throw new ConfigurationError(`No ${kind} was chosen`);
}

/** The AWS CLI's account line: name, e-mail and ID, whichever the portal gave. */
function displayAccount(account: Record<string, unknown>): string {
  const { accountId, accountName, emailAddress } = account;
  if (accountName === undefined && emailAddress === undefined) return String(accountId);
  if (emailAddress === undefined) return `${accountName} (${accountId})`;
  if (accountName === undefined) return `${emailAddress} (${accountId})`;
  return `${accountName}, ${emailAddress} (${accountId})`;
}

async function allPages(
  call: (nextToken?: string) => Promise<Record<string, unknown>>,
  key: string,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let nextToken: string | undefined;
  do {
    const page = await call(nextToken);
    items.push(...((page[key] as Array<Record<string, unknown>> | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return items;
}

function scopes(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function text(value: ConfigValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
