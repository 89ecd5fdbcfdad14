/** The subcommands of the commands of src/commands, named once for the registry and the commands themselves. */
export const S3_COMMANDS: readonly string[] = ['cp', 'ls', 'mb', 'mv', 'presign', 'rb', 'rm', 'sync', 'website'];

/** The AWS CLI's configure subcommands, in its order, less wizard, which isoaws does not have. */
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
];

/** isoaws's own glacier commands. */
export const GLACIER_COMMANDS = ['tree-hash', 'upload'] as const;
