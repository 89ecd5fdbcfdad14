/**
 * One entry for every output format: the value is already in the CLI's form (see toCliValue) and the
 * query already applied. An empty result prints nothing, as the CLI prints nothing for `{}`.
 */
import type { OutputFormat } from '../globals.js';
import { formatJson } from './json.js';
import { tableChunks } from './table.js';
import { formatText } from './text.js';
import { formatYaml } from './yaml.js';

export interface FormatOptions {
  /** The table title: the operation's name (`DescribeInstances`). */
  title: string;
  terminalWidth: number;
  color: boolean;
}

export function formatOutput(format: OutputFormat, value: unknown, opts: FormatOptions): string {
  return [...outputChunks(format, value, opts)].join('');
}

/** The output in pieces to write as they come: a large table is never held whole. */
export function outputChunks(format: OutputFormat, value: unknown, opts: FormatOptions): Iterable<string> {
  if (format === 'table') return tableChunks(opts.title, value, { terminalWidth: opts.terminalWidth, color: opts.color });
  return [formatString(format, value)];
}

function formatString(format: Exclude<OutputFormat, 'table'>, value: unknown): string {
  const empty = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0
    && !(value instanceof Uint8Array) && value.constructor === Object;
  switch (format) {
    case 'off': return '';
    case 'json': return empty ? '' : `${formatJson(value)}\n`;
    case 'text': return formatText(value);
    case 'yaml': return empty ? '' : formatYaml(value);
    case 'yaml-stream': return formatYaml([value]);
  }
}
