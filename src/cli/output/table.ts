/**
 * `--output table`, laid out as the AWS CLI's table.py and TableFormatter do: a section per dict or
 * list of dicts, titled by the operation or key, nested sections indented with `|`, columns sized to
 * their widest cell (East Asian wide and ambiguous characters count two) and scaled to the widest
 * section, and the whole table turned vertical when it would not fit the terminal.
 */
import { WIDE_RANGES } from './east-asian-width.js';
import { isScalar, pyStr } from './py-values.js';
import { groupScalarKeys, sortedOnce } from './keys.js';

export interface TableOptions {
  /** Columns of the terminal; the CLI uses 80 when stdout is not a terminal. */
  terminalWidth: number;
  /** ANSI colours on row values and indentation (`--color on`, or `auto` on a terminal). */
  color: boolean;
}

interface Section {
  title: string;
  headers: string[];
  rows: string[][];
  indent: number;
  maxWidths: number[];
  numCols?: number;
  /** Shown as header/value rows: a one-row section when the table is too wide for the terminal. */
  vertical?: boolean;
}

/** The table in pieces of about this many characters, written as they are made rather than kept. */
const CHUNK = 1 << 16;

export function* tableChunks(title: string, value: unknown, opts: TableOptions): Generator<string> {
  const table = new MultiTable();
  if (buildTable(table, title, value, 0)) yield* table.render(opts);
}

function buildTable(table: MultiTable, title: string | undefined, current: unknown, indent: number): boolean {
  if (isFalsy(current)) return false;
  if (title !== undefined) table.newSection(title, indent);
  if (Array.isArray(current)) {
    if (isDict(current[0])) {
      subTableFromList(table, current as Array<Record<string, unknown>>, indent, title);
    } else {
      for (const item of current) {
        if (isScalar(item)) table.addRow([item]);
        else if (Array.isArray(item) && item.every(isScalar)) table.addRow(item);
        else if (isDict(item)) table.addRow(Object.keys(item));
        else buildTable(table, undefined, item, 0);
      }
    }
  }
  if (isDict(current)) subTableFromDict(table, current, indent);
  return true;
}

function subTableFromDict(table: MultiTable, current: Record<string, unknown>, indent: number): void {
  const [headers, more] = groupScalarKeys(current);
  if (headers.length === 1) {
    table.addRow([headers[0], current[headers[0]!]]);
  } else if (headers.length) {
    table.addHeader(headers);
    table.addRow(headers.map((k) => current[k]));
  }
  for (const key of more) buildTable(table, key, current[key], indent + 1);
}

function subTableFromList(
  table: MultiTable,
  current: Array<Record<string, unknown>>,
  indent: number,
  title: string | undefined,
): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  let previous: [string[], string[]] | undefined;
  for (const item of current) {
    const group = groupScalarKeys(item);
    if (group === previous) continue;
    previous = group;
    for (const k of group[0]) headerSet.add(k);
    for (const k of group[1]) moreSet.add(k);
  }
  const headers = sortedOnce([...headerSet]);
  const more = sortedOnce([...moreSet]);
  table.addHeader(headers);
  let first = true;
  for (const element of current) {
    if (!first && more.length) {
      table.newSection(title ?? '', indent);
      table.addHeader(headers);
    }
    first = false;
    table.addRow(headers.map((h) => (h in element ? element[h] : '')));
    for (const key of more) if (key in element) buildTable(table, key, element[key], indent + 1);
  }
}

function isDict(value: unknown): value is Record<string, unknown> {
  return !isScalar(value) && !Array.isArray(value);
}

/** Python's truthiness for the values a response holds. */
function isFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isDict(value)) return Object.keys(value).length === 0;
  return false;
}

class MultiTable {
  private sections: Section[] = [];
  private current: Section | undefined;

  newSection(title: string, indent: number): void {
    this.current = { title, headers: [], rows: [], indent, maxWidths: [] };
    this.sections.push(this.current);
  }

  addHeader(headers: string[]): void {
    const s = this.section();
    updateWidths(s, headers);
    s.numCols ??= headers.length;
    s.headers = headers;
  }

  addRow(values: unknown[]): void {
    const s = this.section();
    s.numCols ??= values.length;
    const row = values.map(pyStr);
    s.rows.push(row);
    updateWidths(s, row);
  }

  private section(): Section {
    if (!this.current) this.newSection('', 0);
    return this.current!;
  }

  *render(opts: TableOptions): Generator<string> {
    let maxWidth = this.maxWidth();
    if (maxWidth > opts.terminalWidth) {
      for (const s of this.sections) toVertical(s);
      maxWidth = this.maxWidth();
    }
    const styleRow = (t: string) => (opts.color ? `\x1b[1m\x1b[34m${t}\x1b[0m` : t);
    const edge = opts.color ? '\x1b[2m\x1b[33m|\x1b[0m' : '|';
    const layouts: Layouts = new Map();
    let out = `${'-'.repeat(maxWidth)}\n`;
    for (const section of this.sections) {
      const indent = edge.repeat(section.indent);
      const width = maxWidth - section.indent * 2;
      const empty = section.vertical ? !section.maxWidths.length : !section.headers.length && !section.rows.length;
      if (section.title) {
        out += `${indent}${centerText(section.title, width, '|', '|')}${indent}\n`;
        if (empty) out += `${indent}+${'-'.repeat(width - 2)}+${indent}\n`;
      }
      if (empty) continue;
      const { widths, rule } = layout(layouts, section, width, indent);
      if (!widths.length) continue;
      const row = (cells: (i: number) => string) => {
        let line = indent;
        for (let i = 0; i < widths.length; i++)
          line += alignLeft(cells(i), widths[i]!, i === 0 ? '|' : '', '|', styleRow);
        return `${line}${indent}\n`;
      };
      if (section.vertical) {
        const values = section.rows[0]!;
        out += rule;
        for (let k = 0; k < section.headers.length && k < values.length; k++)
          out += row((i) => (i === 0 ? section.headers[k]! : values[k]!));
        out += rule;
      } else {
        if (section.headers.length) {
          let line = indent;
          for (let i = 0; i < section.headers.length; i++)
            line += centerText(section.headers[i]!, widths[i]!, i === 0 ? '|' : '', '|');
          out += `${rule}${line}${indent}\n`;
        }
        if (section.rows.length) {
          out += rule;
          for (const cells of section.rows) out += row((i) => cells[i]!);
          out += rule;
        }
      }
      if (out.length >= CHUNK) {
        yield out;
        out = '';
      }
    }
    yield out;
  }

  private maxWidth(): number {
    let max = 0;
    for (const s of this.sections) max = Math.max(max, totalWidth(s));
    return max;
  }
}

function updateWidths(s: Section, row: string[]): void {
  if (!s.maxWidths.length) {
    s.maxWidths = row.map(textLength);
  } else {
    row.forEach((el, i) => {
      s.maxWidths[i] = Math.max(textLength(el), s.maxWidths[i] ?? 0);
    });
  }
}

/** A one-row section with headers turns into header/value rows (what the CLI does when the table is too wide). */
function toVertical(s: Section): void {
  if (s.rows.length !== 1 || !s.headers.length) return;
  const values = s.rows[0]!;
  let keyWidth = 0;
  let valueWidth = 0;
  for (let i = 0; i < s.headers.length && i < values.length; i++) {
    keyWidth = Math.max(keyWidth, textLength(s.headers[i]!));
    valueWidth = Math.max(valueWidth, textLength(values[i]!));
  }
  s.vertical = true;
  s.maxWidths = values.length ? [keyWidth, valueWidth] : [];
}

function totalWidth(s: Section): number {
  const padding = 4;
  let total = s.maxWidths.reduce((sum, w) => sum + w + padding, 0);
  total += 2 + s.indent * 2;
  return Math.max(textLength(s.title) + 2 + s.indent * 2, total);
}

type Layouts = Map<string, { widths: number[]; rule: string }>;

/** Column widths and the rule line between header and rows, made once for the many sections that share them. */
function layout(layouts: Layouts, s: Section, width: number, indent: string): { widths: number[]; rule: string } {
  const key = `${width}|${indent}|${s.maxWidths.join(',')}`;
  let known = layouts.get(key);
  if (!known) {
    const widths = columnWidths(s, width);
    layouts.set(key, (known = { widths, rule: widths.length ? `${indent}${lineBreak(widths)}${indent}\n` : '' }));
  }
  return known;
}

/** Column widths scaled to fill `maxWidth`, rounding errors given back left to right (or taken right to left). */
function columnWidths(s: Section, maxWidth: number): number[] {
  const unscaled = s.maxWidths.map((w) => w + 4);
  if (!unscaled.length) return unscaled;
  const factor = maxWidth / unscaled.reduce((a, b) => a + b, 0);
  const scaled = unscaled.map((w) => pyRound(factor * w));
  let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
  while (offBy !== 0) {
    const order = [...scaled.keys()];
    if (offBy < 0) order.reverse();
    for (const i of order) {
      if (offBy > 0) {
        scaled[i]!--;
        offBy--;
      } else {
        scaled[i]!++;
        offBy++;
      }
      if (offBy === 0) break;
    }
  }
  return scaled;
}

/** Python 3's round(): halves go to the even neighbour. */
function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function centerText(text: string, length: number, left: string, right: string): string {
  const len = textLength(text);
  const start = Math.floor(length / 2) - Math.floor(len / 2) - 1;
  const soFar = left.length + start + len;
  return `${left}${spaces(start)}${text}${spaces(length - right.length - soFar)}${right}`;
}

function alignLeft(text: string, length: number, left: string, right: string, style: (t: string) => string): string {
  const len = textLength(text);
  const padding = length - (len + 2 + left.length + right.length) >= 0 ? 2 : 0;
  const soFar = left.length + padding + len;
  return `${left}${spaces(padding)}${style(text)}${spaces(length - soFar - right.length)}${right}`;
}

const SPACES: string[] = [];

/** n spaces (none for n ≤ 0, as Python's ' ' * n), reused across the many cells of a table. */
function spaces(n: number): string {
  if (n <= 0) return '';
  return n < 256 ? (SPACES[n] ??= ' '.repeat(n)) : ' '.repeat(n);
}

function lineBreak(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(w - 2)}+` : `${'-'.repeat(w - 1)}+`)).join('');
}

let wide: Uint32Array | undefined;

/** Display columns of `text`: two for East Asian wide, full-width and ambiguous characters. */
export function textLength(text: string): number {
  wide ??= Uint32Array.from(
    WIDE_RANGES.split(',').flatMap((r) => {
      const [a, b = a] = r.split('-');
      return [parseInt(a!, 16), parseInt(b!, 16)];
    }),
  );
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xa1) {
      n++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    n += isWide(wide, cp) ? 2 : 1;
  }
  return n;
}

function isWide(ranges: Uint32Array, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid * 2]!) hi = mid - 1;
    else if (cp > ranges[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}
