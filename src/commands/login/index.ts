/**
 * `isoaws login [--remote]` and `isoaws logout [--all]`: signing in with AWS console credentials, as
 * the AWS CLI v2's top-level commands of the same names. Login runs Sign-In's browser flow
 * (core/credentials/console-login.ts), caches the session's token where the CLI keeps it and points
 * the profile at the session (`login_session`), which the credential chain then reads and renews
 * (core/credentials/login-session.ts). Logout removes the profile's cached token, or every one.
 */
import {
  commandPage,
  flagOption,
  readCommandOptions,
  type CommandEnv,
  type CommandModule,
  type CommandOption,
} from '../../cli/command.js';
import type { CliContext } from '../../cli/context.js';
import type { CommandPage } from '../../cli/help.js';
import { clientConfig } from '../../cli/session.js';
import { ConfigurationError } from '../../cli/usage.js';
import type { ClientConfig } from '../../core/client-config.js';
import { configProfiles, parseIni, type ConfigValue } from '../../core/config/ini.js';
import { editConfigFile } from '../../core/config/edit-file.js';
import { mergedProfiles, readSharedFiles, type LoadedProfile } from '../../core/config/profile.js';
import { settingValue } from '../../core/config/settings.js';
import { profileSection, updateIniText } from '../../core/config/writer.js';
import { consoleLogin } from '../../core/credentials/console-login.js';
import { dpopProof } from '../../core/credentials/dpop.js';
import { loginCacheDir, loginTokenPath, saveLoginToken } from '../../core/credentials/login-session.js';
import type { Host } from '../../core/host.js';
import { showAuthorization } from '../sso/index.js';

const OPTIONS: Record<'login' | 'logout', CommandOption[]> = {
  login: [
    flagOption(
      'remote',
      'Signs in on another device: no browser is opened and no server waits for its redirect; the URL is printed, and the authorization code the page shows after signing in is pasted here. For a machine reached over SSH, without a browser of its own.',
    ),
  ],
  logout: [
    flagOption(
      'all',
      'Removes the cached credentials of every profile signed in with login, not only the active profile’s. Profiles with other kinds of credentials are left alone.',
    ),
  ],
};

const PAGES: Record<'login' | 'logout', Omit<CommandPage, 'synopsis' | 'options'>> = {
  login: {
    name: 'login',
    description:
      'Signs in for local development with your AWS Management Console credentials: the browser opens AWS Sign-In, and the temporary credentials and refresh token of the console session you choose are cached under ~/.aws/login/cache (or AWS_LOGIN_CACHE_DIRECTORY). The profile (--profile, else default) is set to use that session (login_session); every command with it renews the credentials as long as the refresh token is valid. With no region configured, one is asked for and saved in the profile.',
    examples: ['isoaws login', 'isoaws login --profile dev --remote'],
  },
  logout: {
    name: 'logout',
    description:
      "Removes the cached credentials of the profile's login session (or, with --all, of every login session). Tools that already loaded an access token may use it until it expires, in 15 minutes.",
    examples: ['isoaws logout', 'isoaws logout --all'],
  },
};

/** The profile keys that give credentials of another kind, which would take precedence over a login session. */
const OTHER_CREDENTIALS: Array<[string[], string]> = [
  [['web_identity_token_file'], 'Web Identity'],
  [['sso_role_name', 'sso_account_id'], 'SSO'],
  [['aws_access_key_id'], 'Access Key'],
  [['role_arn'], 'Assume Role'],
  [['credential_process'], 'Credential Process'],
];
const DEFAULT_REGION = 'us-east-1';

export const loginCommand: CommandModule = {
  run: (env, args) => login(env, args),
  page: async () => commandPage(PAGES.login, OPTIONS.login),
};
export const logoutCommand: CommandModule = {
  run: (env, args) => logout(env.ctx, args),
  page: async () => commandPage(PAGES.logout, OPTIONS.logout),
};

async function login(env: CommandEnv, args: readonly string[]): Promise<number> {
  const { ctx } = env;
  const { host } = ctx;
  const values = readCommandOptions(OPTIONS.login, args);
  const files = await profiles(host);
  const name = activeProfile(ctx);
  const current = files.profiles[name] ?? {};
  const other = OTHER_CREDENTIALS.find(([keys]) => keys.some((k) => k in current));
  if (other)
    throw new ConfigurationError(
      `Profile '${name}' is already configured with ${other[1]} credentials.\n\nYou may run 'aws login --profile new-profile-name' to create a new profile with the specified name. Otherwise you must first manually remove the existing credentials from '${name}'.\n`,
    );
  // A host that cannot take the browser's redirect (a page) signs in as --remote does.
  const remote = values.has('remote') || !host.serveLoopback;
  if (remote && !host.prompt)
    throw new ConfigurationError(
      'login --remote reads the authorization code from a terminal, and there is none here.',
    );
  const profile: LoadedProfile = {
    name,
    config: current,
    credentials: files.credentials[name] ?? {},
    files: { config: files.config, credentials: files.credentials },
  };
  let region = ctx.globals.region ?? (settingValue('region', host.env, current) as string | undefined);
  const prompted = region === undefined;
  if (region === undefined) region = await askRegion(ctx);

  // Sign-In unsigned in that region, at --endpoint-url when given, each call with a DPoP proof.
  const config: ClientConfig = { ...clientConfig(ctx, profile, 'SIGNIN'), region, sign: false };
  const { createClient } = await import('../../core/client.js');
  const origin = new URL(
    await createClient(host, config).presign('signin', 'CreateOAuth2Token', {
      tokenInput: { clientId: ' ', grantType: ' ' },
    }),
  ).origin;
  const { session, token } = await consoleLogin(
    host,
    (tokenInput, key) =>
      createClient(host, {
        ...config,
        onRequest: async (req) => {
          req.headers.DPoP = await dpopProof(key, req.url, host.now());
        },
      }).send('signin', 'CreateOAuth2Token', { tokenInput }, { signal: ctx.signal }),
    {
      origin,
      remote,
      authorize: showAuthorization(ctx, remote, '--remote'),
      askCode: () => host.prompt!.ask('\nEnter the authorization code displayed in your browser: '),
      signal: ctx.signal,
    },
  );

  const existing = current.login_session;
  if (typeof existing === 'string' && existing !== session && !(await confirmOverwrite(ctx, name, existing, session)))
    return 0;
  await saveLoginToken(host, session, token);
  const settings: Record<string, string> = { login_session: session };
  if (prompted) settings.region = region;
  await editConfigFile(host, files.configPath, (text) => updateIniText(text, profileSection(name), settings));
  host.stdout.write(`\nUpdated profile ${name} to use ${session} credentials.\n`);
  if (name !== 'default')
    host.stdout.write(
      `Use "--profile ${name}" to use the new credentials, such as "aws sts get-caller-identity --profile ${name}"\n`,
    );
  return 0;
}

/** No region anywhere: asked for, as the CLI asks (an empty answer is us-east-1), and then saved in the profile. */
async function askRegion(ctx: CliContext): Promise<string> {
  const prompt = ctx.host.prompt;
  if (!prompt)
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  ctx.host.stdout.write(
    'No AWS region has been configured. The AWS region is the geographic location of your AWS resources.\n\nIf you have used AWS before and already have resources in your account, specify which region they were created in. If you have not created resources in your account before, you can pick the region closest to you: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html.\n\nYou are able to change the region in the CLI at any time with the command "aws configure set region NEW_REGION".\n',
  );
  const answer = (await prompt.ask(`AWS Region [${DEFAULT_REGION}]: `)).trim();
  return answer || DEFAULT_REGION;
}

/** The CLI's yes/no question, asked again until answered. */
async function confirmOverwrite(ctx: CliContext, name: string, existing: string, session: string): Promise<boolean> {
  const prompt = ctx.host.prompt;
  if (!prompt)
    throw new ConfigurationError(
      `Profile ${name} is already configured to use session ${existing}; run login with another --profile to use ${session}.`,
    );
  for (;;) {
    const answer = (
      await prompt.ask(
        `\nProfile ${name} is already configured to use session ${existing}. Do you want to overwrite it to use ${session} instead? (y/n): `,
      )
    ).toLowerCase();
    if (answer === 'y' || answer === 'yes') return true;
    if (answer === 'n' || answer === 'no') return false;
    ctx.host.stdout.write('Invalid response. Please enter "y" or "n"\n');
  }
}

async function logout(ctx: CliContext, args: readonly string[]): Promise<number> {
  const { host } = ctx;
  const values = readCommandOptions(OPTIONS.logout, args);
  if (values.has('all')) {
    const removed = await removeAllTokens(host);
    host.stdout.write(
      removed > 0
        ? `Removed ${removed} cached login credential${removed === 1 ? '' : 's'}. Note, any local developer tools that have already loaded access tokens may continue to use them until their expiration. Access tokens expire in 15 minutes.\n`
        : 'No cached login session tokens found.\n',
    );
    return 0;
  }
  const name = activeProfile(ctx);
  const session = (await profiles(host)).profiles[name]?.login_session;
  if (typeof session !== 'string') {
    host.stderr.write(`warning: no login session found for profile '${name}'\n`);
    return 0;
  }
  const path = await loginTokenPath(host, session);
  if (await host.fs.stat(path)) await host.fs.remove(path);
  host.stdout.write(
    `Removed cached login credentials for profile '${name}'. Note, any local developer tools that have already loaded the access token may continue to use it until its expiration. Access tokens expire in 15 minutes.\n`,
  );
  return 0;
}

/** Removes every cache entry that is a login token (its `accessToken` holds keys); other files stay. */
async function removeAllTokens(host: Host): Promise<number> {
  const dir = loginCacheDir(host);
  const names = await host.fs.readDir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const file of names) {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(await host.fs.readFile(`${dir}/${file}`)));
    } catch {
      continue;
    }
    const keys = data !== null && typeof data === 'object' ? (data as Record<string, unknown>).accessToken : undefined;
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys) || !('accessKeyId' in keys)) continue;
    await host.fs.remove(`${dir}/${file}`);
    removed++;
  }
  return removed;
}

/** The profile the command works on, even one no file has yet: --profile, else AWS_PROFILE, else default. */
function activeProfile(ctx: CliContext): string {
  return ctx.globals.profile ?? (ctx.host.env.AWS_PROFILE || ctx.host.env.AWS_DEFAULT_PROFILE || 'default');
}

/** Both files' profiles, merged as the CLI's full_config has them, and where the config file is. */
async function profiles(host: Host) {
  const files = await readSharedFiles(host);
  const config = configProfiles(files.configText === undefined ? {} : parseIni(files.configText, files.configPath));
  const credentials: Record<string, Record<string, ConfigValue>> = files.credentialsText === undefined
    ? {}
    : parseIni(files.credentialsText, files.credentialsPath);
  return { configPath: files.configPath, config, credentials, profiles: mergedProfiles(config, credentials) };
}
