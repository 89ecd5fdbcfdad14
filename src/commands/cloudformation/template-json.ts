/**
 * A template written as JSON the way `cloudformation package --use-json` writes it: Python's
 * `json.dumps(template, indent=4, ensure_ascii=False)` — key order as held, keys that are not text
 * written as Python writes them (`1`, `true`, `null`), floats in Python's repr, non-ASCII kept.
 * One deliberate difference: a YAML timestamp (an unquoted `Version: 2012-10-17` in a policy) is written
 * as its text, where the AWS CLI fails with "Object of type date is not JSON serializable".
 */
import { pyFloatRepr } from '../../cli/output/py-values.js';
import { isTemplateMap, type TemplateKey, type TemplateMap, type TemplateValue } from './template.js';
import { YamlTimestamp } from './yaml-scalars.js';

export function dumpTemplateJson(template: TemplateMap): string {
  return write(template, '');
}

function write(value: TemplateValue, pad: string): string {
  const inner = `${pad}    `;
  if (isTemplateMap(value)) {
    if (!value.size) return '{}';
    const entries = [...value].map(([k, v]) => `${inner}${quote(keyText(k))}: ${write(v, inner)}`);
    return `{\n${entries.join(',\n')}\n${pad}}`;
  }
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${pad}]`;
  }
  if (typeof value === 'string') return quote(value);
  if (value instanceof YamlTimestamp) return quote(value.text);
  return scalarText(value);
}

/** A key as json.dumps turns it into text: strings as they are, other scalars as their JSON spelling. */
function keyText(key: TemplateKey): string {
  if (typeof key === 'string') return key;
  if (key instanceof YamlTimestamp) return key.text;
  return scalarText(key);
}

function scalarText(value: Exclude<TemplateKey, string | YamlTimestamp>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(value);
}

/** Python's `ensure_ascii=False` string: only `"`, `\` and control characters escaped. */
function quote(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += JSON_ESCAPES[c] ?? (code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : c);
  }
  return `${out}"`;
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
