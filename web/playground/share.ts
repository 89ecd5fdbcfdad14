/**
 * A command run in the page, carried elsewhere: as a line for a terminal (`aws …`, quoted for a POSIX
 * shell), as the library's JavaScript for the calls it made (`await aws.s3.listObjectsV2({…})`), and as
 * a link that opens the page with the command (and lesson step) filled in.
 */
import type { CommandEvent } from '../../src/cli/context.js';
import { splitShellWords } from '../../src/core/shell-words.js';

/** `aws` and the line's words, each quoted as a POSIX shell needs it. */
export function asShellCommand(line: string): string {
  let words: string[];
  try {
    words = splitShellWords(line.trim().replace(/\\\r?\n/g, ' '));
  } catch {
    return line.trim();
  }
  if (words[0] === 'aws' || words[0] === 'isoaws') words = words.slice(1);
  return ['aws', ...words].map(quote).join(' ');
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The library calls a command made, one line each; a paginated command's repeated calls become one
 * `aws.paginate`. Undefined when the command made no modeled call (`s3 cp`, `configure`).
 */
export function asJavaScript(events: readonly CommandEvent[]): string | undefined {
  const calls = events.filter((e) => e.kind === 'call');
  if (!calls.length) return undefined;
  const requests = events.filter((e) => e.kind === 'request' && e.attempt === 1).length;
  const first = calls[0]!;
  const params = JSON.stringify(first.params ?? {}, null, 2);
  if (calls.length === 1 && requests > 1)
    return `for await (const page of aws.paginate('${first.service}', '${first.operation}', ${params})) console.log(page);`;
  return calls
    .map((call) => {
      const service = /^[a-z_$][\w$]*$/i.test(call.service) ? `.${call.service}` : `['${call.service}']`;
      const method = call.operation.charAt(0).toLowerCase() + call.operation.slice(1);
      return `await aws${service}.${method}(${JSON.stringify(call.params ?? {}, null, 2)});`;
    })
    .join('\n');
}

export interface SharedState {
  command?: string;
  lesson?: string;
  step?: number;
}

/** The page's address with the state in its fragment (never sent to a server). */
export function shareLink(base: string, state: SharedState): string {
  const params = new URLSearchParams();
  if (state.command) params.set('cmd', state.command);
  if (state.lesson) params.set('lesson', state.lesson);
  if (state.step !== undefined) params.set('step', String(state.step));
  return `${base.replace(/#.*$/, '')}#${params}`;
}

export function readShared(hash: string): SharedState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const step = Number(params.get('step'));
  return {
    command: params.get('cmd') ?? undefined,
    lesson: params.get('lesson') ?? undefined,
    step: params.has('step') && Number.isInteger(step) && step >= 0 ? step : undefined,
  };
}
