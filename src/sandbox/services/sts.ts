/**
 * The sandbox's STS: who is calling, and temporary credentials (GetSessionToken, AssumeRole), recorded
 * in identity.ts so that they sign requests until they lapse.
 */
import { ACCOUNT, saveKey, type KeyRecord } from '../identity.js';
import { randomId, SandboxError, type SandboxCall, type ServiceHandlers } from '../service.js';
import { inRange, optInt, optText, policyDocument, text, validationError } from './iam/common.js';

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** About as long as the session tokens AWS hands out. */
const SESSION_TOKEN_LENGTH = 356;
const ROOT_SESSION_MAX = 3600;
const CHAINED_SESSION_MAX = 3600;

const accessDenied = (message: string) => new SandboxError('AccessDenied', message, 403);

const isTemporary = (call: SandboxCall) => call.caller.accessKeyId.startsWith('ASIA');

/** Any six-digit code passes for an MFA device's: the sandbox has no devices to check it against. */
function checkMfa(call: SandboxCall): void {
  const serial = optText(call.input, 'SerialNumber');
  const code = optText(call.input, 'TokenCode');
  if (serial === undefined && code === undefined) return;
  if (serial === undefined || code === undefined || !/^\d{6}$/.test(code))
    throw accessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code.');
}

/** New temporary credentials for `caller`, recorded so that they sign requests for `seconds`. */
async function issue(call: SandboxCall, seconds: number, caller: KeyRecord['caller']) {
  const accessKeyId = `ASIA${randomId(call.random, 16)}`;
  const secretAccessKey = randomId(call.random, 40, SECRET_ALPHABET);
  const sessionToken = randomId(call.random, SESSION_TOKEN_LENGTH, SECRET_ALPHABET);
  const expiration = new Date(call.now.getTime() + seconds * 1000);
  await call.store.exclusive(() =>
    saveKey(call.store, accessKeyId, {
      secretAccessKey,
      sessionToken,
      expiration: expiration.toISOString(),
      status: 'Active',
      caller,
    }),
  );
  return {
    AccessKeyId: accessKeyId,
    SecretAccessKey: secretAccessKey,
    SessionToken: sessionToken,
    Expiration: expiration,
  };
}

/** The caller as its own credentials' owner (what GetSessionToken's credentials act as). */
const callerRecord = ({ account, arn, userId }: SandboxCall['caller']): KeyRecord['caller'] => ({
  account,
  arn,
  userId,
});

/** The role RoleArn names, or AccessDenied as AWS answers for a role that does not exist. */
async function assumableRole(call: SandboxCall) {
  const roleArn = text(call.input, 'RoleArn');
  const roleName = /^arn:aws:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleArn)?.[1];
  // IAM's code loads only here: the commonest STS call, GetCallerIdentity, does without it.
  const { findRole } = await import('./iam/roles.js');
  const role = roleName === undefined ? undefined : await findRole(call.store, roleName);
  if (!role || role.Arn !== roleArn)
    throw accessDenied(`User: ${call.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  return role;
}

function sessionName(call: SandboxCall): string {
  const value = text(call.input, 'RoleSessionName');
  if (!/^[\w+=,.@-]{2,64}$/.test(value))
    throw validationError(
      `1 validation error detected: Value '${value}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  return value;
}

function roleSessionSeconds(call: SandboxCall, maxSessionDuration: number): number {
  const seconds = inRange('DurationSeconds', optInt(call.input, 'DurationSeconds') ?? 3600, 900, 43200);
  if (seconds > maxSessionDuration)
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  if (isTemporary(call) && seconds > CHAINED_SESSION_MAX)
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  return seconds;
}

export const handlers: ServiceHandlers = {
  GetCallerIdentity: async (call) => ({
    UserId: call.caller.userId,
    Account: call.caller.account,
    Arn: call.caller.arn,
  }),

  GetAccessKeyInfo: async (call) => {
    text(call.input, 'AccessKeyId');
    return { Account: ACCOUNT };
  },

  GetSessionToken: async (call) => {
    if (isTemporary(call)) throw accessDenied('Cannot call GetSessionToken with session credentials');
    checkMfa(call);
    const requested = inRange('DurationSeconds', optInt(call.input, 'DurationSeconds') ?? 43200, 900, 129600);
    // AWS gives the root at most an hour, whatever it asks for.
    const isRoot = call.caller.arn === `arn:aws:iam::${call.caller.account}:root`;
    const seconds = isRoot ? Math.min(requested, ROOT_SESSION_MAX) : requested;
    return { Credentials: await issue(call, seconds, callerRecord(call.caller)) };
  },

  AssumeRole: async (call) => {
    const role = await assumableRole(call);
    const session = sessionName(call);
    if (call.input.Policy !== undefined) policyDocument(call.input, 'Policy');
    checkMfa(call);
    const seconds = roleSessionSeconds(call, role.MaxSessionDuration);
    const assumed = {
      AssumedRoleId: `${role.RoleId}:${session}`,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.RoleName}/${session}`,
    };
    const credentials = await issue(call, seconds, {
      account: ACCOUNT,
      arn: assumed.Arn,
      userId: assumed.AssumedRoleId,
    });
    return {
      Credentials: credentials,
      AssumedRoleUser: assumed,
      SourceIdentity: optText(call.input, 'SourceIdentity'),
    };
  },
};
