/**
 * A stand-in for AWS Sign-In's two endpoints of `login`, checking what the real one checks: the
 * authorize page (sends the browser back to `redirect_uri` with a code and the state it was given, or
 * shows the `--remote` confirmation code), and the token endpoint, which verifies each request's DPoP
 * proof (ES256 over its header and payload, with the key in its header, for this URL), the PKCE
 * verifier against the challenge, that a refresh comes from the key that signed in, and answers with
 * keys, a refresh token and an ID token whose subject is the console session.
 */
import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';

export const SESSION_ARN = 'arn:aws:sts::123456789012:assumed-role/Admin/alice';

export interface TokenRequest {
  input: Record<string, unknown>;
  proof: { header: Record<string, unknown>; payload: Record<string, unknown> };
}

export interface SigninStandIn {
  /** The authorize requests' query parameters. */
  authorizations: Array<Record<string, string>>;
  tokens: TokenRequest[];
  /** Where the browser goes after signing in (`Location`), or the confirmation page's code (`--remote`). */
  authorize(url: URL): { location?: string; code?: string };
  /** The token endpoint: the response's status, headers and JSON body. */
  token(
    url: string,
    body: string,
    dpop: string | undefined,
  ): { status: number; headers: Record<string, string>; body: string };
}

const b64url = (text: string) => Buffer.from(text, 'base64url');

export function createSigninStandIn(opts: { refuse?: string; otherState?: boolean } = {}): SigninStandIn {
  const authorizations: Array<Record<string, string>> = [];
  const tokens: TokenRequest[] = [];
  let signedInWith: string | undefined;
  let keys = 0;
  const fail = (status: number, type: string, error: string) => ({
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ error, message: `refused: ${error}` }),
  });
  return {
    authorizations,
    tokens,
    authorize(url) {
      const query = Object.fromEntries(url.searchParams);
      authorizations.push(query);
      const state = opts.otherState ? 'forged' : query.state!;
      if (query.redirect_uri!.endsWith('/v1/sessions/confirmation'))
        return { code: Buffer.from(`state=${state}&code=code-${authorizations.length}`).toString('base64') };
      const back = new URL(query.redirect_uri!);
      back.searchParams.set('code', `code-${authorizations.length}`);
      back.searchParams.set('state', state);
      return { location: back.toString() };
    },
    token(url, body, dpop) {
      const input = JSON.parse(body) as Record<string, unknown>;
      const [h, p, s] = (dpop ?? '').split('.');
      const header = JSON.parse(b64url(h ?? '').toString() || '{}') as Record<string, unknown>;
      const payload = JSON.parse(b64url(p ?? '').toString() || '{}') as Record<string, unknown>;
      tokens.push({ input, proof: { header, payload } });
      const jwk = header.jwk as JsonWebKey | undefined;
      const valid =
        jwk !== undefined &&
        header.typ === 'dpop+jwt' &&
        header.alg === 'ES256' &&
        payload.htm === 'POST' &&
        payload.htu === url &&
        verify(
          'sha256',
          Buffer.from(`${h}.${p}`),
          { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
          b64url(s ?? ''),
        );
      if (!valid) return fail(400, 'ValidationException', 'INVALID_REQUEST');
      if (opts.refuse) return fail(403, 'AccessDeniedException', opts.refuse);
      const thumb = `${jwk.x}.${jwk.y}`;
      if (input.grantType === 'authorization_code') {
        const asked = authorizations.at(-1)!;
        const challenge = createHash('sha256').update(String(input.codeVerifier)).digest('base64url');
        if (challenge !== asked.code_challenge || input.code !== `code-${authorizations.length}`)
          return fail(400, 'ValidationException', 'INVALID_REQUEST');
        signedInWith = thumb;
      } else if (input.grantType !== 'refresh_token' || thumb !== signedInWith || input.refreshToken !== `rt-${keys}`) {
        return fail(400, 'ValidationException', 'INVALID_REQUEST');
      }
      keys++;
      const idToken = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: SESSION_ARN, aud: 'arn:aws:signin:::devtools/same-device' }),
      ).toString('base64url')}.c2ln`;
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          accessToken: {
            accessKeyId: `ASIAKEYS${keys}`,
            secretAccessKey: `secret-${keys}`,
            sessionToken: `token-${keys}`,
          },
          tokenType: 'aws_sigv4',
          expiresIn: 900,
          refreshToken: `rt-${keys}`,
          ...(input.grantType === 'authorization_code' ? { idToken } : {}),
        }),
      };
    },
  };
}
