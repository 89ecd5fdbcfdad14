/**
 * Web identity (AssumeRoleWithWebIdentity, an unsigned STS call): the token file and role of the
 * profile (`web_identity_token_file`, `role_arn`, `role_session_name`) or of the environment
 * (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`), as in EKS. The token is read
 * again on every refresh, since it is rotated on disk.
 */
import type { ConfigValue } from '../config/ini.js';
import { CredentialRetrievalError } from '../errors.js';
import type { Host } from '../host.js';
import { arnAccount } from './assume-role.js';
import type { CredentialProvider } from './types.js';

export type WebIdentityCall = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;

export function fromWebIdentity(
  host: Host,
  profile: Record<string, ConfigValue>,
  call: WebIdentityCall,
): CredentialProvider {
  return async () => {
    const env = host.env;
    const fromProfile = typeof profile.web_identity_token_file === 'string' && profile.web_identity_token_file !== '';
    const tokenFile = fromProfile ? (profile.web_identity_token_file as string) : env.AWS_WEB_IDENTITY_TOKEN_FILE;
    const roleArn = fromProfile ? profile.role_arn : env.AWS_ROLE_ARN;
    if (!tokenFile) return undefined;
    if (typeof roleArn !== 'string' || !roleArn) {
      throw new CredentialRetrievalError(
        `A web identity token file (${tokenFile}) is configured without a role ARN (${fromProfile ? 'role_arn' : 'AWS_ROLE_ARN'})`,
      );
    }
    let token: string;
    try {
      token = new TextDecoder().decode(await host.fs.readFile(tokenFile)).trim();
    } catch {
      throw new CredentialRetrievalError(`Unable to read the web identity token file ${tokenFile}`);
    }
    // ERR-09: AWS_ROLE_SESSION_NAME belongs to the environment's web identity only, never to a profile's.
    const sessionName = (fromProfile ? profile.role_session_name : env.AWS_ROLE_SESSION_NAME) as string | undefined;
    const response = await call({
      RoleArn: roleArn,
      WebIdentityToken: token,
      RoleSessionName: sessionName || `botocore-session-${Math.floor(host.now().getTime() / 1000)}`,
    });
    const c = response.Credentials as
      { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date } | undefined;
    if (!c) throw new CredentialRetrievalError('AssumeRoleWithWebIdentity returned no credentials');
    const accountId = arnAccount((response.AssumedRoleUser as { Arn?: string } | undefined)?.Arn);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
      accountId,
      source: 'assume-role-with-web-identity',
    };
  };
}
