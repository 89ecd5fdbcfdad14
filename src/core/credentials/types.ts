/** Credentials as every provider returns them and the signer consumes them. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  expiration?: Date;
  /**
   * The account they belong to, when their source says (botocore's `account_id`): the rule sets of
   * services with account-based endpoints (DynamoDB) put it in the host name.
   */
  accountId?: string;
  /** Which provider produced them (`env`, `shared-credentials-file`, …), as `configure list` shows. */
  source?: string;
}

/**
 * Where a bearer token comes from, for the services whose operations take one (smithy's httpBearerAuth:
 * CodeCatalyst always, Bedrock when a token is at hand), as botocore's token providers look.
 */
export interface BearerTokens {
  /** The token for the service that signs as `signingName` (AWS_BEARER_TOKEN_<NAME>, or one given in code). */
  forService(signingName: string): string | undefined;
  /** The profile's `sso_session` token, refreshed when close to expiry; absent without an sso_session. */
  sso?(): Promise<string>;
}

/** Resolves credentials, or `undefined` when its source is not configured (so a chain moves on). */
export type CredentialProvider = () => Promise<Credentials | undefined>;
