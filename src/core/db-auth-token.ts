/**
 * IAM authentication tokens for databases, as botocore makes them: RDS's `generate_db_auth_token` and
 * Aurora DSQL's `generate_db_connect(_admin)_auth_token`. A token is a presigned GET of
 * `https://<host>[:<port>]/?Action=…[&DBUser=…]`, signed for `rds-db` or `dsql`, without its scheme; the
 * database checks it as AWS would check the request. Nothing is sent.
 */
import type { Host } from './host.js';
import { presignUrl, type SigningCredentials } from './signing/index.js';

export interface DbAuthTokenRequest {
  hostname: string;
  /** RDS's port; DSQL's endpoints have none. */
  port?: number;
  /** `connect` (RDS), `DbConnect` or `DbConnectAdmin` (DSQL). */
  action: string;
  /** RDS's database user. */
  user?: string;
  signingName: 'rds-db' | 'dsql';
  region: string;
  credentials: SigningCredentials;
  /** Seconds the token is accepted for: 900 unless asked. */
  expiresIn?: number;
}

export async function dbAuthToken(host: Pick<Host, 'now' | 'sha256'>, req: DbAuthTokenRequest): Promise<string> {
  const authority = req.port === undefined ? req.hostname : `${req.hostname}:${req.port}`;
  const user = req.user === undefined ? '' : `&DBUser=${encodeURIComponent(req.user)}`;
  const url = await presignUrl(
    { method: 'GET', url: `https://${authority}/?Action=${encodeURIComponent(req.action)}${user}`, headers: {} },
    {
      credentials: req.credentials,
      region: req.region,
      service: req.signingName,
      now: host.now(),
      expiresIn: req.expiresIn ?? 900,
      sha256: host.sha256,
    },
  );
  return url.slice('https://'.length);
}
