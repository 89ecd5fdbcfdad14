/** The subcommands of the commands of src/commands, named once for the registry and the commands themselves. */
export const S3_COMMANDS: readonly string[] = ['cp', 'ls', 'mb', 'mv', 'presign', 'rb', 'rm', 'sync', 'website'];

/** The AWS CLI's configure subcommands, in its order (wizard, added by its wizard plugin, last). */
export const CONFIGURE_SUBCOMMANDS: readonly string[] = [
  'list',
  'get',
  'set',
  'add-model',
  'import',
  'list-profiles',
  'sso',
  'sso-session',
  'export-credentials',
  'mfa-login',
  'agent-toolkit',
  'wizard',
];

/** isoaws's own glacier commands. */
export const GLACIER_COMMANDS = ['tree-hash', 'upload'] as const;

/**
 * The wizards of each command that has any (src/commands/wizard/definitions.ts), as `<command> wizard
 * <name>` names them; `configure wizard` runs configure's own, which has no name.
 */
export const WIZARDS: Readonly<Record<string, readonly string[]>> = {
  configure: [],
  dynamodb: ['new-table'],
  events: ['new-rule'],
  iam: ['new-role'],
  lambda: ['new-function'],
};
