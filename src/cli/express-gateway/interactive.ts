/**
 * The AWS CLI's INTERACTIVE monitor of an Express gateway service (prompt_toolkit_display.py: a spinner,
 * up/down to scroll, q to quit) is not in isoaws: its hosts hand commands lines, never single key
 * presses. Where the CLI would show it (stdout a terminal) and it is asked for, it is refused before any
 * request; kept apart from the monitor so that the check loads nothing else.
 */
import { ArgumentError } from '../usage.js';

export function interactiveRefused(option: '--mode' | '--monitor-mode'): ArgumentError {
  return new ArgumentError(
    `The interactive monitor (${option} INTERACTIVE) is not available in isoaws: it reads single key presses, which isoaws does not read from the terminal. Use ${option} TEXT-ONLY, which isoaws also uses when ${option} is not given.`,
  );
}
