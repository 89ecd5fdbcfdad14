/**
 * One entry for every output format: the value is already in the CLI's form (see toCliValue) and the
 * query already applied. An empty result prints nothing, as the CLI prints nothing for `{}`.
 */
import { IsoawsError } from '../../core/errors.js';
import type { OutputFormat } from '../globals.js';
import { formatJson } from './json.js';
import { tableChunks } from './table.js';
import { writeText } from './text.js';
import { formatYaml } from './yaml.js';

export interface FormatOptions {
  /** The table title: the operation's name (`DescribeInstances`). */
  title: string;
  terminalWidth: number;
  color: boolean;
}

/** The output handed to `write` in pieces as it is made: a large text or table result is never held whole. */
export function writeOutput(
  format: OutputFormat,
  value: unknown,
  opts: FormatOptions,
  write: (chunk: string) => void,
): void {
  if (format === 'table') {
    for (const chunk of tableChunks(opts.title, value, { terminalWidth: opts.terminalWidth, color: opts.color }))
      write(chunk);
  } else if (format === 'text') {
    writeText(value, write);
  } else {
    write(formatString(format, value));
  }
}

function formatString(format: Exclude<OutputFormat, 'table' | 'text'>, value: unknown): string {
  const empty =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0 &&
    !(value instanceof Uint8Array) &&
    value.constructor === Object;
  switch (format) {
    case 'off':
      return '';
    case 'json':
      return empty ? '' : `${formatJson(value)}\n`;
    case 'yaml':
      return empty ? '' : formatYaml(value);
    case 'yaml-stream':
      return formatYaml([value]);
    // A format named in the environment or a profile is not checked before the call (session.ts).
    default:
      throw new IsoawsError(`Unknown output type: ${format as string}`);
  }
}
