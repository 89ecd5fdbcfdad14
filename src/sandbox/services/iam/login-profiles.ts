/**
 * Console passwords of IAM users (login profiles). The sandbox has no console to sign in to, so it keeps
 * only what AWS shows of a profile (its creation date and whether a reset is required), never the
 * password. A profile is keyed by its user's id, so a renamed user keeps it.
 */
import type { SandboxCall, ServiceHandlers } from '../../service.js';
import type { SandboxStore } from '../../store.js';
import { alreadyExists, loadPrincipal, noSuchEntity, text, USER, type UserDoc } from './common.js';

interface LoginProfileDoc {
  CreateDate: string;
  PasswordResetRequired: boolean;
}

const PROFILES = 'iam/login-profiles/';

export async function hasLoginProfile(store: SandboxStore, user: UserDoc): Promise<boolean> {
  return (await store.get<LoginProfileDoc>(PROFILES + user.Id)) !== undefined;
}

const loadUser = (call: SandboxCall) => loadPrincipal<UserDoc>(call.store, USER, text(call.input, 'UserName'));

async function loadProfile(call: SandboxCall, user: UserDoc): Promise<LoginProfileDoc> {
  const profile = await call.store.get<LoginProfileDoc>(PROFILES + user.Id);
  if (!profile) throw noSuchEntity(`Login Profile for User ${user.Name} cannot be found.`);
  return profile;
}

const profileOut = (user: UserDoc, profile: LoginProfileDoc) => ({
  LoginProfile: {
    UserName: user.Name,
    CreateDate: new Date(profile.CreateDate),
    PasswordResetRequired: profile.PasswordResetRequired,
  },
});

const resetRequired = (call: SandboxCall) => call.input.PasswordResetRequired;

export const loginProfileHandlers: ServiceHandlers = {
  CreateLoginProfile: (call) =>
    call.store.exclusive(async () => {
      const user = await loadUser(call);
      if (await hasLoginProfile(call.store, user))
        throw alreadyExists(`Login Profile for user ${user.Name} already exists.`);
      const profile = { CreateDate: call.now.toISOString(), PasswordResetRequired: resetRequired(call) === true };
      await call.store.put(PROFILES + user.Id, profile);
      return profileOut(user, profile);
    }),

  GetLoginProfile: async (call) => {
    const user = await loadUser(call);
    return profileOut(user, await loadProfile(call, user));
  },

  UpdateLoginProfile: (call) =>
    call.store.exclusive(async () => {
      const user = await loadUser(call);
      const profile = await loadProfile(call, user);
      const reset = resetRequired(call);
      // A new password alone leaves the reset flag as it was, as in AWS.
      if (typeof reset === 'boolean')
        await call.store.put(PROFILES + user.Id, { ...profile, PasswordResetRequired: reset });
      return {};
    }),

  DeleteLoginProfile: (call) =>
    call.store.exclusive(async () => {
      const user = await loadUser(call);
      await loadProfile(call, user);
      await call.store.delete(PROFILES + user.Id);
      return {};
    }),
};
