/**
 * `isoaws sso login [--no-browser] [--sso-session name]` and `isoaws sso logout`: the AWS CLI's
 * custom commands beside the SSO portal API. Login runs the device authorization flow for the
 * profile's sso-session (or legacy start URL) and caches the token for SSO profiles.
 */
import type { ConfigValue } from '../../core/config/ini.js';
import type { LoadedProfile } from '../../core/config/profile.js';
import { ssoLogin, ssoLogout, type SsoLoginCalls, type SsoLoginOptions } from '../../core/credentials/sso-login.js';

/** SSO Logout in `region` for one access token (unsigned; the token goes in a header). */
type SsoLogoutCall = (region: string, accessToken: string) => Promise<unknown>;
import {
  commandPage,
  flagOption,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
  type CommandOption,
} from '../../cli/command.js';
import type { CliContext } from '../../cli/context.js';
import type { CommandPage } from '../../cli/help.js';
import type { Client } from '../../core/client.js';
import { ConfigurationError } from '../../cli/usage.js';

const OPTIONS: Record<'login' | 'logout', CommandOption[]> = {
  login: [
    flagOption(
      'no-browser',
      'Prints the authorization URL (and code) instead of opening the default browser (for a machine without one).',
    ),
    flagOption(
      'use-device-code',
      'Signs in with the device code flow (a URL and a code, which may be used on another device) instead of the authorization code flow, which needs a browser on this machine.',
    ),
    valueOption(
      'sso-session',
      'string',
      "The sso-session section of the config file to sign in to, instead of the profile's.",
    ),
  ],
  logout: [],
};

const PAGES: Record<'login' | 'logout', Omit<CommandPage, 'synopsis' | 'options'>> = {
  login: {
    name: 'login',
    description:
      "Signs in to IAM Identity Center for the profile's sso-session (or its sso_start_url and sso_region), and caches the token under ~/.aws/sso/cache, where every profile using that session finds it. An sso-session signs in with the authorization code flow: the browser opens the authorization page and comes back to this machine when you approve. A legacy profile, or --use-device-code, uses the device code flow: the page shows a code, which must match the one printed here.",
    examples: ['isoaws sso login --profile dev', 'isoaws sso login --sso-session my-sso --no-browser'],
  },
  logout: {
    name: 'logout',
    description:
      'Signs out of IAM Identity Center: each cached token is revoked and removed, with the role credentials cached from it.',
    examples: ['isoaws sso logout'],
  },
};

/** `sso login` and `sso logout` (the registry's records), calling SSO and SSO OIDC unsigned in the session's region. */
export const loginCommand: CommandModule = {
  run: (env, args) => runWithCalls(env, 'login', args),
  page: async () => page('login'),
};
export const logoutCommand: CommandModule = {
  run: (env, args) => runWithCalls(env, 'logout', args),
  page: async () => page('logout'),
};

function page(sub: 'login' | 'logout'): CommandPage {
  return commandPage(PAGES[sub], OPTIONS[sub]);
}

async function runWithCalls(env: CommandEnv, sub: 'login' | 'logout', args: readonly string[]): Promise<number> {
  const profile = await env.profile();
  const { ctx } = env;
  const send = (op: string) => async (region: string, params: Record<string, unknown>) =>
    (await env.sourceClient(profile, 'SSO_OIDC', region)).send('sso-oidc', op, params, { signal: ctx.signal });
  const logout = async (region: string, accessToken: string) =>
    (await env.sourceClient(profile, 'SSO', region)).send('sso', 'Logout', { accessToken }, { signal: ctx.signal });
  return runSso(ctx, sub, args, profile, {
    registerClient: send('RegisterClient'),
    startDeviceAuthorization: send('StartDeviceAuthorization'),
    createToken: send('CreateToken'),
    oidcOrigin: async (region) => oidcOrigin(await env.sourceClient(profile, 'SSO_OIDC', region)),
    logout,
  });
}

async function runSso(
  ctx: CliContext,
  sub: 'login' | 'logout',
  argv: readonly string[],
  profile: LoadedProfile,
  calls: SsoLoginCalls & { logout: SsoLogoutCall },
): Promise<number> {
  const values = readCommandOptions(OPTIONS[sub], argv);
  if (sub === 'logout') {
    await ssoLogout(ctx.host, calls.logout);
    return 0;
  }
  const sessionName = (values.get('sso-session') as string | undefined) ?? text(profile.config.sso_session);
  const session = sessionName !== undefined ? profile.files.config.ssoSessions[sessionName] : undefined;
  if (sessionName !== undefined && !session)
    throw new ConfigurationError(`The specified sso-session does not exist: "${sessionName}"`);
  const startUrl = text(session?.sso_start_url ?? profile.config.sso_start_url);
  const region = text(session?.sso_region ?? profile.config.sso_region);
  if (!startUrl || !region) {
    throw new ConfigurationError(
      `Missing the following required SSO configuration values: ${[!startUrl && 'sso_start_url', !region && 'sso_region'].filter(Boolean).join(', ')}. To make sure this profile is properly configured to use SSO, please run: aws configure sso`,
    );
  }
  const scopes = text(session?.sso_registration_scopes)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  await ssoLogin(ctx.host, calls, {
    startUrl,
    region,
    sessionName,
    scopes,
    useDeviceCode: values.has('use-device-code'),
    signal: ctx.signal,
    authorize: showAuthorization(ctx, values.has('no-browser')),
  });
  ctx.host.stdout.write(`Successfully logged into Start URL: ${startUrl}\n`);
  return 0;
}

/**
 * Shows where to sign in as the AWS CLI does (on stdout, as its handlers print): the device flow's URL
 * and code, or the authorization code flow's URL alone, naming the option that signs in from another
 * device (`crossDevice`); the browser is opened unless told not to.
 */
export function showAuthorization(
  ctx: CliContext,
  noBrowser: boolean,
  crossDevice = '--use-device-code',
): SsoLoginOptions['authorize'] {
  const browser = !noBrowser && ctx.host.openUrl !== undefined;
  return async ({ userCode, verificationUri, verificationUriComplete }) => {
    ctx.host.stdout.write(
      userCode === undefined
        ? browser
          ? `Attempting to open your default browser. If the browser does not open, open the following URL.\nIf you are unable to open the URL on this device, run this command again with the '${crossDevice}' option.\n\n${verificationUri}\n\n`
          : `Browser will not be automatically opened.\nPlease visit the following URL:\n\n${verificationUri}\n`
        : browser
          ? `Attempting to automatically open the SSO authorization page in your default browser.\nIf the browser does not open or you wish to use a different device to authorize this request, open the following URL:\n\n${verificationUri}\n\nThen enter the code:\n\n${userCode}\n`
          : `Browser will not be automatically opened.\nPlease visit the following URL:\n\n${verificationUri}\n\nThen enter the code:\n\n${userCode}\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\n${verificationUriComplete}\n`,
    );
    if (browser) await ctx.host.openUrl!(verificationUriComplete);
  };
}

/**
 * SSO OIDC's origin for the authorize page, which the model does not describe: where the client would
 * send RegisterClient (an unsigned client's presigned URL is the plain one), as the CLI finds it.
 */
export async function oidcOrigin(client: Client): Promise<string> {
  return new URL(await client.presign('sso-oidc', 'RegisterClient', { clientName: 'temp', clientType: 'public' }))
    .origin;
}

function text(value: ConfigValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
