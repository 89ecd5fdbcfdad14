/**
 * `rds generate-db-auth-token` (the AWS CLI's rds.py) and `dsql generate-db-connect-auth-token` /
 * `generate-db-connect-admin-auth-token` (dsql.py): an IAM authentication token for a database, made
 * from the profile's credentials and region (core/db-auth-token.ts) and printed. Nothing is sent.
 */
import type { Client } from '../core/client.js';
import { requireCredentials } from '../core/credentials/providers.js';
import { dbAuthToken, type DbAuthTokenRequest } from '../core/db-auth-token.js';
import {
  commandPage,
  readCommandOptions,
  valueOption,
  type CommandModule,
  type CommandOption,
} from '../cli/command.js';
import { pyInt } from '../cli/shorthand.js';
import { ConfigurationError } from '../cli/usage.js';

type Name = 'generate-db-auth-token' | 'generate-db-connect-auth-token' | 'generate-db-connect-admin-auth-token';

const HOSTNAME = valueOption('hostname', 'string', 'The host name of the database endpoint.', { required: true });
const EXPIRES_IN = valueOption('expires-in', 'integer', 'Seconds the token is accepted for: 900 unless given.');

const OPTIONS: Record<Name, CommandOption[]> = {
  'generate-db-auth-token': [
    HOSTNAME,
    valueOption('port', 'integer', 'The port the database listens on.', { required: true }),
    valueOption('username', 'string', 'The database user to connect as.', { required: true }),
  ],
  'generate-db-connect-auth-token': [HOSTNAME, EXPIRES_IN],
  'generate-db-connect-admin-auth-token': [HOSTNAME, EXPIRES_IN],
};

const DESCRIPTIONS: Record<Name, { text: string; example: string }> = {
  'generate-db-auth-token': {
    text: 'Prints an IAM authentication token for an RDS database user, for the password of a connection; it is accepted for 15 minutes.',
    example:
      'isoaws rds generate-db-auth-token --hostname mydb.abc123.us-east-1.rds.amazonaws.com --port 3306 --username app',
  },
  'generate-db-connect-auth-token': {
    text: 'Prints an IAM authentication token to connect to an Aurora DSQL cluster as a custom database role.',
    example: 'isoaws dsql generate-db-connect-auth-token --hostname abc123.dsql.us-east-1.on.aws',
  },
  'generate-db-connect-admin-auth-token': {
    text: 'Prints an IAM authentication token to connect to an Aurora DSQL cluster as its admin role.',
    example:
      'isoaws dsql generate-db-connect-admin-auth-token --hostname abc123.dsql.us-east-1.on.aws --expires-in 3600',
  },
};

function tokenCommand(name: Name): CommandModule {
  return {
    async run(env, args) {
      const values = readCommandOptions(OPTIONS[name], args);
      const text = (option: string) => values.get(option) as string | undefined;
      const rds = name === 'generate-db-auth-token';
      const request = {
        hostname: text('hostname')!,
        action: rds ? 'connect' : name === 'generate-db-connect-auth-token' ? 'DbConnect' : 'DbConnectAdmin',
        signingName: rds ? 'rds-db' : 'dsql',
        ...(rds ? { port: pyInt(text('port')!), user: text('username')! } : {}),
        ...(text('expires-in') !== undefined ? { expiresIn: pyInt(text('expires-in')!) } : {}),
      } as const;
      const client = await env.client();
      env.ctx.host.stdout.write(`${await token(client, request)}\n`);
      return 0;
    },
    page: async (sub) =>
      sub === undefined
        ? commandPage(
            { name, description: DESCRIPTIONS[name].text, examples: [DESCRIPTIONS[name].example] },
            OPTIONS[name],
          )
        : undefined,
  };
}

/** The token for the client's region and credentials, which a token cannot be made without. */
async function token(client: Client, request: Omit<DbAuthTokenRequest, 'region' | 'credentials'>): Promise<string> {
  const { region, credentials } = client.config;
  if (!region)
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  const provider = typeof credentials === 'function' ? credentials : async () => credentials;
  return dbAuthToken(client.host, { ...request, region, credentials: await requireCredentials(provider) });
}

export const rdsTokenCommand = tokenCommand('generate-db-auth-token');
export const dsqlConnectTokenCommand = tokenCommand('generate-db-connect-auth-token');
export const dsqlAdminTokenCommand = tokenCommand('generate-db-connect-admin-auth-token');
