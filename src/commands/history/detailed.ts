/**
 * `history show`'s detailed format (awscli/customizations/history/show.py, DetailedFormatter): each
 * record a section — a title with the time, then its values, each `description: value` — in the CLI's
 * words and order. Events of one API call share a number, `[0]`, `[1]`…, given in order of first
 * appearance among the records shown. With colour, titles are bold and descriptions cyan (colorama's
 * codes); the `CLI_ARGUMENTS` record has no title and continues the section before it.
 */
import { pyStr } from '../../core/query/python-text.js';
import { getOwn } from '../../core/own.js';
import type { HistoryRecord } from '../../cli/history/store.js';
import { pyJsonDumps } from '../../cli/history/py-json.js';
import { pyFloatRepr, PyFloat } from '../../cli/output/py-values.js';
import { formatHttpBody } from './http-body.js';

export interface DetailedOptions {
  /** Only these event types; else all but `exclude`. */
  include?: readonly string[];
  exclude?: readonly string[];
  color: boolean;
}

/** The records of one command laid out as `history show` prints them. */
export function formatDetailed(records: readonly HistoryRecord[], opts: DetailedOptions): string {
  const numbers = new Map<number, number>();
  const paint = (text: string, code: string) => (opts.color ? `${code}${text}${RESET}` : text);
  const description = (text: string) => paint(`${text}: `, CYAN);
  let out = '';
  for (const record of records) {
    if (opts.include ? !opts.include.includes(record.event_type) : opts.exclude?.includes(record.event_type)) continue;
    const section = getOwn(SECTIONS, record.event_type);
    if (!section) continue;
    if (section.title) {
      let title = section.title;
      if (record.call !== undefined) {
        if (!numbers.has(record.call)) numbers.set(record.call, numbers.size);
        title = `[${numbers.get(record.call)}] ${title}`;
      }
      out += `\n${paint(title, BRIGHT)}\n${description('at time')}${preciseTime(record.timestamp)}\n`;
    }
    const { payload } = record;
    const fields = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    for (const value of section.values) {
      // The CLI's records always hold every value; an API call whose parameters the engine did not
      // report (a call of s3's own commands, a later page) has none, and the line is left out.
      if (value.key !== undefined && !Object.hasOwn(fields, value.key)) continue;
      const v = value.key === undefined ? payload : fields[value.key];
      out += `${description(value.description)}${formatValue(v, value.format, getOwn(fields, 'streaming') === true)}\n`;
    }
  }
  return out;
}

interface Section {
  title?: string;
  values: Array<{ description: string; key?: string; format?: 'dictionary' | 'http_body' }>;
}

const SECTIONS: Record<string, Section> = {
  CLI_VERSION: { title: 'AWS CLI command entered', values: [{ description: 'with AWS CLI version' }] },
  CLI_ARGUMENTS: { values: [{ description: 'with arguments' }] },
  API_CALL: {
    title: 'API call made',
    values: [
      { description: 'to service', key: 'service' },
      { description: 'using operation', key: 'operation' },
      { description: 'with parameters', key: 'params', format: 'dictionary' },
    ],
  },
  HTTP_REQUEST: {
    title: 'HTTP request sent',
    values: [
      { description: 'to URL', key: 'url' },
      { description: 'with method', key: 'method' },
      { description: 'with headers', key: 'headers', format: 'dictionary' },
      { description: 'with body', key: 'body', format: 'http_body' },
    ],
  },
  HTTP_RESPONSE: {
    title: 'HTTP response received',
    values: [
      { description: 'with status code', key: 'status_code' },
      { description: 'with headers', key: 'headers', format: 'dictionary' },
      { description: 'with body', key: 'body', format: 'http_body' },
    ],
  },
  PARSED_RESPONSE: { title: 'HTTP response parsed', values: [{ description: 'parsed to', format: 'dictionary' }] },
  CLI_RC: { title: 'AWS CLI command exited', values: [{ description: 'with return code' }] },
};

// colorama's Style.BRIGHT, Fore.CYAN and Style.RESET_ALL.
const BRIGHT = '\x1b[1m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';

function formatValue(value: unknown, format: Section['values'][number]['format'], streaming: boolean): string {
  if (format === 'dictionary') return pyJsonDumps(value, { indent: 4, sortKeys: true });
  if (format === 'http_body') {
    return typeof value === 'string' || value === null || value === undefined
      ? formatHttpBody(value, streaming)
      : pyText(value);
  }
  return pyText(value);
}

/** Python's str() of a stored value. */
function pyText(value: unknown): string {
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  return typeof value === 'bigint' ? value.toString() : pyStr(value);
}

/** `datetime.fromtimestamp(ms / 1000).strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]`: local time to the millisecond. */
function preciseTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
