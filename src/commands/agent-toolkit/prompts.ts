/**
 * The questions `configure agent-toolkit` asks (the AWS CLI's customizations/prompts.py), through the
 * host's line prompt. The CLI's agent checklist is a full-screen prompt_toolkit widget (arrows, space,
 * Enter, every agent ticked at first); here it is a numbered list answered with the numbers wanted,
 * Enter keeping them all. As in the CLI, the checklist needs a terminal.
 */
import type { Host, Prompt } from '../../core/host.js';
import { ConfigurationError } from '../../cli/usage.js';

/** The host's prompt, when standard input is a terminal to ask on. */
export function terminalPrompt(host: Host): Prompt {
  if (!host.prompt || host.stdinIsTerminal === false)
    throw new ConfigurationError('This command requires an interactive terminal (TTY).');
  return host.prompt;
}

/**
 * A yes/no question, asked again until answered: y/yes or n/no in any case. An empty answer is yes, the
 * default the `[Y/n]` of the question shows (the CLI asks again instead).
 */
export async function yesNo(host: Host, prompt: Prompt, question: string): Promise<boolean> {
  for (;;) {
    const answer = (await prompt.ask(question)).trim().toLowerCase();
    if (answer === '' || answer === 'y' || answer === 'yes') return true;
    if (answer === 'n' || answer === 'no') return false;
    host.stdout.write('Invalid response. Please enter "y" or "n"\n');
  }
}

/** Some of `items`, chosen by number: all of them for an empty answer, none for `none`. */
export async function multiSelect<T>(
  host: Host,
  prompt: Prompt,
  message: string,
  items: readonly T[],
  show: (item: T) => string,
): Promise<T[]> {
  const menu = items.map((item, i) => `  ${i + 1}. ${show(item)}\n`).join('');
  host.stdout.write(`${message} (numbers separated by spaces or commas, Enter for all, "none" for none):\n${menu}`);
  for (;;) {
    const answer = (await prompt.ask(`Agents [1-${items.length}, all]: `)).trim().toLowerCase();
    if (answer === '' || answer === 'all') return [...items];
    if (answer === 'none') return [];
    const picked = answer.split(/[\s,]+/).map(Number);
    if (picked.every((n) => Number.isInteger(n) && n >= 1 && n <= items.length))
      return items.filter((_, i) => picked.includes(i + 1));
    host.stdout.write(`Invalid selection. Please enter numbers from 1 to ${items.length}\n`);
  }
}
