/**
 * Where the command history lives: one file per recorded command under `~/.aws/cli/history/isoaws/`,
 * named `<time of its last record, 13-digit epoch ms>-<command id>.json`, holding that command's records
 * as Python-flavoured JSON (py-json.ts).
 *
 * The AWS CLI keeps the same records in one SQLite database (`~/.aws/cli/history/history.db`); isoaws
 * runs in a page as well as in Node, where no SQLite is at hand, and does not read that file. A file per
 * command is written once, atomically (the host's writeFile renames a finished temporary file), so two
 * commands finishing at once need no lock, a command never rewrites what others recorded, and a file
 * spoilt by hand spoils only its own command. File names sort by time, so the latest command is found
 * without reading the others.
 */
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { expandUser } from '../../core/local-paths.js';
import { pyJsonDumps, pyJsonLoads } from './py-json.js';

/** One event of a command, as the AWS CLI's history records it (its `records` table, one row). */
export interface HistoryRecord {
  /** CLI_VERSION, CLI_ARGUMENTS, API_CALL, HTTP_REQUEST, HTTP_RESPONSE, PARSED_RESPONSE or CLI_RC. */
  event_type: string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Which API call of the command the event belongs to (0, 1, …); absent for the command's own events. */
  call?: number;
  payload: unknown;
}

export interface HistoryCommand {
  id: string;
  records: HistoryRecord[];
}

export const HISTORY_DIR = '~/.aws/cli/history/isoaws';

/** Writes one command's records (the directory made if need be); the file is readable by its owner only. */
export async function saveCommand(host: Host, command: HistoryCommand): Promise<void> {
  const dir = expandUser(host, HISTORY_DIR);
  await host.fs.mkdir(dir);
  const last = command.records.reduce((t, r) => Math.max(t, r.timestamp), 0);
  const text = pyJsonDumps({ version: FORMAT_VERSION, id: command.id, records: command.records });
  await host.fs.writeFile(`${dir}/${String(last).padStart(13, '0')}-${command.id}.json`, text, { mode: 0o600 });
}

/** The recorded commands' files, oldest first; undefined when nothing was ever recorded here. */
export async function commandFiles(host: Host): Promise<{ path: string; id: string }[] | undefined> {
  const dir = expandUser(host, HISTORY_DIR);
  if (!(await host.fs.stat(dir))?.isDirectory) return undefined;
  // Names begin with the time as fixed-width digits: in name order, the last is the latest.
  return (await host.fs.readDir(dir)).sort().flatMap((name) => {
    const m = FILE_NAME.exec(name);
    return m ? [{ path: `${dir}/${name}`, id: m[1]! }] : [];
  });
}

/** One command's file read back; throws HistoryFileError naming the file when it is not what isoaws wrote. */
export async function readCommand(host: Host, path: string): Promise<HistoryCommand> {
  let data: unknown;
  try {
    data = pyJsonLoads(new TextDecoder().decode(await host.fs.readFile(path)));
  } catch (err) {
    throw new HistoryFileError(`Unable to read the history file ${path}: ${(err as Error).message}`);
  }
  const problem = formatProblem(data);
  if (problem) throw new HistoryFileError(`Unable to read the history file ${path}: ${problem}`);
  return data as HistoryCommand;
}

/** A history file isoaws cannot read back (changed by hand, or not one it wrote): exit 255, as any failure. */
class HistoryFileError extends IsoawsError {
  override name = 'HistoryFileError';
}

const FORMAT_VERSION = 1;
const FILE_NAME = /^\d{13}-([0-9a-f-]+)\.json$/;

/** What makes `data` something other than a command's records of this version, if anything. */
function formatProblem(data: unknown): string | undefined {
  const file = data as { version?: unknown; id?: unknown; records?: unknown } | null;
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return 'not a JSON object';
  if (file.version !== FORMAT_VERSION) return `not a version ${FORMAT_VERSION} history record`;
  if (typeof file.id !== 'string' || !Array.isArray(file.records)) return 'no id or no records';
  for (const record of file.records as Partial<HistoryRecord>[]) {
    if (
      typeof record !== 'object' ||
      record === null ||
      typeof record.event_type !== 'string' ||
      typeof record.timestamp !== 'number' ||
      (record.call !== undefined && typeof record.call !== 'number')
    )
      return 'a record without an event type or a time';
  }
  return undefined;
}
