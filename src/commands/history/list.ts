/**
 * `history list` (awscli/customizations/history/list.py): one line per recorded command, newest first —
 * its id, when it was entered (local time, 12-hour clock), its first two words and its return code,
 * in columns of 38, 24 and 50 characters. A command whose records lack its arguments or its return code
 * is left out, as the CLI's query joins the two. The return code is printed as its record holds it
 * (the CLI prints the stored JSON text).
 */
import { readCommandOptions, type CommandEnv } from '../../cli/command.js';
import { pyJsonDumps } from '../../cli/history/py-json.js';
import { readCommand, type HistoryCommand } from '../../cli/history/store.js';
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { recordedCommands } from './recorded-commands.js';

export async function listHistory(env: CommandEnv, args: readonly string[]): Promise<number> {
  readCommandOptions([], args);
  const { host } = env.ctx;
  const rows = (await readAll(host, await recordedCommands(host))).flatMap((command) => {
    const args = command.records.find((r) => r.event_type === 'CLI_ARGUMENTS');
    const rc = command.records.find((r) => r.event_type === 'CLI_RC');
    return args && rc ? [{ id: command.id, timestamp: args.timestamp, args: args.payload, rc: rc.payload }] : [];
  });
  if (!rows.length)
    throw new IsoawsError(
      'No commands were found in your history. Make sure you have enabled history mode by adding "cli_history = enabled" to the config file.',
    );
  // Newest first; the files come oldest first, and Array#sort is stable.
  rows.reverse().sort((a, b) => b.timestamp - a.timestamp);
  for (const row of rows)
    host.stdout.write(
      `${pad(row.id, 38)}${pad(listTime(row.timestamp), 24)}${pad(commandWords(row.args), 50)}${pyJsonDumps(row.rc)}\n`,
    );
  return 0;
}

async function readAll(host: Host, files: { path: string }[]): Promise<HistoryCommand[]> {
  const commands: HistoryCommand[] = [];
  for (const file of files) commands.push(await readCommand(host, file.path));
  return commands;
}

/** `' '.join(args[:2])`, cut to 46 characters and `...` when it would fill the 50-character column. */
function commandWords(args: unknown): string {
  const words = Array.isArray(args) ? args.slice(0, 2).map(String) : [];
  const text = [...words.join(' ')];
  return text.length >= 50 ? `${text.slice(0, 46).join('')}...` : text.join('');
}

/** Python's `'{:<width}'.format(text)`: padded with spaces to `width` characters, never cut. */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** `datetime.fromtimestamp(ms / 1000).strftime('%Y-%m-%d %I:%M:%S %p')`. */
function listTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const hour = d.getHours() % 12 || 12;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(hour)}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}
