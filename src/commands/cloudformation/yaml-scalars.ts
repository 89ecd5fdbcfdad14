/**
 * What a plain YAML scalar means to the AWS CLI's template reader and writer (its yamlhelper.py over
 * ruamel.yaml's safe loader and dumper): ruamel's YAML 1.2 implicit resolvers (ints with `0o`/`0x`/`0b`
 * and `_`, floats, `~`/`null`, timestamps, `<<`, `=`) plus the YAML 1.1 booleans the CLI adds
 * (`yes`/`no`/`on`/`off`, as CloudFormation reads them). The reader turns a plain scalar into the value
 * it resolves to; the writer quotes any string that would read back as something else. Each pattern is
 * tried only for the first characters ruamel lists for it, as its resolver does.
 */
import { IsoawsError } from '../../core/errors.js';

/** The kinds of value a plain scalar can resolve to (ruamel's implicit tags, without the prefix). */
export type PlainKind = 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' | 'merge' | 'value' | 'yaml';

/** A YAML timestamp as the CLI holds it (a Python date or naive UTC datetime), by its `isoformat` text. */
export class YamlTimestamp {
  constructor(readonly text: string) {}
}

const RESOLVERS: Array<{ kind: PlainKind; pattern: RegExp; first: string }> = [
  { kind: 'bool', pattern: /^(?:true|True|TRUE|false|False|FALSE)$/, first: 'tTfF' },
  {
    kind: 'float',
    pattern:
      /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    first: '-+0123456789.',
  },
  {
    kind: 'int',
    pattern: /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
    first: '-+0123456789',
  },
  { kind: 'merge', pattern: /^(?:<<)$/, first: '<' },
  { kind: 'null', pattern: /^(?:~|null|Null|NULL|)$/, first: '~nN' },
  {
    kind: 'timestamp',
    pattern:
      /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
    first: '0123456789',
  },
  { kind: 'value', pattern: /^(?:=)$/, first: '=' },
  { kind: 'yaml', pattern: /^(?:!|&|\*)$/, first: '!&*' },
  // The CLI's own addition (yamlhelper's _add_yaml_1_1_boolean_resolvers).
  {
    kind: 'bool',
    pattern: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    first: 'yYnNtTfFoO',
  },
];

/** What `text`, written as a plain scalar, would be read as. */
export function plainKind(text: string): PlainKind {
  // The empty scalar is looked up under '' (null's list holds it); others under their first character.
  const first = text === '' ? '' : text[0]!;
  for (const r of RESOLVERS) {
    const applies = first === '' ? r.kind === 'null' : r.first.includes(first);
    if (applies && r.pattern.test(text)) return r.kind;
  }
  return 'str';
}

/** A YAML 1.2 int as ruamel constructs it: `_` dropped, `0b`/`0o`/`0x` prefixes, decimal otherwise. */
export function yamlInt(text: string): bigint {
  let digits = text.replaceAll('_', '');
  const negative = digits.startsWith('-');
  if (digits.startsWith('-') || digits.startsWith('+')) digits = digits.slice(1);
  const base = { b: 2, o: 8, x: 16 }[/^0([box])/.exec(digits)?.[1] ?? ''] ?? 10;
  const body = base === 10 ? digits : digits.slice(2);
  // Python's int() refuses what has no digits left (`0x_`), in its own words.
  if (!body) throw new IsoawsError(`invalid literal for int() with base ${base}: ''`);
  const value = BigInt(base === 10 ? body.replace(/^0+(?=.)/, '') : digits);
  return negative ? -value : value;
}

/** A YAML float as ruamel constructs it (`_` dropped, `.inf`, `.nan`). */
export function yamlFloat(text: string): number {
  let digits = text.replaceAll('_', '').toLowerCase();
  const sign = digits.startsWith('-') ? -1 : 1;
  if (digits.startsWith('-') || digits.startsWith('+')) digits = digits.slice(1);
  if (digits === '.inf') return sign * Infinity;
  if (digits === '.nan') return NaN;
  return sign * Number(digits);
}

const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

/**
 * A timestamp as ruamel's create_timestamp builds it, written as Python's `isoformat` writes it: a date
 * alone stays a date (`2010-09-09`); a time makes a naive datetime moved to UTC, microseconds rounded at
 * the seventh digit (`2001-12-15 02:59:43.100000`). Out-of-range fields fail with Python's words.
 */
export function yamlTimestamp(text: string): YamlTimestamp {
  const m = TIMESTAMP.exec(text);
  if (!m) throw new IsoawsError(`failed to construct timestamp from "${text}"`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (year! < 1) throw new IsoawsError(`year ${year} is out of range`);
  if (month! < 1 || month! > 12) throw new IsoawsError('month must be in 1..12');
  if (day! < 1 || day! > daysIn(year!, month!)) throw new IsoawsError('day is out of range for month');
  if (m[4] === undefined) return new YamlTimestamp(`${pad(year!, 4)}-${pad(month!, 2)}-${pad(day!, 2)}`);
  for (const [value, name, max] of [
    [hour!, 'hour', 23],
    [minute!, 'minute', 59],
    [second!, 'second', 59],
  ] as const)
    if (value > max) throw new IsoawsError(`${name} must be in 0..${max}`);
  let micro = 0;
  let carry = 0;
  if (m[7]) {
    let frac = Number(m[7].slice(0, 6).padEnd(6, '0'));
    if (m[7].length > 6 && Number(m[7][6]) > 4) frac += 1;
    // A fraction that rounds to a whole second: ruamel drops it and moves the time by a second.
    if (frac > 999_999) carry = 1;
    else micro = frac;
  }
  // ruamel subtracts delta = ±(offset + carry) for an offset, and -carry without one.
  let shift = carry;
  if (m[9]) {
    const offset = Number(m[10]) * 3600 + Number(m[11] ?? 0) * 60 + carry;
    shift = m[9] === '-' ? offset : -offset;
  }
  const at = new Date(0);
  at.setUTCFullYear(year!, month! - 1, day!);
  at.setUTCHours(hour!, minute!, second! + shift);
  const date = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1, 2)}-${pad(at.getUTCDate(), 2)}`;
  const time = `${pad(at.getUTCHours(), 2)}:${pad(at.getUTCMinutes(), 2)}:${pad(at.getUTCSeconds(), 2)}`;
  return new YamlTimestamp(`${date} ${time}${micro ? `.${pad(micro, 6)}` : ''}`);
}

function daysIn(year: number, month: number): number {
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  return last.getUTCDate();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
