/**
 * `codecommit credential-helper get|store|erase` (the AWS CLI's codecommit.py): git's credential helper
 * for CodeCommit over HTTPS (`git config credential.helper '!aws codecommit credential-helper $@'`).
 * `get` reads what git asks for (`protocol=`, `host=`, `path=` lines on standard input) and prints a user
 * name (the access key, with `%` and the session token for temporary credentials) and a password: the
 * time and a SigV4 signature of a `GIT` request for the repository's path, which CodeCommit checks as
 * it would a signed request. Hosts that are not Amazon's get nothing unless `--ignore-host-check`.
 * `store` and `erase` do nothing: the password is made anew each time.
 */
import { requireCredentials } from '../core/credentials/providers.js';
import { IsoawsError } from '../core/errors.js';
import { amzDate, signCanonicalRequest } from '../core/signing/sigv4.js';
import { invalidChoice } from '../cli/argparse.js';
import { commandPage, flagOption, readCommandOptions, type CommandModule } from '../cli/command.js';
import { ConfigurationError, UsageError } from '../cli/usage.js';

const SUBCOMMANDS = ['get', 'store', 'erase'];
const IGNORE_HOST_CHECK = flagOption(
  'ignore-host-check',
  'Optional. Generate credentials regardless of whether the domain is an Amazon domain.',
);

/** CodeCommit's git endpoints, FIPS and VPC endpoints included: the region is in the name. */
const CODECOMMIT_HOST = /^(vpce-.+\.)?git-codecommit(-fips)?\.([^.]+)\.(vpce\.)?amazonaws\.com/;

export const credentialHelperCommand: CommandModule = {
  async run(env, args) {
    const [sub, ...rest] = args;
    if (sub === undefined) throw new UsageError('too few arguments');
    if (!SUBCOMMANDS.includes(sub)) throw new UsageError(invalidChoice('subcommand', sub, SUBCOMMANDS));
    const values = readCommandOptions(sub === 'get' ? [IGNORE_HOST_CHECK] : [], rest);
    if (sub !== 'get') return 0;
    const { host } = env.ctx;
    const git = await readGitParameters(host.stdin);
    for (const name of ['protocol', 'host', 'path'])
      if (git[name] === undefined)
        throw new IsoawsError(`credential-helper get needs ${name}= on standard input, as git gives it`);
    const hostname = git.host!.split(':')[0]!;
    if (!/amazon\.com|amazonaws\.com/.test(git.host!) && values.get('ignore-host-check') !== true) return 0;
    const client = await env.client();
    const region = CODECOMMIT_HOST.exec(git.host!)?.[3] ?? env.ctx.globals.region ?? client.config.region;
    if (!region)
      throw new ConfigurationError(
        'You must specify a region. You can also configure your region by running "aws configure".',
      );
    const provider = client.config.credentials;
    const credentials = await requireCredentials(typeof provider === 'function' ? provider : async () => provider);
    // The CLI's timestamp has no zone letter, in the string it signs as in the password.
    const timestamp = amzDate(host.now()).slice(0, -1);
    // The URL git would fetch is protocol://host/path; its path is what is signed, with the host alone.
    const path = `/${git.path!}`.replace(/[?#].*$/s, '');
    const signature = await signCanonicalRequest(`GIT\n${path}\n\nhost:${hostname}\n\nhost\n`, {
      secretAccessKey: credentials.secretAccessKey,
      longDate: timestamp,
      region,
      service: 'codecommit',
      sha256: host.sha256,
    });
    const user = credentials.sessionToken
      ? `${credentials.accessKeyId}%${credentials.sessionToken}`
      : credentials.accessKeyId;
    host.stdout.write(`username=${user}\npassword=${timestamp}Z${signature}\n`);
    return 0;
  },
  page: async (sub) =>
    sub === undefined || sub === 'get'
      ? commandPage(
          {
            name: sub === undefined ? 'credential-helper' : 'get',
            description:
              'A git credential helper for CodeCommit over HTTPS: `get` reads protocol, host and path from standard input, as git gives them, and prints a user name and a signed password. `store` and `erase` do nothing.',
            examples: [
              "git config --global credential.helper '!isoaws codecommit credential-helper $@'",
              'printf "protocol=https\\nhost=git-codecommit.us-east-1.amazonaws.com\\npath=v1/repos/myrepo\\n" | isoaws codecommit credential-helper get',
            ],
          },
          sub === 'get' ? [IGNORE_HOST_CHECK] : [],
        )
      : undefined,
};

/** git's `key=value` lines, up to the end of input; blank lines are skipped, as the CLI skips them. */
async function readGitParameters(stdin: AsyncIterable<Uint8Array> | undefined): Promise<Record<string, string>> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stdin ?? []) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  const parsed: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq === -1) throw new IsoawsError(`credential-helper get reads key=value lines; this one has no "=": ${line}`);
    parsed[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return parsed;
}
