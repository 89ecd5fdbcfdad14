/**
 * The shell's settings — profile, region, output format, debug — and the session commands that change
 * them (`.profile dev`, `.region eu-west-1`, `.output table`, `.debug on`). Each applies to a command
 * exactly as the matching global option would (`--profile dev …`): they are put in front of every
 * command line, so an option typed on the line still wins, as the last occurrence does in the CLI.
 */
import { loadProfile } from '../core/config/profile.js';
import { settingValue } from '../core/config/settings.js';
import type { Host } from '../core/host.js';
import { describeFailure, EXIT } from '../cli/exit-codes.js';
import { GLOBAL_SPECS } from '../cli/globals.js';
import { SANDBOX_REGION } from '../sandbox/identity.js';

export interface SessionSettings {
  /** Set with `.profile`; otherwise AWS_PROFILE or `default`, as for a command. */
  profile?: string;
  region?: string;
  output?: string;
  debug: boolean;
  /** `.sandbox on`: commands and `aws` talk to the offline AWS inside isoaws (`--sandbox`). */
  sandbox: boolean;
}

/** The global options that carry the settings into a command line. */
export function settingsArgs(s: SessionSettings): string[] {
  return [
    ...(s.profile !== undefined ? ['--profile', s.profile] : []),
    ...(s.region !== undefined ? ['--region', s.region] : []),
    ...(s.output !== undefined ? ['--output', s.output] : []),
    ...(s.debug ? ['--debug'] : []),
    ...(s.sandbox ? ['--sandbox'] : []),
  ];
}

/**
 * What the prompt shows: the profile and region a command would use now (`isoaws default@us-east-1> `),
 * or `sandbox` for the profile while the sandbox answers (its region unless one is configured).
 */
export async function promptFor(host: Host, s: SessionSettings): Promise<string> {
  const { name, region } = await effective(host, s);
  if (s.sandbox) return `isoaws sandbox@${region ?? SANDBOX_REGION}> `;
  return `isoaws ${name}${region ? `@${region}` : ''}> `;
}

/** The profile a command uses and its region (the settings', else the environment's, else the profile's). */
export async function effective(
  host: Host,
  s: SessionSettings,
): Promise<{ name: string; region?: string; config: Record<string, unknown> }> {
  let config: Record<string, unknown> = {};
  let name = s.profile ?? (host.env.AWS_PROFILE || host.env.AWS_DEFAULT_PROFILE || 'default');
  try {
    const profile = await loadProfile(host, s.profile);
    ({ name, config } = profile);
  } catch {
    // A missing profile or an unreadable file: the prompt still shows the name; commands report the error.
  }
  const region = s.region ?? (settingValue('region', host.env, config as never) as string | undefined);
  return { name, region, config };
}

export const SESSION_COMMANDS: Record<string, { help: string; values?: readonly string[] }> = {
  profile: { help: 'Use the named profile of ~/.aws/config for the commands that follow (.profile alone shows it)' },
  region: { help: 'Use this region for the commands that follow (.region alone shows it)' },
  output: {
    help: 'Print results in this format: json, text, table, yaml, yaml-stream or off',
    values: GLOBAL_SPECS.find((s) => s.flag === '--output')!.choices!,
  },
  debug: { help: 'Log each request and response (on) or stop (off)', values: ['on', 'off'] },
  sandbox: {
    help: 'Talk to the sandbox, an offline AWS inside isoaws (on), or to AWS (off); reset empties the sandbox',
    values: ['on', 'off', 'reset'],
  },
};

/** The change a session command asks for, or the message that explains why it is refused. */
export async function parseSessionCommand(
  host: Host,
  current: SessionSettings,
  name: string,
  rest: string,
): Promise<
  { change: Partial<SessionSettings> } | { show: string } | { reset: true } | { error: string; code: number }
> {
  const value = rest.trim();
  switch (name) {
    case 'profile':
      if (!value) return { show: (await effective(host, current)).name };
      try {
        await loadProfile(host, value);
      } catch (err) {
        // What `--profile NAME` would say (a missing profile, an unreadable file), with its exit code.
        const { message, code } = describeFailure(err);
        return { error: message.trim(), code };
      }
      return { change: { profile: value } };
    case 'region':
      if (!value) return { show: (await effective(host, current)).region ?? 'no region configured' };
      if (!/^[a-z0-9-]+$/.test(value))
        return { error: `Provided region_name '${value}' doesn't match a supported format.`, code: EXIT.usage };
      return { change: { region: value } };
    case 'output':
    case 'debug':
    case 'sandbox': {
      if (name === 'sandbox' && !value) return { show: current.sandbox ? 'on' : 'off' };
      const choices = SESSION_COMMANDS[name]!.values!;
      if (!choices.includes(value))
        return {
          error: `.${name}: invalid choice: '${value}' (choose from ${choices.map((c) => `'${c}'`).join(', ')})`,
          code: EXIT.usage,
        };
      if (name === 'output') return { change: { output: value } };
      if (name === 'debug') return { change: { debug: value === 'on' } };
      return value === 'reset' ? { reset: true } : { change: { sandbox: value === 'on' } };
    }
    default:
      return { error: `Unknown session command .${name}`, code: EXIT.usage };
  }
}
