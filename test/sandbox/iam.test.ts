import { beforeEach, describe, expect, it } from 'vitest';
import { AWS_MANAGED_POLICIES } from '../../src/sandbox/services/iam/aws-policies.js';
import { findKey } from '../../src/sandbox/identity.js';
import { SandboxError, type Caller } from '../../src/sandbox/service.js';
import { findRole, handlers } from '../../src/sandbox/services/iam.js';
import { harness, ROOT_CALLER, type Harness } from './support.js';

const ACCOUNT = '123456789012';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ID = (prefix: string, length: number) => new RegExp(`^${prefix}[A-Z2-7]{${length}}$`);

let h: Harness;
beforeEach(() => {
  h = harness('iam', handlers);
});

const call = async (operation: string, input: Record<string, unknown> = {}, caller?: Caller) =>
  (await h.call(operation, input, caller ? { caller } : {})).output;

async function refused(promise: Promise<unknown>, code: string, statusCode: number, message?: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxError);
  expect(error).toMatchObject({ code, statusCode });
  if (message !== undefined) expect((error as Error).message).toMatch(message);
}

const userCaller = (name: string, userId = 'AIDAEXAMPLEEXAMPLE1'): Caller => ({
  account: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  userId,
  accessKeyId: 'AKIAUSEREXAMPLE00001',
});
const ROLE_CALLER: Caller = {
  account: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`,
  userId: 'AROAEXAMPLEEXAMPLE1:s1',
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
};

const decode = (document: unknown) => JSON.parse(decodeURIComponent(document as string)) as unknown;

describe('the public scenario', () => {
  it('runs as moto answers it', async () => {
    const created = await call('CreateUser', { UserName: 'alice' });
    expect(created.User).toMatchObject({ UserName: 'alice', Arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
    expect(((await call('ListUsers')).Users as Array<{ UserName: string }>).map((u) => u.UserName)).toEqual(['alice']);
    expect((await call('CreateGroup', { GroupName: 'readers' })).Group).toMatchObject({
      Arn: `arn:aws:iam::${ACCOUNT}:group/readers`,
    });
    await call('AddUserToGroup', { GroupName: 'readers', UserName: 'alice' });
    const group = await call('GetGroup', { GroupName: 'readers' });
    expect((group.Users as Array<{ UserName: string }>).map((u) => u.UserName)).toEqual(['alice']);
    await call('PutUserPolicy', { UserName: 'alice', PolicyName: 'inline', PolicyDocument: POLICY });
    expect(await call('ListUserPolicies', { UserName: 'alice' })).toEqual({
      PolicyNames: ['inline'],
      IsTruncated: false,
    });
    await refused(
      call('DeleteUser', { UserName: 'alice' }),
      'DeleteConflict',
      409,
      'Cannot delete entity, must delete policies first.',
    );
    await call('RemoveUserFromGroup', { GroupName: 'readers', UserName: 'alice' });
    await call('DeleteUserPolicy', { UserName: 'alice', PolicyName: 'inline' });
    expect(await call('DeleteUser', { UserName: 'alice' })).toEqual({});
    await refused(
      call('GetUser', { UserName: 'alice' }),
      'NoSuchEntity',
      404,
      'The user with name alice cannot be found.',
    );
  });
});

describe('users', () => {
  it('creates a user with an id, an ARN and the clock as its date', async () => {
    const { User } = await call('CreateUser', { UserName: 'alice' });
    expect(User).toEqual({
      Path: '/',
      UserName: 'alice',
      UserId: expect.stringMatching(ID('AIDA', 17)),
      Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      CreateDate: h.clock.now,
    });
    expect((await call('GetUser', { UserName: 'alice' })).User).toEqual(User);
  });

  it('keeps a path and tags', async () => {
    const tags = [{ Key: 'team', Value: 'data' }];
    const { User } = await call('CreateUser', { UserName: 'bob', Path: '/staff/', Tags: tags });
    expect(User).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/staff/bob`, Path: '/staff/', Tags: tags });
    expect((await call('GetUser', { UserName: 'bob' })).User).toMatchObject({ Tags: tags });
  });

  it.each(['alice', 'ALICE'])('refuses a second user named %s', async (second) => {
    await call('CreateUser', { UserName: 'alice' });
    await refused(
      call('CreateUser', { UserName: second }),
      'EntityAlreadyExists',
      409,
      `User with name ${second} already exists.`,
    );
  });

  it.each([
    ['a name with a space', { UserName: 'a b' }, /regular expression pattern/],
    ['a name too long', { UserName: 'x'.repeat(65) }, /length less than or equal to 64/],
    ['no name', {}, /Member must not be null/],
    ['a path without slashes', { UserName: 'a', Path: 'staff' }, /path is invalid/],
    ['a path without its last slash', { UserName: 'a', Path: '/staff' }, /path is invalid/],
  ])('refuses %s', async (_what, input, message) => {
    await refused(call('CreateUser', input), 'ValidationError', 400, message);
  });

  it('finds a user whatever the case of its name', async () => {
    await call('CreateUser', { UserName: 'Alice' });
    expect((await call('GetUser', { UserName: 'alice' })).User).toMatchObject({ UserName: 'Alice' });
  });

  it('answers GetUser without a name with the caller', async () => {
    expect((await call('GetUser')).User).toEqual({
      UserId: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:root`,
      CreateDate: expect.any(Date),
    });
    const { User } = await call('CreateUser', { UserName: 'carol', Path: '/x/' });
    const caller = { ...userCaller('carol'), arn: `arn:aws:iam::${ACCOUNT}:user/x/carol` };
    expect((await call('GetUser', {}, caller)).User).toEqual(User);
    await refused(call('GetUser', {}, ROLE_CALLER), 'ValidationError', 400, /non-User credentials/);
    await refused(call('GetUser', {}, userCaller('gone')), 'NoSuchEntity', 404);
  });

  it('lists users by path prefix, a page at a time', async () => {
    for (const [name, path] of [
      ['u1', '/'],
      ['u2', '/ops/'],
      ['u3', '/ops/'],
      ['u4', '/ops/eu/'],
    ])
      await call('CreateUser', { UserName: name, Path: path });
    const names = (out: Record<string, unknown>) => (out.Users as Array<{ UserName: string }>).map((u) => u.UserName);
    expect(names(await call('ListUsers', { PathPrefix: '/ops/' }))).toEqual(['u2', 'u3', 'u4']);
    const first = await call('ListUsers', { MaxItems: 3 });
    expect(names(first)).toEqual(['u1', 'u2', 'u3']);
    expect(first).toMatchObject({ IsTruncated: true, Marker: expect.any(String) });
    const second = await call('ListUsers', { MaxItems: 3, Marker: first.Marker });
    expect(names(second)).toEqual(['u4']);
    expect(second.IsTruncated).toBe(false);
    expect(second).not.toHaveProperty('Marker');
  });

  it.each(['garbage', btoa('isoaws-iam:99')])('refuses the marker %s', async (marker) => {
    await refused(call('ListUsers', { Marker: marker }), 'ValidationError', 400, 'Invalid Marker.');
  });

  it('renames a user and moves it to a new path, its keys signing as the new ARN', async () => {
    await call('CreateUser', { UserName: 'dave' });
    const { AccessKey } = await call('CreateAccessKey', { UserName: 'dave' });
    const keyId = (AccessKey as { AccessKeyId: string }).AccessKeyId;
    await call('UpdateUser', { UserName: 'dave', NewUserName: 'david', NewPath: '/eng/' });
    await refused(call('GetUser', { UserName: 'dave' }), 'NoSuchEntity', 404);
    expect((await call('GetUser', { UserName: 'david' })).User).toMatchObject({
      Arn: `arn:aws:iam::${ACCOUNT}:user/eng/david`,
    });
    expect((await findKey(h.store, keyId))?.caller.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/eng/david`);
    expect((await call('ListAccessKeys', { UserName: 'david' })).AccessKeyMetadata).toEqual([
      expect.objectContaining({ UserName: 'david', AccessKeyId: keyId }),
    ]);
  });

  it('refuses to rename a user onto another or to update a missing one', async () => {
    await call('CreateUser', { UserName: 'a1' });
    await call('CreateUser', { UserName: 'a2' });
    await refused(call('UpdateUser', { UserName: 'a1', NewUserName: 'A2' }), 'EntityAlreadyExists', 409);
    await refused(call('UpdateUser', { UserName: 'zz', NewPath: '/x/' }), 'NoSuchEntity', 404);
    await refused(call('UpdateUser', { UserName: 'a1', NewUserName: 'bad name' }), 'ValidationError', 400);
  });

  it.each([
    [
      'an attached policy',
      'AttachUserPolicy',
      { PolicyArn: ADMIN },
      'Cannot delete entity, must detach all policies first.',
    ],
    ['an inline policy', 'PutUserPolicy', { PolicyName: 'p', PolicyDocument: POLICY }, 'must delete policies first.'],
    ['an access key', 'CreateAccessKey', {}, 'Cannot delete entity, must delete access keys first.'],
    ['a group', 'AddUserToGroup', { GroupName: 'g' }, 'Cannot delete entity, must remove users from group first.'],
  ])('refuses to delete a user with %s', async (_what, operation, input, message) => {
    await call('CreateUser', { UserName: 'erin' });
    await call('CreateGroup', { GroupName: 'g' });
    await call(operation, { UserName: 'erin', ...input });
    await refused(call('DeleteUser', { UserName: 'erin' }), 'DeleteConflict', 409, message);
  });

  it('refuses to delete a missing user', async () => {
    await refused(call('DeleteUser', { UserName: 'nobody' }), 'NoSuchEntity', 404, /nobody cannot be found/);
  });
});

describe.each([
  ['User', { UserName: 'tagged' }, () => call('CreateUser', { UserName: 'tagged' })],
  ['Role', { RoleName: 'tagged' }, () => call('CreateRole', { RoleName: 'tagged', AssumeRolePolicyDocument: TRUST })],
])('%s tags', (noun, target, create) => {
  beforeEach(async () => {
    await create();
  });
  const listTags = async () => (await call(`List${noun}Tags`, target)).Tags;

  it('adds, replaces (whatever the case of the key) and removes tags', async () => {
    await call(`Tag${noun}`, {
      ...target,
      Tags: [
        { Key: 'env', Value: 'dev' },
        { Key: 'team', Value: 'a' },
      ],
    });
    await call(`Tag${noun}`, { ...target, Tags: [{ Key: 'ENV', Value: 'prod' }] });
    expect(await listTags()).toEqual([
      { Key: 'team', Value: 'a' },
      { Key: 'ENV', Value: 'prod' },
    ]);
    await call(`Untag${noun}`, { ...target, TagKeys: ['env', 'absent'] });
    expect(await listTags()).toEqual([{ Key: 'team', Value: 'a' }]);
    expect(await call(`List${noun}Tags`, target)).toMatchObject({ IsTruncated: false });
  });

  it('refuses duplicate keys and more than 50 tags', async () => {
    const dup = [
      { Key: 'a', Value: '1' },
      { Key: 'A', Value: '2' },
    ];
    await refused(call(`Tag${noun}`, { ...target, Tags: dup }), 'InvalidInput', 400, /Duplicate tag keys/);
    const many = (from: number) => Array.from({ length: 25 }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await call(`Tag${noun}`, { ...target, Tags: many(0) });
    await call(`Tag${noun}`, { ...target, Tags: many(25) });
    await refused(call(`Tag${noun}`, { ...target, Tags: many(50) }), 'LimitExceeded', 409);
  });

  it('refuses a missing entity', async () => {
    const missing = Object.fromEntries(Object.keys(target).map((k) => [k, 'missing']));
    for (const operation of [`Tag${noun}`, `Untag${noun}`, `List${noun}Tags`])
      await refused(call(operation, { ...missing, Tags: [], TagKeys: [] }), 'NoSuchEntity', 404);
  });
});

describe('groups', () => {
  it('creates, gets, lists and updates groups', async () => {
    const { Group } = await call('CreateGroup', { GroupName: 'readers', Path: '/teams/' });
    expect(Group).toEqual({
      Path: '/teams/',
      GroupName: 'readers',
      GroupId: expect.stringMatching(ID('AGPA', 17)),
      Arn: `arn:aws:iam::${ACCOUNT}:group/teams/readers`,
      CreateDate: h.clock.now,
    });
    await call('CreateGroup', { GroupName: 'admins' });
    expect(await call('GetGroup', { GroupName: 'readers' })).toEqual({ Group, Users: [], IsTruncated: false });
    const names = async (input = {}) =>
      ((await call('ListGroups', input)).Groups as Array<{ GroupName: string }>).map((g) => g.GroupName);
    expect(await names()).toEqual(['admins', 'readers']);
    expect(await names({ PathPrefix: '/teams' })).toEqual(['readers']);
    await call('UpdateGroup', { GroupName: 'readers', NewPath: '/t/' });
    expect((await call('GetGroup', { GroupName: 'readers' })).Group).toMatchObject({ Path: '/t/' });
  });

  it('refuses a duplicate and a missing group', async () => {
    await call('CreateGroup', { GroupName: 'g' });
    await refused(
      call('CreateGroup', { GroupName: 'G' }),
      'EntityAlreadyExists',
      409,
      'Group with name G already exists.',
    );
    for (const [operation, input] of [
      ['GetGroup', {}],
      ['UpdateGroup', { NewPath: '/x/' }],
      ['DeleteGroup', {}],
    ] as const)
      await refused(
        call(operation, { GroupName: 'nope', ...input }),
        'NoSuchEntity',
        404,
        'The group with name nope cannot be found.',
      );
  });

  it('renames a group, its members following', async () => {
    await call('CreateUser', { UserName: 'u' });
    await call('CreateGroup', { GroupName: 'old' });
    await call('CreateGroup', { GroupName: 'other' });
    await call('AddUserToGroup', { GroupName: 'old', UserName: 'u' });
    await refused(call('UpdateGroup', { GroupName: 'old', NewGroupName: 'other' }), 'EntityAlreadyExists', 409);
    await call('UpdateGroup', { GroupName: 'old', NewGroupName: 'new' });
    await refused(call('GetGroup', { GroupName: 'old' }), 'NoSuchEntity', 404);
    const groups = (await call('ListGroupsForUser', { UserName: 'u' })).Groups as Array<{ GroupName: string }>;
    expect(groups.map((g) => g.GroupName)).toEqual(['new']);
    expect((await call('GetGroup', { GroupName: 'new' })).Users).toHaveLength(1);
  });

  it('adds members once, removes them and lists a user’s groups', async () => {
    await call('CreateUser', { UserName: 'u' });
    for (const g of ['g1', 'g2']) await call('CreateGroup', { GroupName: g });
    await call('AddUserToGroup', { GroupName: 'g1', UserName: 'u' });
    await call('AddUserToGroup', { GroupName: 'g1', UserName: 'U' });
    await call('AddUserToGroup', { GroupName: 'g2', UserName: 'u' });
    const list = await call('ListGroupsForUser', { UserName: 'u' });
    expect((list.Groups as Array<{ GroupName: string }>).map((g) => g.GroupName)).toEqual(['g1', 'g2']);
    expect(list.IsTruncated).toBe(false);
    expect((await call('GetGroup', { GroupName: 'g1' })).Users).toEqual([expect.objectContaining({ UserName: 'u' })]);
    await call('RemoveUserFromGroup', { GroupName: 'g1', UserName: 'u' });
    await refused(call('RemoveUserFromGroup', { GroupName: 'g1', UserName: 'u' }), 'NoSuchEntity', 404, /not in group/);
    expect((await call('GetGroup', { GroupName: 'g1' })).Users).toEqual([]);
  });

  it('refuses membership of a missing user or group, and more than 10 groups', async () => {
    await call('CreateUser', { UserName: 'u' });
    await call('CreateGroup', { GroupName: 'g' });
    for (const operation of ['AddUserToGroup', 'RemoveUserFromGroup']) {
      await refused(call(operation, { GroupName: 'x', UserName: 'u' }), 'NoSuchEntity', 404, /group with name x/);
      await refused(call(operation, { GroupName: 'g', UserName: 'x' }), 'NoSuchEntity', 404, /user with name x/);
    }
    await refused(call('ListGroupsForUser', { UserName: 'x' }), 'NoSuchEntity', 404);
    for (let i = 0; i < 10; i++) {
      await call('CreateGroup', { GroupName: `g${i}` });
      await call('AddUserToGroup', { GroupName: `g${i}`, UserName: 'u' });
    }
    await refused(
      call('AddUserToGroup', { GroupName: 'g', UserName: 'u' }),
      'LimitExceeded',
      409,
      'Cannot exceed quota for GroupsPerUser: 10',
    );
  });

  it.each([
    ['members', 'AddUserToGroup', { UserName: 'u' }, 'must remove users from group first.'],
    ['an inline policy', 'PutGroupPolicy', { PolicyName: 'p', PolicyDocument: POLICY }, 'must delete policies first.'],
    ['an attached policy', 'AttachGroupPolicy', { PolicyArn: ADMIN }, 'must detach all policies first.'],
  ])('refuses to delete a group with %s', async (_what, operation, input, message) => {
    await call('CreateUser', { UserName: 'u' });
    await call('CreateGroup', { GroupName: 'g' });
    await call(operation, { GroupName: 'g', ...input });
    await refused(call('DeleteGroup', { GroupName: 'g' }), 'DeleteConflict', 409, message);
  });

  it('deletes an empty group', async () => {
    await call('CreateGroup', { GroupName: 'g' });
    expect(await call('DeleteGroup', { GroupName: 'g' })).toEqual({});
    expect((await call('ListGroups')).Groups).toEqual([]);
  });
});

describe('roles', () => {
  const createRole = (input: Record<string, unknown> = {}) =>
    call('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST, ...input });

  it('creates a role with its trust policy URL-encoded, as AWS returns it', async () => {
    const tags = [{ Key: 'a', Value: 'b' }];
    const { Role } = await createRole({ Path: '/svc/', Description: 'the app', MaxSessionDuration: 7200, Tags: tags });
    expect(Role).toEqual({
      Path: '/svc/',
      RoleName: 'app',
      RoleId: expect.stringMatching(ID('AROA', 17)),
      Arn: `arn:aws:iam::${ACCOUNT}:role/svc/app`,
      CreateDate: h.clock.now,
      AssumeRolePolicyDocument: expect.stringMatching(/^%7B%22Version%22%3A/),
      Description: 'the app',
      MaxSessionDuration: 7200,
      Tags: tags,
    });
    expect(decode((Role as Record<string, unknown>).AssumeRolePolicyDocument)).toEqual(JSON.parse(TRUST));
    expect((await call('GetRole', { RoleName: 'app' })).Role).toEqual({ ...(Role as object), RoleLastUsed: {} });
  });

  it('defaults the session length to an hour', async () => {
    expect((await createRole()).Role).toMatchObject({ MaxSessionDuration: 3600 });
    expect(await findRole(h.store, 'APP')).toEqual({
      RoleName: 'app',
      RoleId: expect.stringMatching(ID('AROA', 17)),
      Arn: `arn:aws:iam::${ACCOUNT}:role/app`,
      MaxSessionDuration: 3600,
    });
    expect(await findRole(h.store, 'other')).toBeUndefined();
  });

  it.each(['not json', '[]', '"text"', '{}', '{"Statement": 3}'])('refuses the trust policy %s', async (document) => {
    await refused(
      createRole({ AssumeRolePolicyDocument: document }),
      'MalformedPolicyDocument',
      400,
      'Syntax errors in policy.',
    );
  });

  it.each([3599, 43201, 3600.5])('refuses a MaxSessionDuration of %s', async (seconds) => {
    await refused(createRole({ MaxSessionDuration: seconds }), 'ValidationError', 400, /maxSessionDuration/);
  });

  it('refuses a duplicate and a missing role', async () => {
    await createRole();
    await refused(createRole(), 'EntityAlreadyExists', 409, 'Role with name app already exists.');
    for (const [operation, input] of [
      ['GetRole', {}],
      ['UpdateRole', {}],
      ['UpdateAssumeRolePolicy', { PolicyDocument: TRUST }],
      ['DeleteRole', {}],
      ['ListInstanceProfilesForRole', {}],
    ] as const)
      await refused(
        call(operation, { RoleName: 'x', ...input }),
        'NoSuchEntity',
        404,
        'The role with name x cannot be found.',
      );
  });

  it('lists roles by path prefix', async () => {
    await createRole();
    await createRole({ RoleName: 'svc', Path: '/service/' });
    const list = await call('ListRoles', { PathPrefix: '/service/' });
    expect(list).toEqual({ Roles: [expect.objectContaining({ RoleName: 'svc' })], IsTruncated: false });
    expect(list.Roles as unknown[]).not.toContainEqual(expect.objectContaining({ RoleLastUsed: expect.anything() }));
    expect((await call('ListRoles')).Roles).toHaveLength(2);
  });

  it('updates the description, session length and trust policy', async () => {
    await createRole({ Description: 'old' });
    await call('UpdateRole', { RoleName: 'app', MaxSessionDuration: 43200 });
    expect((await call('GetRole', { RoleName: 'app' })).Role).toMatchObject({
      Description: 'old',
      MaxSessionDuration: 43200,
    });
    await call('UpdateRole', { RoleName: 'app', Description: 'new' });
    expect((await call('GetRole', { RoleName: 'app' })).Role).toMatchObject({ Description: 'new' });
    await refused(call('UpdateRole', { RoleName: 'app', MaxSessionDuration: 100 }), 'ValidationError', 400);
    const trust = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }] });
    await call('UpdateAssumeRolePolicy', { RoleName: 'app', PolicyDocument: trust });
    expect(
      decode(((await call('GetRole', { RoleName: 'app' })).Role as Record<string, unknown>).AssumeRolePolicyDocument),
    ).toEqual(JSON.parse(trust));
    await refused(
      call('UpdateAssumeRolePolicy', { RoleName: 'app', PolicyDocument: '{' }),
      'MalformedPolicyDocument',
      400,
    );
  });

  it.each([
    ['an instance profile', 'must remove roles from instance profile first.'],
    ['an attached policy', 'must detach all policies first.'],
    ['an inline policy', 'must delete policies first.'],
  ])('refuses to delete a role with %s', async (what, message) => {
    await createRole();
    if (what === 'an instance profile') {
      await call('CreateInstanceProfile', { InstanceProfileName: 'ip' });
      await call('AddRoleToInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'app' });
    } else if (what === 'an attached policy') await call('AttachRolePolicy', { RoleName: 'app', PolicyArn: ADMIN });
    else await call('PutRolePolicy', { RoleName: 'app', PolicyName: 'p', PolicyDocument: POLICY });
    await refused(call('DeleteRole', { RoleName: 'app' }), 'DeleteConflict', 409, `Cannot delete entity, ${message}`);
  });

  it('updates the description alone, answering with the role', async () => {
    await createRole({ Description: 'old' });
    const { Role } = await call('UpdateRoleDescription', { RoleName: 'app', Description: 'new' });
    expect(Role).toMatchObject({ RoleName: 'app', Description: 'new', MaxSessionDuration: 3600 });
    expect((await call('GetRole', { RoleName: 'app' })).Role).toMatchObject({ Description: 'new' });
    await refused(call('UpdateRoleDescription', { RoleName: 'nope', Description: 'x' }), 'NoSuchEntity', 404);
  });

  it('deletes a role', async () => {
    await createRole();
    await call('DeleteRole', { RoleName: 'app' });
    expect((await call('ListRoles')).Roles).toEqual([]);
  });
});

describe('instance profiles', () => {
  beforeEach(async () => {
    await call('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST });
  });

  it('creates a profile, carries one role, and lists profiles by role', async () => {
    const { InstanceProfile } = await call('CreateInstanceProfile', { InstanceProfileName: 'web', Path: '/p/' });
    expect(InstanceProfile).toEqual({
      Path: '/p/',
      InstanceProfileName: 'web',
      InstanceProfileId: expect.stringMatching(ID('AIPA', 17)),
      Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/p/web`,
      CreateDate: h.clock.now,
      Roles: [],
    });
    await call('CreateInstanceProfile', { InstanceProfileName: 'db' });
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'app' });
    const got = (await call('GetInstanceProfile', { InstanceProfileName: 'web' })).InstanceProfile;
    expect(got).toMatchObject({
      Roles: [expect.objectContaining({ RoleName: 'app', AssumeRolePolicyDocument: expect.any(String) })],
    });
    const forRole = await call('ListInstanceProfilesForRole', { RoleName: 'app' });
    expect(forRole).toEqual({ InstanceProfiles: [got], IsTruncated: false });
    expect((await call('ListInstanceProfiles')).InstanceProfiles).toHaveLength(2);
    expect((await call('ListInstanceProfiles', { PathPrefix: '/p/' })).InstanceProfiles).toEqual([got]);
  });

  it('refuses a second role, a missing role, a duplicate and a missing profile', async () => {
    await call('CreateRole', { RoleName: 'other', AssumeRolePolicyDocument: TRUST });
    await call('CreateInstanceProfile', { InstanceProfileName: 'web', Tags: [{ Key: 'k', Value: 'v' }] });
    await refused(
      call('CreateInstanceProfile', { InstanceProfileName: 'web' }),
      'EntityAlreadyExists',
      409,
      /web already exists/,
    );
    await refused(call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'x' }), 'NoSuchEntity', 404);
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'app' });
    await refused(
      call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'other' }),
      'LimitExceeded',
      409,
      'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    );
    await refused(
      call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web', RoleName: 'other' }),
      'NoSuchEntity',
      404,
    );
    for (const operation of ['GetInstanceProfile', 'DeleteInstanceProfile', 'AddRoleToInstanceProfile'])
      await refused(
        call(operation, { InstanceProfileName: 'nope', RoleName: 'app' }),
        'NoSuchEntity',
        404,
        'Instance Profile nope cannot be found.',
      );
  });

  it('deletes a profile only once its role is removed', async () => {
    await call('CreateInstanceProfile', { InstanceProfileName: 'web' });
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'app' });
    await refused(call('DeleteInstanceProfile', { InstanceProfileName: 'web' }), 'DeleteConflict', 409);
    await call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web', RoleName: 'app' });
    expect((await call('ListInstanceProfilesForRole', { RoleName: 'app' })).InstanceProfiles).toEqual([]);
    await call('DeleteInstanceProfile', { InstanceProfileName: 'web' });
    expect((await call('ListInstanceProfiles')).InstanceProfiles).toEqual([]);
  });
});

describe('managed policies', () => {
  const createPolicy = (input: Record<string, unknown> = {}) =>
    call('CreatePolicy', { PolicyName: 'read', PolicyDocument: POLICY, ...input });
  const LOCAL = `arn:aws:iam::${ACCOUNT}:policy/read`;

  it('creates a policy at version v1', async () => {
    const { Policy } = await createPolicy({ Path: '/team/', Description: 'reads', Tags: [{ Key: 'a', Value: 'b' }] });
    expect(Policy).toEqual({
      PolicyName: 'read',
      PolicyId: expect.stringMatching(ID('ANPA', 17)),
      Arn: `arn:aws:iam::${ACCOUNT}:policy/team/read`,
      Path: '/team/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: 'reads',
      Tags: [{ Key: 'a', Value: 'b' }],
      CreateDate: h.clock.now,
      UpdateDate: h.clock.now,
    });
    expect((await call('GetPolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/team/read` })).Policy).toEqual(Policy);
    await refused(call('GetPolicy', { PolicyArn: LOCAL }), 'NoSuchEntity', 404, `Policy ${LOCAL} was not found.`);
  });

  it.each([
    ['a duplicate name', { PolicyName: 'READ' }, 'EntityAlreadyExists', 409],
    [
      'a malformed document',
      { PolicyName: 'x', PolicyDocument: '{"Version":"2012-10-17"}' },
      'MalformedPolicyDocument',
      400,
    ],
    ['a bad path', { PolicyName: 'x', Path: '/a b/' }, 'ValidationError', 400],
    ['a bad name', { PolicyName: 'a:b' }, 'ValidationError', 400],
  ])('refuses %s', async (_what, input, code, status) => {
    await createPolicy();
    await refused(createPolicy(input), code, status);
  });

  it('knows the common AWS-managed policies', async () => {
    const { Policy } = await call('GetPolicy', { PolicyArn: ADMIN });
    expect(Policy).toMatchObject({ PolicyName: 'AdministratorAccess', PolicyId: 'ANPAIWMBCKSKIEE64ZLYK', Path: '/' });
    const version = (await call('GetPolicyVersion', { PolicyArn: ADMIN, VersionId: 'v1' })).PolicyVersion as {
      Document: string;
    };
    expect(decode(version.Document)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    await refused(call('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/NoSuchThing' }), 'NoSuchEntity', 404);
  });

  it('lists policies by scope, path and attachment', async () => {
    await createPolicy();
    await createPolicy({ PolicyName: 'write', Path: '/w/' });
    await call('CreateUser', { UserName: 'u' });
    await call('AttachUserPolicy', { UserName: 'u', PolicyArn: LOCAL });
    await call('AttachUserPolicy', { UserName: 'u', PolicyArn: ADMIN });
    const names = async (input: Record<string, unknown>) =>
      ((await call('ListPolicies', input)).Policies as Array<{ PolicyName: string }>).map((p) => p.PolicyName);
    expect(await names({ Scope: 'Local' })).toEqual(['read', 'write']);
    expect(await names({ Scope: 'AWS' })).toHaveLength(AWS_MANAGED_POLICIES.length);
    expect(await names({})).toHaveLength(AWS_MANAGED_POLICIES.length + 2);
    expect(await names({ OnlyAttached: true })).toEqual(['AdministratorAccess', 'read']);
    expect(await names({ Scope: 'Local', PathPrefix: '/w/' })).toEqual(['write']);
    const [listed] = (await call('ListPolicies', { Scope: 'Local', MaxItems: 1 })).Policies as Array<
      Record<string, unknown>
    >;
    expect(listed).toMatchObject({ PolicyName: 'read', AttachmentCount: 1 });
    expect(listed).not.toHaveProperty('Description');
  });

  it('keeps up to five versions, numbers them without reuse, and sets the default', async () => {
    await createPolicy();
    const doc = (n: number) => JSON.stringify({ Statement: [{ Effect: 'Allow', Action: `s3:Op${n}`, Resource: '*' }] });
    h.clock.now = new Date('2026-12-02T00:00:00Z');
    const v2 = await call('CreatePolicyVersion', { PolicyArn: LOCAL, PolicyDocument: doc(2), SetAsDefault: true });
    expect(v2).toEqual({ PolicyVersion: { VersionId: 'v2', IsDefaultVersion: true, CreateDate: h.clock.now } });
    expect((await call('GetPolicy', { PolicyArn: LOCAL })).Policy).toMatchObject({
      DefaultVersionId: 'v2',
      UpdateDate: h.clock.now,
    });
    for (const n of [3, 4, 5]) await call('CreatePolicyVersion', { PolicyArn: LOCAL, PolicyDocument: doc(n) });
    await refused(
      call('CreatePolicyVersion', { PolicyArn: LOCAL, PolicyDocument: doc(6) }),
      'LimitExceeded',
      409,
      /up to 5 versions/,
    );
    const listed = await call('ListPolicyVersions', { PolicyArn: LOCAL });
    expect((listed.Versions as Array<{ VersionId: string }>).map((v) => v.VersionId)).toEqual([
      'v5',
      'v4',
      'v3',
      'v2',
      'v1',
    ]);
    expect(listed.Versions as unknown[]).not.toContainEqual(expect.objectContaining({ Document: expect.anything() }));
    await call('DeletePolicyVersion', { PolicyArn: LOCAL, VersionId: 'v5' });
    expect(
      (await call('CreatePolicyVersion', { PolicyArn: LOCAL, PolicyDocument: doc(6) })).PolicyVersion,
    ).toMatchObject({
      VersionId: 'v6',
      IsDefaultVersion: false,
    });
    await call('SetDefaultPolicyVersion', { PolicyArn: LOCAL, VersionId: 'v3' });
    const got = (await call('GetPolicyVersion', { PolicyArn: LOCAL, VersionId: 'v3' })).PolicyVersion as Record<
      string,
      unknown
    >;
    expect(got).toMatchObject({ VersionId: 'v3', IsDefaultVersion: true });
    expect(decodeURIComponent(got.Document as string)).toBe(doc(3));
  });

  it('refuses to delete the default version and to use a missing one', async () => {
    await createPolicy();
    await refused(
      call('DeletePolicyVersion', { PolicyArn: LOCAL, VersionId: 'v1' }),
      'DeleteConflict',
      409,
      'Cannot delete the default version of a policy.',
    );
    for (const operation of ['GetPolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion'])
      await refused(
        call(operation, { PolicyArn: LOCAL, VersionId: 'v9' }),
        'NoSuchEntity',
        404,
        `Policy ${LOCAL} version v9 does not exist or is not attachable.`,
      );
    await refused(
      call('CreatePolicyVersion', { PolicyArn: LOCAL, PolicyDocument: 'nope' }),
      'MalformedPolicyDocument',
      400,
    );
  });

  it.each([
    ['CreatePolicyVersion', { PolicyDocument: POLICY }],
    ['DeletePolicyVersion', { VersionId: 'v1' }],
    ['SetDefaultPolicyVersion', { VersionId: 'v1' }],
    ['DeletePolicy', {}],
  ])('refuses %s on an AWS-managed policy', async (operation, input) => {
    await refused(
      call(operation, { PolicyArn: ADMIN, ...input }),
      'AccessDenied',
      403,
      /is not authorized to perform: iam:/,
    );
  });

  it.each(['GetPolicy', 'ListPolicyVersions', 'DeletePolicy', 'ListEntitiesForPolicy'])(
    'answers %s for a missing policy with NoSuchEntity',
    async (operation) => {
      await refused(call(operation, { PolicyArn: LOCAL }), 'NoSuchEntity', 404, `Policy ${LOCAL} was not found.`);
    },
  );

  it('deletes a policy only once detached and down to one version', async () => {
    await createPolicy();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: LOCAL });
    await refused(
      call('DeletePolicy', { PolicyArn: LOCAL }),
      'DeleteConflict',
      409,
      'Cannot delete a policy attached to entities.',
    );
    await call('DetachRolePolicy', { RoleName: 'r', PolicyArn: LOCAL });
    await call('CreatePolicyVersion', { PolicyArn: LOCAL, PolicyDocument: POLICY });
    await refused(call('DeletePolicy', { PolicyArn: LOCAL }), 'DeleteConflict', 409, /more than one version/);
    await call('DeletePolicyVersion', { PolicyArn: LOCAL, VersionId: 'v2' });
    await call('DeletePolicy', { PolicyArn: LOCAL });
    await refused(call('GetPolicy', { PolicyArn: LOCAL }), 'NoSuchEntity', 404);
  });

  it('lists the entities a policy is attached to, by kind and path', async () => {
    await call('CreateUser', { UserName: 'u', Path: '/a/' });
    await call('CreateGroup', { GroupName: 'g' });
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    for (const [noun, entity] of [
      ['User', 'u'],
      ['Group', 'g'],
      ['Role', 'r'],
    ])
      await call(`Attach${noun}Policy`, { [`${noun}Name`]: entity, PolicyArn: ADMIN });
    const all = await call('ListEntitiesForPolicy', { PolicyArn: ADMIN });
    expect(all).toEqual({
      PolicyGroups: [{ GroupName: 'g', GroupId: expect.stringMatching(ID('AGPA', 17)) }],
      PolicyUsers: [{ UserName: 'u', UserId: expect.stringMatching(ID('AIDA', 17)) }],
      PolicyRoles: [{ RoleName: 'r', RoleId: expect.stringMatching(ID('AROA', 17)) }],
      IsTruncated: false,
    });
    expect(await call('ListEntitiesForPolicy', { PolicyArn: ADMIN, EntityFilter: 'Role' })).toMatchObject({
      PolicyGroups: [],
      PolicyUsers: [],
      PolicyRoles: [expect.objectContaining({ RoleName: 'r' })],
    });
    expect(await call('ListEntitiesForPolicy', { PolicyArn: ADMIN, PathPrefix: '/a/' })).toMatchObject({
      PolicyGroups: [],
      PolicyUsers: [expect.objectContaining({ UserName: 'u' })],
      PolicyRoles: [],
    });
    expect((await call('GetPolicy', { PolicyArn: ADMIN })).Policy).toMatchObject({ AttachmentCount: 3 });
  });
});

describe.each([
  ['User', () => call('CreateUser', { UserName: 'e' })],
  ['Group', () => call('CreateGroup', { GroupName: 'e' })],
  ['Role', () => call('CreateRole', { RoleName: 'e', AssumeRolePolicyDocument: TRUST })],
])('%s policies', (noun, create) => {
  const nameMember = `${noun}Name`;
  const entity = { [nameMember]: 'e' };
  const missing = { [nameMember]: 'missing' };
  beforeEach(async () => {
    await create();
    await call('CreatePolicy', { PolicyName: 'local', Path: '/team/', PolicyDocument: POLICY });
  });

  it('puts, gets, lists and deletes inline policies', async () => {
    await call(`Put${noun}Policy`, { ...entity, PolicyName: 'zeta', PolicyDocument: POLICY });
    await call(`Put${noun}Policy`, { ...entity, PolicyName: 'alpha', PolicyDocument: '{"Statement":[]}' });
    await call(`Put${noun}Policy`, { ...entity, PolicyName: 'alpha', PolicyDocument: POLICY });
    const got = await call(`Get${noun}Policy`, { ...entity, PolicyName: 'zeta' });
    expect(got).toEqual({ [nameMember]: 'e', PolicyName: 'zeta', PolicyDocument: expect.stringMatching(/^%7B/) });
    expect(decodeURIComponent(got.PolicyDocument as string)).toBe(POLICY);
    expect(await call(`List${noun}Policies`, entity)).toEqual({ PolicyNames: ['alpha', 'zeta'], IsTruncated: false });
    const page = await call(`List${noun}Policies`, { ...entity, MaxItems: 1 });
    expect(page).toMatchObject({ PolicyNames: ['alpha'], IsTruncated: true });
    expect(await call(`List${noun}Policies`, { ...entity, Marker: page.Marker })).toMatchObject({
      PolicyNames: ['zeta'],
    });
    await call(`Delete${noun}Policy`, { ...entity, PolicyName: 'zeta' });
    expect((await call(`List${noun}Policies`, entity)).PolicyNames).toEqual(['alpha']);
  });

  it('refuses a missing inline policy, a malformed one and a missing entity', async () => {
    for (const operation of [`Get${noun}Policy`, `Delete${noun}Policy`])
      await refused(
        call(operation, { ...entity, PolicyName: 'toString' }),
        'NoSuchEntity',
        404,
        `The ${noun.toLowerCase()} policy with name toString cannot be found.`,
      );
    await refused(
      call(`Put${noun}Policy`, { ...entity, PolicyName: 'p', PolicyDocument: '{"Statement"' }),
      'MalformedPolicyDocument',
      400,
    );
    await refused(
      call(`Put${noun}Policy`, { ...entity, PolicyName: 'a/b', PolicyDocument: POLICY }),
      'ValidationError',
      400,
    );
    for (const operation of [`Put${noun}Policy`, `Get${noun}Policy`, `List${noun}Policies`, `Delete${noun}Policy`])
      await refused(
        call(operation, { ...missing, PolicyName: 'p', PolicyDocument: POLICY }),
        'NoSuchEntity',
        404,
        `The ${noun.toLowerCase()} with name missing cannot be found.`,
      );
  });

  it('attaches, lists and detaches managed policies', async () => {
    const local = `arn:aws:iam::${ACCOUNT}:policy/team/local`;
    await call(`Attach${noun}Policy`, { ...entity, PolicyArn: ADMIN });
    await call(`Attach${noun}Policy`, { ...entity, PolicyArn: local });
    await call(`Attach${noun}Policy`, { ...entity, PolicyArn: local });
    expect(await call(`ListAttached${noun}Policies`, entity)).toEqual({
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: ADMIN },
        { PolicyName: 'local', PolicyArn: local },
      ],
      IsTruncated: false,
    });
    expect((await call(`ListAttached${noun}Policies`, { ...entity, PathPrefix: '/team/' })).AttachedPolicies).toEqual([
      { PolicyName: 'local', PolicyArn: local },
    ]);
    expect((await call('GetPolicy', { PolicyArn: local })).Policy).toMatchObject({ AttachmentCount: 1 });
    await call(`Detach${noun}Policy`, { ...entity, PolicyArn: ADMIN });
    await refused(
      call(`Detach${noun}Policy`, { ...entity, PolicyArn: ADMIN }),
      'NoSuchEntity',
      404,
      `Policy ${ADMIN} was not found.`,
    );
    expect((await call(`ListAttached${noun}Policies`, entity)).AttachedPolicies).toEqual([
      { PolicyName: 'local', PolicyArn: local },
    ]);
  });

  it('refuses a missing policy, a missing entity and more than ten policies', async () => {
    const absent = `arn:aws:iam::${ACCOUNT}:policy/absent`;
    await refused(
      call(`Attach${noun}Policy`, { ...entity, PolicyArn: absent }),
      'NoSuchEntity',
      404,
      `Policy ${absent} does not exist or is not attachable.`,
    );
    for (const operation of [`Attach${noun}Policy`, `Detach${noun}Policy`, `ListAttached${noun}Policies`])
      await refused(call(operation, { ...missing, PolicyArn: ADMIN }), 'NoSuchEntity', 404);
    for (let i = 0; i < 10; i++) {
      await call('CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: POLICY });
      await call(`Attach${noun}Policy`, { ...entity, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/p${i}` });
    }
    await refused(
      call(`Attach${noun}Policy`, { ...entity, PolicyArn: ADMIN }),
      'LimitExceeded',
      409,
      `Cannot exceed quota for PoliciesPer${noun}: 10`,
    );
  });
});

describe('access keys', () => {
  beforeEach(async () => {
    await call('CreateUser', { UserName: 'alice' });
  });

  it('creates a key that signs as the user', async () => {
    const { AccessKey } = await call('CreateAccessKey', { UserName: 'alice' });
    expect(AccessKey).toEqual({
      UserName: 'alice',
      AccessKeyId: expect.stringMatching(ID('AKIA', 16)),
      Status: 'Active',
      SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
      CreateDate: h.clock.now,
    });
    const key = AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    const user = (await call('GetUser', { UserName: 'alice' })).User as { UserId: string };
    expect(await findKey(h.store, key.AccessKeyId)).toEqual({
      secretAccessKey: key.SecretAccessKey,
      status: 'Active',
      caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userId: user.UserId },
    });
  });

  it('allows two keys a user', async () => {
    await call('CreateAccessKey', { UserName: 'alice' });
    await call('CreateAccessKey', { UserName: 'alice' });
    await refused(
      call('CreateAccessKey', { UserName: 'alice' }),
      'LimitExceeded',
      409,
      'Cannot exceed quota for AccessKeysPerUser: 2',
    );
    await call('CreateUser', { UserName: 'bob' });
    await call('CreateAccessKey', { UserName: 'bob' });
    expect((await call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata).toHaveLength(2);
  });

  it('gives keys without UserName to the caller: the root, or the signing user', async () => {
    const root = (await call('CreateAccessKey')).AccessKey as { AccessKeyId: string; UserName?: string };
    expect(root.UserName).toBeUndefined();
    expect((await findKey(h.store, root.AccessKeyId))?.caller).toEqual({
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      userId: ACCOUNT,
    });
    const own = (await call('CreateAccessKey', {}, userCaller('alice'))).AccessKey as { AccessKeyId: string };
    expect(await call('ListAccessKeys', {}, userCaller('alice'))).toEqual({
      AccessKeyMetadata: [
        { UserName: 'alice', AccessKeyId: own.AccessKeyId, Status: 'Active', CreateDate: h.clock.now },
      ],
      IsTruncated: false,
    });
    expect(((await call('ListAccessKeys', {}, ROOT_CALLER)).AccessKeyMetadata as unknown[]).length).toBe(1);
    await refused(call('ListAccessKeys', {}, ROLE_CALLER), 'ValidationError', 400);
  });

  it('deactivates, reactivates and deletes a key, and its record with it', async () => {
    const { AccessKeyId } = (await call('CreateAccessKey', { UserName: 'alice' })).AccessKey as { AccessKeyId: string };
    await call('UpdateAccessKey', { UserName: 'alice', AccessKeyId, Status: 'Inactive' });
    expect((await findKey(h.store, AccessKeyId))?.status).toBe('Inactive');
    expect((await call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata).toEqual([
      expect.objectContaining({ Status: 'Inactive' }),
    ]);
    await call('UpdateAccessKey', { UserName: 'alice', AccessKeyId, Status: 'Active' });
    expect((await findKey(h.store, AccessKeyId))?.status).toBe('Active');
    await refused(call('UpdateAccessKey', { UserName: 'alice', AccessKeyId, Status: 'Expired' }), 'InvalidInput', 400);
    await call('DeleteAccessKey', { UserName: 'alice', AccessKeyId });
    expect(await findKey(h.store, AccessKeyId)).toBeUndefined();
    expect((await call('ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata).toEqual([]);
  });

  it('refuses a key of someone else, a missing key and a missing user', async () => {
    const { AccessKeyId } = (await call('CreateAccessKey', { UserName: 'alice' })).AccessKey as { AccessKeyId: string };
    await call('CreateUser', { UserName: 'bob' });
    for (const [operation, input] of [
      ['UpdateAccessKey', { UserName: 'bob', AccessKeyId, Status: 'Inactive' }],
      ['DeleteAccessKey', { UserName: 'bob', AccessKeyId }],
      ['DeleteAccessKey', { AccessKeyId }],
      ['DeleteAccessKey', { UserName: 'alice', AccessKeyId: 'AKIANOSUCHKEY0000000' }],
    ] as const)
      await refused(call(operation, input), 'NoSuchEntity', 404, /The Access Key with id AKIA\w+ cannot be found/);
    for (const operation of ['CreateAccessKey', 'ListAccessKeys'])
      await refused(call(operation, { UserName: 'nobody' }), 'NoSuchEntity', 404, /nobody cannot be found/);
  });

  it('reports a key never used', async () => {
    const { AccessKeyId } = (await call('CreateAccessKey', { UserName: 'alice' })).AccessKey as { AccessKeyId: string };
    expect(await call('GetAccessKeyLastUsed', { AccessKeyId })).toEqual({
      UserName: 'alice',
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    });
    await refused(call('GetAccessKeyLastUsed', { AccessKeyId: 'AKIANOSUCHKEY0000000' }), 'NoSuchEntity', 404);
  });
});

describe('login profiles', () => {
  const PASSWORD = 'Correct-Horse-1';
  beforeEach(async () => {
    await call('CreateUser', { UserName: 'alice' });
  });

  it('creates a profile with the reset flag given, and never shows the password', async () => {
    const created = await call('CreateLoginProfile', {
      UserName: 'alice',
      Password: PASSWORD,
      PasswordResetRequired: true,
    });
    expect(created).toEqual({
      LoginProfile: { UserName: 'alice', CreateDate: h.clock.now, PasswordResetRequired: true },
    });
    expect(await call('GetLoginProfile', { UserName: 'alice' })).toEqual(created);
    const docs = await Promise.all((await h.store.keys('')).map((key) => h.store.get(key)));
    expect(JSON.stringify(docs)).not.toContain(PASSWORD);
  });

  it('defaults the reset flag to false', async () => {
    const { LoginProfile } = await call('CreateLoginProfile', { UserName: 'alice', Password: PASSWORD });
    expect(LoginProfile).toMatchObject({ PasswordResetRequired: false });
  });

  it('refuses a second profile, and a missing user or profile', async () => {
    await call('CreateLoginProfile', { UserName: 'alice', Password: PASSWORD });
    await refused(
      call('CreateLoginProfile', { UserName: 'alice', Password: PASSWORD }),
      'EntityAlreadyExists',
      409,
      'Login Profile for user alice already exists.',
    );
    await refused(
      call('CreateLoginProfile', { UserName: 'nobody', Password: PASSWORD }),
      'NoSuchEntity',
      404,
      'The user with name nobody cannot be found.',
    );
    await call('CreateUser', { UserName: 'bob' });
    for (const [operation, input] of [
      ['GetLoginProfile', { UserName: 'bob' }],
      ['UpdateLoginProfile', { UserName: 'bob', Password: PASSWORD }],
      ['DeleteLoginProfile', { UserName: 'bob' }],
    ] as const)
      await refused(call(operation, input), 'NoSuchEntity', 404, 'Login Profile for User bob cannot be found.');
  });

  it('changes the reset flag only when given', async () => {
    await call('CreateLoginProfile', { UserName: 'alice', Password: PASSWORD, PasswordResetRequired: true });
    await call('UpdateLoginProfile', { UserName: 'alice', Password: 'Another-Horse-2' });
    expect((await call('GetLoginProfile', { UserName: 'alice' })).LoginProfile).toMatchObject({
      PasswordResetRequired: true,
    });
    await call('UpdateLoginProfile', { UserName: 'alice', PasswordResetRequired: false });
    expect((await call('GetLoginProfile', { UserName: 'alice' })).LoginProfile).toMatchObject({
      PasswordResetRequired: false,
    });
  });

  it('follows a renamed user', async () => {
    await call('CreateLoginProfile', { UserName: 'alice', Password: PASSWORD });
    await call('UpdateUser', { UserName: 'alice', NewUserName: 'alicia' });
    expect((await call('GetLoginProfile', { UserName: 'alicia' })).LoginProfile).toMatchObject({ UserName: 'alicia' });
  });

  it('keeps the user from being deleted until the profile is', async () => {
    await call('CreateLoginProfile', { UserName: 'alice', Password: PASSWORD });
    await refused(
      call('DeleteUser', { UserName: 'alice' }),
      'DeleteConflict',
      409,
      'Cannot delete entity, must delete login profile first.',
    );
    await call('DeleteLoginProfile', { UserName: 'alice' });
    await refused(call('GetLoginProfile', { UserName: 'alice' }), 'NoSuchEntity', 404);
    expect(await call('DeleteUser', { UserName: 'alice' })).toEqual({});
  });
});
