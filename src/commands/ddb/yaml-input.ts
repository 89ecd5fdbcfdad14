/**
 * `ddb put`'s items, read as the CLI reads them: YAML 1.2 (so JSON too) with ruamel's safe loader's
 * implicit types, except that floats are exact Decimals (`1.50`, `1e5`) and integers are exact at any
 * size; `!!binary` gives bytes and `!!set` a set. Timestamps load as dates, which cannot be put.
 * Numbers are converted after the parse, so their errors are Python's rather than the parser's.
 */
import { parseDocument, type ScalarTag, type Tags } from 'yaml';
import { IsoawsError } from '../../core/errors.js';
import { parseDecimal, pyInt } from './decimal.js';
import { lenientBase64 } from './lexer.js';
import { PyDate } from './values.js';

/** A plain scalar's text, before it is made a number. */
class Pending {
  constructor(
    readonly kind: 'int' | 'float',
    readonly text: string,
  ) {}
}

const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DATETIME =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$/;

const TAGS: ScalarTag[] = [
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    test: FLOAT,
    resolve: (text) => new Pending('float', text),
  },
  {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    test: INT,
    resolve: (text) => new Pending('int', text),
  },
  {
    tag: 'tag:yaml.org,2002:timestamp',
    default: true,
    test: new RegExp(`${DATE.source}|${DATETIME.source}`),
    resolve: (text) => new PyDate(DATE.test(text) ? 'datetime.date' : 'datetime.datetime', text),
  },
  {
    tag: 'tag:yaml.org,2002:binary',
    default: false,
    // Base64 as Python's b64decode reads it (a block scalar's line breaks are skipped with the rest).
    resolve: (text, onError) => {
      const bytes = lenientBase64(text);
      if (typeof bytes === 'string') onError(bytes);
      return typeof bytes === 'string' ? new Uint8Array() : bytes;
    },
  },
];

/** The core schema's tags with its numbers replaced by exact ones, and timestamps and bytes added. */
function schemaTags(tags: Tags): Tags {
  const replaced = new Set(TAGS.map((t) => t.tag));
  return [...TAGS, ...tags.filter((t) => typeof t === 'string' || !replaced.has(t.tag))];
}

/** The items in `text`: one item, or a list of them (anything else is left for validation to refuse). */
export function loadItems(text: string): unknown[] {
  const doc = parseDocument(text, { schema: 'core', customTags: schemaTags, merge: true, prettyErrors: false });
  if (doc.errors.length) throw new IsoawsError(doc.errors[0]!.message);
  const items = resolveNumbers(doc.toJS({ maxAliasCount: -1 }));
  return Array.isArray(items) ? items : [items];
}

/** Pending numbers made exact, as ruamel constructs them: `int()` for integers, `Decimal()` for floats. */
function resolveNumbers(value: unknown): unknown {
  if (value instanceof Pending) return value.kind === 'float' ? parseDecimal(value.text) : pyInt(intValue(value.text));
  if (Array.isArray(value)) return value.map(resolveNumbers);
  if (value instanceof Set) return new Set([...(value as Set<unknown>)].map(resolveNumbers));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof PyDate)) {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = resolveNumbers(obj[k]);
  }
  return value ?? null;
}

/** ruamel's construct_yaml_int for YAML 1.2: underscores dropped, then `int()` (which reads `0b`, `0o`, `0x`). */
function intValue(text: string): bigint {
  const digits = text.replaceAll('_', '');
  const negative = digits.startsWith('-');
  const magnitude = BigInt(digits.replace(/^[-+]/, ''));
  return negative ? -magnitude : magnitude;
}
