import { beforeEach, describe, expect, it } from 'vitest';
import { findKey } from '../../src/sandbox/identity.js';
import { SandboxError, type Caller } from '../../src/sandbox/service.js';
import { handlers as iamHandlers } from '../../src/sandbox/services/iam.js';
import { handlers } from '../../src/sandbox/services/sts.js';
import { memoryStore } from '../../src/sandbox/store.js';
import { harness, ROOT_CALLER, type Harness } from './support.js';

const ACCOUNT = '123456789012';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`;
const USER: Caller = {
  account: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  userId: 'AIDAEXAMPLEEXAMPLE01',
  accessKeyId: 'AKIAUSEREXAMPLE00001',
};
const ASSUMED: Caller = {
  account: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/s1`,
  userId: 'AROAEXAMPLEEXAMPLE01:s1',
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
};

let sts: Harness;
let iam: Harness;
beforeEach(() => {
  const store = memoryStore();
  sts = harness('sts', handlers, store);
  iam = harness('iam', iamHandlers, store);
});

const call = async (operation: string, input: Record<string, unknown> = {}, caller: Caller = ROOT_CALLER) =>
  (await sts.call(operation, input, { caller })).output;

async function refused(promise: Promise<unknown>, code: string, statusCode: number, message?: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxError);
  expect(error).toMatchObject({ code, statusCode });
  if (message !== undefined) expect((error as Error).message).toMatch(message);
}

const seconds = (credentials: unknown) =>
  ((credentials as { Expiration: Date }).Expiration.getTime() - sts.clock.now.getTime()) / 1000;

const CREDENTIALS = {
  AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
  SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
  SessionToken: expect.stringMatching(/^[A-Za-z0-9+/]{300,}$/),
  Expiration: expect.any(Date),
};

describe('GetCallerIdentity', () => {
  it.each([
    ['the root', ROOT_CALLER],
    ['a user', USER],
    ['an assumed role', ASSUMED],
  ])('names %s', async (_who, caller) => {
    expect(await call('GetCallerIdentity', {}, caller)).toEqual({
      UserId: caller.userId,
      Account: ACCOUNT,
      Arn: caller.arn,
    });
  });
});

describe('GetAccessKeyInfo', () => {
  it('answers with the account', async () => {
    expect(await call('GetAccessKeyInfo', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).toEqual({ Account: ACCOUNT });
  });
});

describe('GetSessionToken', () => {
  it('hands a user credentials for twelve hours, recorded to sign as the user', async () => {
    const { Credentials } = await call('GetSessionToken', {}, USER);
    expect(Credentials).toEqual(CREDENTIALS);
    expect(seconds(Credentials)).toBe(43200);
    const c = Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date };
    expect(await findKey(sts.store, c.AccessKeyId)).toEqual({
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration.toISOString(),
      status: 'Active',
      caller: { account: ACCOUNT, arn: USER.arn, userId: USER.userId },
    });
  });

  it.each([
    ['a user', USER, 900, 900],
    ['a user', USER, 129600, 129600],
    ['the root', ROOT_CALLER, 900, 900],
    ['the root', ROOT_CALLER, 7200, 3600],
    ['the root', ROOT_CALLER, undefined, 3600],
  ])('gives %s asking for %s seconds %s seconds', async (_who, caller, asked, given) => {
    const { Credentials } = await call(
      'GetSessionToken',
      asked === undefined ? {} : { DurationSeconds: asked },
      caller,
    );
    expect(seconds(Credentials)).toBe(given);
  });

  it.each([899, 129601])('refuses %s seconds', async (asked) => {
    await refused(call('GetSessionToken', { DurationSeconds: asked }, USER), 'ValidationError', 400, /durationSeconds/);
  });

  it('refuses session credentials', async () => {
    await refused(call('GetSessionToken', {}, ASSUMED), 'AccessDenied', 403, /session credentials/);
  });

  it('takes any six-digit MFA code and refuses others', async () => {
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/alice`;
    expect(await call('GetSessionToken', { SerialNumber: serial, TokenCode: '123456' }, USER)).toHaveProperty(
      'Credentials',
    );
    for (const input of [
      { SerialNumber: serial, TokenCode: '12345a' },
      { SerialNumber: serial },
      { TokenCode: '123456' },
    ])
      await refused(call('GetSessionToken', input, USER), 'AccessDenied', 403, /MultiFactorAuthentication failed/);
  });
});

describe('AssumeRole', () => {
  beforeEach(async () => {
    await iam.call('CreateRole', { RoleName: 'deploy', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200 });
  });

  it('hands out credentials that sign as the assumed role', async () => {
    const roleId = ((await iam.call('GetRole', { RoleName: 'deploy' })).output.Role as { RoleId: string }).RoleId;
    const out = await call('AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: 'ci-run@1' }, USER);
    const assumed = {
      AssumedRoleId: `${roleId}:ci-run@1`,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/ci-run@1`,
    };
    expect(out).toEqual({ Credentials: CREDENTIALS, AssumedRoleUser: assumed, SourceIdentity: undefined });
    expect(seconds(out.Credentials)).toBe(3600);
    const c = out.Credentials as { AccessKeyId: string; SessionToken: string };
    expect(await findKey(sts.store, c.AccessKeyId)).toMatchObject({
      sessionToken: c.SessionToken,
      caller: { account: ACCOUNT, arn: assumed.Arn, userId: assumed.AssumedRoleId },
    });
  });

  it('lasts as long as asked, up to the role’s MaxSessionDuration', async () => {
    const out = await call('AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: 's1', DurationSeconds: 7200 });
    expect(seconds(out.Credentials)).toBe(7200);
    await refused(
      call('AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: 's1', DurationSeconds: 7201 }),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    await refused(
      call('AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: 's1', DurationSeconds: 899 }),
      'ValidationError',
      400,
      /greater than or equal to 900/,
    );
  });

  it('limits a chained role session to an hour', async () => {
    const input = { RoleArn: ROLE_ARN, RoleSessionName: 's2' };
    expect(seconds((await call('AssumeRole', input, ASSUMED)).Credentials)).toBe(3600);
    await refused(
      call('AssumeRole', { ...input, DurationSeconds: 3601 }, ASSUMED),
      'ValidationError',
      400,
      /role chaining/,
    );
  });

  it.each([
    ['a missing role', `arn:aws:iam::${ACCOUNT}:role/absent`],
    ['the role under another path', `arn:aws:iam::${ACCOUNT}:role/x/deploy`],
    ['the role in another account', 'arn:aws:iam::210987654321:role/deploy'],
    ['something else', `arn:aws:iam::${ACCOUNT}:user/deploy`],
  ])('refuses %s', async (_what, roleArn) => {
    await refused(
      call('AssumeRole', { RoleArn: roleArn, RoleSessionName: 's1' }, USER),
      'AccessDenied',
      403,
      `User: ${USER.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  });

  it.each(['a', 'has space', 'x'.repeat(65)])('refuses the session name %j', async (session) => {
    await refused(
      call('AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: session }),
      'ValidationError',
      400,
      /roleSessionName/,
    );
  });

  it('checks a session policy and an MFA code, and echoes the source identity', async () => {
    const input = { RoleArn: ROLE_ARN, RoleSessionName: 's1' };
    await refused(call('AssumeRole', { ...input, Policy: '{nope' }), 'MalformedPolicyDocument', 400);
    await refused(
      call('AssumeRole', { ...input, SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root`, TokenCode: '12' }),
      'AccessDenied',
      403,
    );
    const out = await call('AssumeRole', {
      ...input,
      Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root`,
      TokenCode: '654321',
      SourceIdentity: 'alice',
    });
    expect(out).toMatchObject({ Credentials: CREDENTIALS, SourceIdentity: 'alice' });
  });
});
