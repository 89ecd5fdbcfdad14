/**
 * The sandbox's IAM: users, groups, roles, managed and inline policies, access keys, login profiles and
 * instance profiles, kept as documents under `iam/`. The handlers live in iam/, one module per area.
 */
import type { ServiceHandlers } from '../service.js';
import { accessKeyHandlers } from './iam/access-keys.js';
import { loginProfileHandlers } from './iam/login-profiles.js';
import { managedPolicyHandlers, principalPolicyHandlers } from './iam/policies.js';
import { instanceProfileHandlers, roleHandlers } from './iam/roles.js';
import { groupHandlers, userHandlers } from './iam/users-groups.js';

export { findRole, type RoleSummary } from './iam/roles.js';

export const handlers: ServiceHandlers = {
  ...userHandlers,
  ...groupHandlers,
  ...roleHandlers,
  ...instanceProfileHandlers,
  ...managedPolicyHandlers,
  ...principalPolicyHandlers,
  ...accessKeyHandlers,
  ...loginProfileHandlers,
};
