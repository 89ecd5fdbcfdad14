/**
 * `--output table`, laid out as the AWS CLI's table.py and TableFormatter do: a section per dict or
 * list of dicts, titled by the operation or key, nested sections indented with `|`, columns sized to
 * their widest cell (East Asian wide and ambiguous characters count two) and scaled to the widest
 * section, and the whole table turned vertical when it would not fit the terminal.
 */
import { WIDE_RANGES } from './east-asian-width.js';
import { isScalar, pyStr } from './py-values.js';
import { pyCompare } from './text.js';

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
}

export function formatTable(title: string, value: unknown, opts: TableOptions): string {
  const table = new MultiTable();
  if (!buildTable(table, title, value, 0)) return '';
  return table.render(opts);
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

function subTableFromList(table: MultiTable, current: Array<Record<string, unknown>>, indent: number, title: string | undefined): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  for (const item of current) {
    const [h, m] = groupScalarKeys(item);
    h.forEach((k) => headerSet.add(k));
    m.forEach((k) => moreSet.add(k));
  }
  const headers = [...headerSet].sort(pyCompare);
  const more = [...moreSet].sort(pyCompare);
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

function groupScalarKeys(current: Record<string, unknown>): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const key of Object.keys(current)) (isScalar(current[key]) ? headers : more).push(key);
  return [headers.sort(pyCompare), more.sort(pyCompare)];
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

  render(opts: TableOptions): string {
    let maxWidth = this.maxWidth();
    if (maxWidth > opts.terminalWidth) {
      this.sections = this.sections.map(toVertical);
      maxWidth = this.maxWidth();
    }
    const styleRow = (t: string) => (opts.color ? `\x1b[1m\x1b[34m${t}\x1b[0m` : t);
    const edge = opts.color ? '\x1b[2m\x1b[33m|\x1b[0m' : '|';
    // One line at a time into a list that is joined once: millions of tiny pieces cost more to join.
    const lines: string[] = ['-'.repeat(maxWidth)];
    for (const section of this.sections) {
      const indent = edge.repeat(section.indent);
      const width = maxWidth - section.indent * 2;
      if (section.title) {
        lines.push(indent + centerText(section.title, width, '|', '|') + indent);
        if (!section.headers.length && !section.rows.length) lines.push(`${indent}+${'-'.repeat(width - 2)}+${indent}`);
      }
      if (!section.headers.length && !section.rows.length) continue;
      const widths = columnWidths(section, width);
      if (!widths.length) continue;
      const rule = indent + lineBreak(widths) + indent;
      if (section.headers.length) {
        let line = indent;
        for (let i = 0; i < section.headers.length; i++) line += centerText(section.headers[i]!, widths[i]!, i === 0 ? '|' : '', '|');
        lines.push(rule, line + indent);
      }
      if (section.rows.length) {
        lines.push(rule);
        for (const row of section.rows) {
          let line = indent;
          for (let i = 0; i < widths.length; i++) line += alignLeft(row[i]!, widths[i]!, i === 0 ? '|' : '', '|', styleRow);
          lines.push(line + indent);
        }
        lines.push(rule);
      }
    }
    lines.push('');
    return lines.join('\n');
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
    row.forEach((el, i) => { s.maxWidths[i] = Math.max(textLength(el), s.maxWidths[i] ?? 0); });
  }
}

/** A one-row section with headers becomes header/value rows (what the CLI does when the table is too wide). */
function toVertical(s: Section): Section {
  if (s.rows.length !== 1 || !s.headers.length) return s;
  const v: Section = { title: s.title, headers: [], rows: [], indent: s.indent, maxWidths: [] };
  s.headers.forEach((h, i) => {
    if (i >= s.rows[0]!.length) return;
    const row = [h, s.rows[0]![i]!];
    v.rows.push(row);
    updateWidths(v, row);
  });
  return v;
}

function totalWidth(s: Section): number {
  const padding = 4;
  let total = s.maxWidths.reduce((sum, w) => sum + w + padding, 0);
  total += 2 + s.indent * 2;
  return Math.max(textLength(s.title) + 2 + s.indent * 2, total);
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
      if (offBy > 0) { scaled[i]!--; offBy--; } else { scaled[i]!++; offBy++; }
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
  wide ??= Uint32Array.from(WIDE_RANGES.split(',').flatMap((r) => {
    const [a, b = a] = r.split('-');
    return [parseInt(a!, 16), parseInt(b!, 16)];
  }));
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xa1) { n++; continue; }
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
