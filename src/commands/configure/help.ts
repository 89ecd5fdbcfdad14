/**
 * Help pages for `configure` and its subcommands (`isoaws configure help`, `isoaws configure set help`):
 * what each does, its synopsis and options, in the layout of the other help pages.
 */
import type { CommandPage } from '../../cli/help.js';

const PROFILE = {
  flag: '--profile (string)',
  text: 'The profile to read or change (as a global option, before or after the subcommand). Without it, AWS_PROFILE, else default.',
};

export const CONFIGURE_HELP: Record<string, CommandPage> = {
  configure: {
    name: 'configure',
    description:
      'Asks for an access key ID, a secret access key, a default region and a default output format, showing the current values (keys masked) in brackets; pressing Enter keeps a value. Keys are written to the credentials file (~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE), the other values to the config file (~/.aws/config, or AWS_CONFIG_FILE). Files are written atomically and keep their comments and other sections; a new credentials file is readable by its owner only.',
    synopsis: ['isoaws configure [--profile profile-name]'],
    options: [PROFILE],
    commands: [
      'add-model',
      'agent-toolkit',
      'export-credentials',
      'get',
      'import',
      'list',
      'list-profiles',
      'mfa-login',
      'set',
      'sso',
      'sso-session',
      'wizard',
    ],
    examples: ['isoaws configure', 'isoaws configure --profile dev'],
  },
  wizard: {
    name: 'wizard',
    description:
      "Interactive command for creating and configuring AWS resources: configure's wizard asks, one question per line, what to set up in a profile (static credentials, a role to assume with where its credentials come from, a credential process, or other settings such as the region and output format) and writes the answers to the config and credentials files atomically.",
    synopsis: ['isoaws configure wizard'],
    options: [],
  },
  'add-model': {
    name: 'add-model',
    description:
      "Adds a service model (botocore's service-2.json format) to ~/.aws/models/<service>/<api-version>/, from where it is loaded before the bundled models: the service's commands are then those of the model (for a service isoaws has, when the model's API version is at least the bundled one's). The service is named after the model's endpoint prefix unless --service-name names it.",
    synopsis: ['isoaws configure add-model --service-model <value>', '  [--service-name <value>]'],
    options: [
      { flag: '--service-model (string)', text: 'The service model: its JSON text, or file://path.' },
      {
        flag: '--service-name (string)',
        text: 'The name of the service, for its commands and clients, instead of the one derived from the model.',
      },
    ],
    examples: ['isoaws configure add-model --service-model file://service-2.json'],
  },
  'mfa-login': {
    name: 'mfa-login',
    description:
      "Gets temporary credentials for a user who must sign in with MFA: asks for the code the MFA device shows, calls STS GetSessionToken with the active profile's credentials (or, when it has none, with keys asked for here), and writes the session's keys to a profile of the credentials file, which --profile then names.",
    synopsis: [
      'isoaws configure mfa-login [--profile profile-name] [--update-profile profile-to-update] [--duration-seconds seconds] [--serial-number mfa-serial-number]',
    ],
    options: [
      {
        flag: '--update-profile (string)',
        text: 'The profile to write the temporary credentials to. Without it, the profile is asked for, offering <account>-<device> for an MFA device ARN.',
      },
      {
        flag: '--duration-seconds (integer)',
        text: 'How long the credentials stay valid, in seconds: 900 (15 minutes) to 129600 (36 hours); 43200 (12 hours) unless given.',
      },
      {
        flag: '--serial-number (string)',
        text: "The ARN or serial number of the user's MFA device. Without it, the profile's mfa_serial, else it is asked for.",
      },
      PROFILE,
    ],
    examples: [
      'isoaws configure mfa-login --update-profile dev-mfa',
      'isoaws configure mfa-login --profile dev --duration-seconds 3600',
    ],
  },
  get: {
    name: 'get',
    description:
      "Prints one configuration value. A plain name (region) is looked up in the active profile, the credentials file's section over the config file's; a dotted name reaches a nested value (s3.max_concurrent_requests), another profile (profile.dev.region) or the default profile (default.region). Prints nothing and exits 1 when the value is not set.",
    synopsis: ['isoaws configure get varname [--profile profile-name]'],
    options: [{ flag: 'varname (string)', text: 'The name of the value.' }, PROFILE],
    examples: [
      'isoaws configure get region',
      'isoaws configure get profile.dev.output',
      'isoaws configure get s3.multipart_chunksize',
    ],
  },
  set: {
    name: 'set',
    description:
      'Sets one configuration value. aws_access_key_id, aws_secret_access_key and aws_session_token go to the credentials file, everything else to the config file. A dotted name sets a nested value (s3.max_concurrent_requests) or a value of another profile (profile.dev.region). The key is rewritten where it is, or added at the end of its section.',
    synopsis: ['isoaws configure set varname value [--profile profile-name]'],
    options: [
      { flag: 'varname (string)', text: 'The name of the value.' },
      { flag: 'value (string)', text: 'The value to set.' },
      PROFILE,
    ],
    examples: [
      'isoaws configure set region us-west-2',
      'isoaws configure set s3.max_concurrent_requests 20 --profile dev',
    ],
  },
  list: {
    name: 'list',
    description:
      'Shows the profile, the credentials a command would use (resolved through the whole credential chain, keys masked, with the source that provided them) and the region, each with where it came from.',
    synopsis: ['isoaws configure list [--profile profile-name]'],
    options: [PROFILE],
  },
  'list-profiles': {
    name: 'list-profiles',
    description: 'Prints the name of every profile in the config and credentials files, one per line.',
    synopsis: ['isoaws configure list-profiles'],
    options: [],
  },
  import: {
    name: 'import',
    description:
      'Imports access keys from the CSV file the IAM console offers for download: one credentials-file profile per user, named after the user.',
    synopsis: ['isoaws configure import --csv file://path', '  [--skip-invalid] [--profile-prefix prefix]'],
    options: [
      { flag: '--csv (string)', text: 'The CSV file, as file://path, or its text.' },
      { flag: '--skip-invalid (boolean)', text: 'Skip rows without both keys instead of stopping.' },
      { flag: '--profile-prefix (string)', text: 'Put this before each profile name.' },
    ],
  },
  'export-credentials': {
    name: 'export-credentials',
    description:
      'Resolves the credentials of the active profile as a command would and prints them for another program: as credential_process JSON (process, the default), as shell variable assignments (env, env-no-export), or for PowerShell and the Windows command prompt.',
    synopsis: [
      'isoaws configure export-credentials',
      '  [--format process|env|env-no-export|powershell|windows-cmd]',
      '  [--profile profile-name]',
    ],
    options: [{ flag: '--format (string)', text: 'process, env, env-no-export, powershell or windows-cmd.' }, PROFILE],
    examples: ['eval "$(isoaws configure export-credentials --format env)"'],
  },
  sso: {
    name: 'sso',
    description:
      "Sets up a profile that signs in with IAM Identity Center: asks for an SSO session name, start URL, region and registration scopes (or uses an existing [sso-session]), signs in (with the browser's authorization code flow for an SSO session, or the device code flow), lists the accounts and roles available to you to choose from, then asks for the profile's default region, output format and name, and writes the profile.",
    synopsis: ['isoaws configure sso [--no-browser] [--use-device-code]', '    [--profile profile-name]'],
    options: [
      { flag: '--no-browser (boolean)', text: 'Print the sign-in URL and code instead of opening a browser.' },
      {
        flag: '--use-device-code (boolean)',
        text: 'Sign in with the device code flow (a URL and a code, usable from another device) instead of the browser’s authorization code flow.',
      },
      PROFILE,
    ],
  },
  'sso-session': {
    name: 'sso-session',
    description:
      'Creates or updates an [sso-session] section of the config file: its name, start URL, region and registration scopes.',
    synopsis: ['isoaws configure sso-session'],
    options: [],
  },
};
