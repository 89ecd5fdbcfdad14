/**
 * `configure mfa-login` (the AWS CLI's configure/mfalogin.py): temporary credentials for a profile whose
 * user must sign in with MFA. The active profile's credentials (or, when there are none, keys asked for
 * here) call STS GetSessionToken with the MFA device (`--serial-number`, else the profile's `mfa_serial`,
 * else asked for) and the code it shows; the session's keys go to a profile of the credentials file
 * (`--update-profile`, else asked for, offering `<account>-<device>` for an MFA ARN).
 */
import type { Credentials } from '../../core/credentials/types.js';
import { editConfigFile } from '../../core/config/edit-file.js';
import { updateIniText } from '../../core/config/writer.js';
import { ServiceError } from '../../core/errors.js';
import { parseKnownArgs } from '../../cli/argparse.js';
import type { CliContext } from '../../cli/context.js';
import { pyInt } from '../../cli/shorthand.js';
import { unknownOptions, UsageError } from '../../cli/usage.js';

/** What mfa-login needs of the command: the profile's keys and settings, and the STS call. */
export interface MfaLoginServices {
  /** The active profile's credentials, or undefined when it has none. */
  credentials(): Promise<Credentials | undefined>;
  /** The active profile's `mfa_serial`. */
  mfaSerial(): Promise<string | undefined>;
  /** STS GetSessionToken, signed with `keys` or else the profile's credentials. */
  getSessionToken(params: Record<string, unknown>, keys?: Credentials): Promise<Record<string, unknown>>;
  credentialsPath: string;
}

/** The default lifetime: 12 hours. */
const DEFAULT_DURATION = 43_200;

export async function mfaLogin(ctx: CliContext, argv: readonly string[], services: MfaLoginServices): Promise<number> {
  const { values, extras } = parseKnownArgs(
    [
      { flag: '--update-profile', dest: 'update-profile', nargs: 'one' },
      { flag: '--duration-seconds', dest: 'duration-seconds', nargs: 'one' },
      { flag: '--serial-number', dest: 'serial-number', nargs: 'one' },
    ],
    argv,
  );
  if (extras.length) throw unknownOptions(extras);
  const prompt = ctx.host.prompt;
  if (!prompt) throw new UsageError('configure mfa-login needs a terminal to ask for the MFA code on');
  const given = values.get('duration-seconds') as string | undefined;
  const duration = given === undefined ? DEFAULT_DURATION : pyInt(given);
  const serialOption = values.get('serial-number') as string | undefined;
  const fail = (message: string) => {
    ctx.host.stderr.write(`\n${message}\n`);
    return 1;
  };
  const ask = async (label: string, secret = false) => (await prompt.ask(`${label}: `, { secret })).trim();

  const profileKeys = await services.credentials();
  let keys: Credentials | undefined;
  let serial: string;
  let token: string;
  if (profileKeys) {
    serial = serialOption || (await services.mfaSerial()) || (await ask('MFA serial number or ARN'));
    if (!serial) return fail('MFA serial number or MFA device ARN is required');
    token = await ask('MFA token code');
    if (!token) return fail('MFA token code is required');
  } else {
    // No credentials to sign with: the CLI asks for the keys too.
    ctx.host.stdout.write('Please provide your AWS credentials:\n');
    const answers: Record<string, string> = {};
    for (const [name, label, secret] of [
      ['accessKeyId', 'AWS Access Key ID', false],
      ['secretAccessKey', 'AWS Secret Access Key', true],
      ['serial', 'MFA serial number or ARN', false],
      ['token', 'MFA token code', false],
    ] as const) {
      const answer = name === 'serial' && serialOption ? serialOption : await ask(label, secret);
      if (!answer || answer === 'None') return fail(`${label} is required`);
      answers[name] = answer;
    }
    keys = { accessKeyId: answers.accessKeyId!, secretAccessKey: answers.secretAccessKey! };
    serial = answers.serial!;
    token = answers.token!;
  }
  let target = values.get('update-profile') as string | undefined;
  if (!target) {
    const offered = profileNameFor(serial);
    target = (await prompt.ask(`Profile to update [${offered}]: `)).trim() || offered;
  }
  let response: Record<string, unknown>;
  try {
    response = await services.getSessionToken(
      { DurationSeconds: duration, SerialNumber: serial, TokenCode: token },
      keys,
    );
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    return fail(
      `An error occurred: An error occurred (${err.code}) when calling the GetSessionToken operation: ${err.message}`,
    );
  }
  const session = response.Credentials as {
    AccessKeyId: string;
    SecretAccessKey: string;
    SessionToken: string;
    Expiration: Date;
  };
  await editConfigFile(ctx.host, services.credentialsPath, (text) =>
    updateIniText(text, target, {
      aws_access_key_id: session.AccessKeyId,
      aws_secret_access_key: session.SecretAccessKey,
      aws_session_token: session.SessionToken,
    }),
  );
  const expires = session.Expiration.toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  ctx.host.stdout.write(
    `Temporary credentials written to profile '${target}'\nCredentials will expire at ${expires}\n` +
      `To use these credentials, specify --profile ${target} when running AWS CLI commands\n`,
  );
  return 0;
}

/** `123456789012-my-device` for an MFA device ARN, `session-<serial>` for a hardware serial number. */
function profileNameFor(serial: string): string {
  if (!serial.startsWith('arn:aws:iam::')) return `session-${serial}`;
  const parts = serial.split(':');
  return `${parts[4]}-${parts[5]?.split('/').at(-1)}`;
}
