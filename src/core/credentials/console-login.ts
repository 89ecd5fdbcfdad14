/**
 * `login`: signing in with AWS console credentials, as the AWS CLI v2 does it (its login/utils.py). The
 * browser is sent to AWS Sign-In's authorize page with a PKCE challenge; the authorization code comes
 * back either by redirect to a server on 127.0.0.1 (same device) or, with `--remote`, pasted by the
 * user from the confirmation page (base64 of `state=…&code=…`). Sign-In's CreateOAuth2Token then trades
 * code and verifier for temporary keys, a refresh token and an ID token naming the session, under a
 * DPoP proof from a key made for this session. The result is the cache entry login-session.ts reads.
 */
import { CredentialRetrievalError, ServiceError } from '../errors.js';
import type { Host } from '../host.js';
import { fromBase64 } from '../protocols/shared.js';
import { encodeQuery } from '../request-url.js';
import { pkcePair, serveRedirect, type Redirect } from './auth-code.js';
import { newDpopKey } from './dpop.js';
import { expiresAt, LOGIN_ERRORS, type LoginToken, type SigninTokenCall } from './login-session.js';
import type { Authorization } from './sso-login.js';

const CLIENT_ID = {
  sameDevice: 'arn:aws:signin:::devtools/same-device',
  crossDevice: 'arn:aws:signin:::devtools/cross-device',
} as const;

export interface ConsoleLoginOptions {
  /** Sign-In's origin (`https://us-east-1.signin.aws.amazon.com`), where the authorize page is. */
  origin: string;
  /** `--remote`: the code is pasted by the user instead of sent back to a loopback server. */
  remote: boolean;
  /** Shows the authorize page's URL, and may open a browser on it. */
  authorize(info: Authorization): Promise<void> | void;
  /** Asks for the code the confirmation page shows (`--remote`). */
  askCode(): Promise<string>;
  signal?: AbortSignal;
}

/** The session's name (the ARN of the console session, the ID token's subject) and its cache entry. */
export interface ConsoleSession {
  session: string;
  token: LoginToken;
}

export async function consoleLogin(
  host: Host,
  createToken: SigninTokenCall,
  opts: ConsoleLoginOptions,
): Promise<ConsoleSession> {
  const { key, pem } = await newDpopKey();
  const { verifier, challenge } = await pkcePair();
  const state = crypto.randomUUID();
  const clientId = opts.remote ? CLIENT_ID.crossDevice : CLIENT_ID.sameDevice;
  const authorizeUri = (redirectUri: string) =>
    `${opts.origin}/v1/authorize?${encodeQuery([
      ['response_type', 'code'],
      ['client_id', clientId],
      ['state', state],
      ['code_challenge_method', 'SHA-256'],
      ['scope', 'openid'],
      ['redirect_uri', redirectUri],
    ])}&code_challenge=${challenge}`;

  let redirectUri: string;
  let got: Redirect;
  if (opts.remote) {
    redirectUri = `${opts.origin}/v1/sessions/confirmation`;
    const uri = authorizeUri(redirectUri);
    await opts.authorize({ verificationUri: uri, verificationUriComplete: uri });
    got = parseVerificationCode(await opts.askCode());
  } else {
    const server = await serveRedirect(host);
    try {
      redirectUri = server.redirectUri;
      const uri = authorizeUri(redirectUri);
      await opts.authorize({ verificationUri: uri, verificationUriComplete: uri });
      got = await server.redirect(opts.signal);
    } finally {
      await server.close();
    }
  }
  if (got.code === undefined) throw codeError('Failed to retrieve an authorization code.');
  if (got.state !== state) throw codeError(`State parameter ${got.state} does not match expected value ${state}.`);

  let response: Record<string, unknown>;
  try {
    response = await createToken(
      { clientId, grantType: 'authorization_code', code: got.code, codeVerifier: verifier, redirectUri },
      key,
    );
  } catch (err) {
    const reason = err instanceof ServiceError && err.code === 'AccessDeniedException' ? err.data.error : undefined;
    if (reason === 'AUTHCODE_EXPIRED')
      throw codeError(
        "Unable to complete the login process due to an expired authorization code. Please reauthenticate using 'aws login'.",
      );
    if (reason === 'INSUFFICIENT_PERMISSIONS') throw new CredentialRetrievalError(LOGIN_ERRORS[reason]!);
    throw err;
  }
  const output = response.tokenOutput as Record<string, unknown> | undefined;
  if (!output) throw codeError('Failed to retrieve an access token.');
  const session = sessionOf(output.idToken);
  const keys = output.accessToken as Record<string, string>;
  return {
    session,
    token: {
      accessToken: {
        accessKeyId: keys.accessKeyId!,
        secretAccessKey: keys.secretAccessKey!,
        sessionToken: keys.sessionToken!,
        accountId: accountOf(session),
        expiresAt: expiresAt(host, Number(output.expiresIn)),
      },
      tokenType: output.tokenType as string,
      clientId,
      refreshToken: output.refreshToken as string,
      idToken: output.idToken as string,
      dpopKey: pem,
    },
  };
}

/**
 * What the confirmation page shows for `--remote`: base64 of `state=…&code=…`. An empty answer is no
 * code (the AWS CLI fails on it with a TypeError).
 */
export function parseVerificationCode(answer: string): Redirect {
  const text = answer.trim();
  if (!text) return {};
  let query: string;
  try {
    // Python's b64decode drops what is not of the alphabet before decoding.
    query = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(text.replace(/[^A-Za-z0-9+/=]/g, '')));
  } catch {
    throw new CredentialRetrievalError('Failed to decode the verification code.');
  }
  const params = new URLSearchParams(query);
  const code = params.get('code');
  const state = params.get('state');
  if (!code || !state)
    throw new CredentialRetrievalError('Failed to retrieve an auth_code or state from the verification code');
  return { code, state };
}

/** The ID token's subject, the session's ARN (the token's signature is Sign-In's to vouch for, as the CLI reads it). */
function sessionOf(idToken: unknown): string {
  const parts = typeof idToken === 'string' ? idToken.split('.') : [];
  if (parts.length !== 3) throw new CredentialRetrievalError('Invalid JWT token - cannot extract payload');
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(fromBase64(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'))));
  } catch {
    throw new CredentialRetrievalError('Invalid JWT token - cannot extract payload');
  }
  const sub = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>).sub : undefined;
  if (typeof sub !== 'string') throw new CredentialRetrievalError('Invalid JWT token - missing sub');
  return sub;
}

/** The account of an ARN (botocore's ArnParser, with its message for what is not one). */
function accountOf(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6)
    throw new CredentialRetrievalError(
      `Provided ARN: ${arn} must be of the format: arn:partition:service:region:account:resource`,
    );
  return parts[4]!;
}

/** botocore's LoginAuthorizationCodeError (its message ends with a space). */
function codeError(message: string): CredentialRetrievalError {
  return new CredentialRetrievalError(`Error loading or redeeming a login authorization code: ${message} `);
}
