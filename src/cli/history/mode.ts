/**
 * Whether a command is recorded in the command history, as the AWS CLI decides it
 * (awscli/customizations/history/__init__.py, attach_history_handler): `cli_history = enabled` in the
 * profile the command runs with, and the command is not `history` itself. The recorder's code loads only
 * then, so a command without history pays one read of the shared files and nothing more.
 */
import { loadProfile } from '../../core/config/profile.js';
import type { Host } from '../../core/host.js';
import { parseGlobals } from '../globals.js';
import type { HistoryRecorder } from './recorder.js';

/** A recorder for the command `argv` when the history is enabled for it; never throws. */
export async function startHistory(
  argv: readonly string[],
  host: Host,
  version: string,
): Promise<HistoryRecorder | undefined> {
  if (!(await historyEnabled(argv, host))) return undefined;
  const { startRecording } = await import('./recorder.js');
  return startRecording(host, argv, version);
}

async function historyEnabled(argv: readonly string[], host: Host): Promise<boolean> {
  try {
    const globals = parseGlobals(argv);
    // The CLI attaches its recorder once the top-level parse is done: `--version`, a command line without
    // a command, and one the parse refuses are never recorded; neither is `history`, which reads it.
    if (globals.version || globals.command === undefined || globals.command === 'history') return false;
    const profile = await loadProfile(host, globals.profile);
    return profile.config.cli_history === 'enabled';
  } catch {
    // A profile no file has, or files that cannot be read: not enabled; the command itself says what is wrong.
    return false;
  }
}
