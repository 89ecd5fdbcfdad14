/** The history's files for `history list` and `history show`, or the CLI's error when none was ever recorded here. */
import { commandFiles } from '../../cli/history/store.js';
import { IsoawsError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';

/** The recorded commands' files, oldest first; the AWS CLI's RuntimeError (exit 255) when there is no history. */
export async function recordedCommands(host: Host): Promise<{ path: string; id: string }[]> {
  const files = await commandFiles(host);
  if (!files)
    throw new IsoawsError(
      'Could not locate history. Make sure cli_history is set to enabled in the ~/.aws/config file',
    );
  return files;
}
