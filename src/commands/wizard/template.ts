/**
 * The small languages of the AWS CLI's wizard definitions (its wizard/core.py), pure: a `template`
 * value's `{% if a == b %}…{% endif %}` blocks and Python `str.format_map` fields, the `{name}` references
 * of step parameters (VariableResolver) with the `__wizard__:File` function, `condition`s, `datatype`s,
 * and merge-dict's deep merge. Values are looked up through `Lookup`, which may compute them (an API
 * call), so everything here is asynchronous.
 */
import { IsoawsError } from '../../core/errors.js';
import { pyStr } from '../../core/query/python-text.js';

/** A wizard value by name; throws MissingValueError when it has none (Python's KeyError). */
export type Lookup = (name: string) => Promise<unknown>;

/** A name the wizard has no value for: a prompt not asked (its condition did not hold) or no such name. */
export class MissingValueError extends IsoawsError {
  override name = 'MissingValueError';
  constructor(readonly valueName: string) {
    super(`The wizard has no value for '${valueName}'`);
  }
}

/** A `{% if %}` block, as the CLI's TemplateStep.CONDITION_PATTERN (DOTALL, MULTILINE, IGNORECASE) matches it. */
const CONDITION_BLOCK = /(?:^[ \t]*)?\{%\s*if\s+(.+?)\s+%\}(?:\s*[$|\n])?(.+?)[ \t]*\{%\s*endif\s*%\}[$|\n]?/gims;

/** A template step's text: the blocks whose condition holds kept, then its fields filled in. */
export async function renderTemplate(text: string, lookup: Lookup): Promise<string> {
  let kept = '';
  let last = 0;
  for (const match of text.matchAll(CONDITION_BLOCK)) {
    kept += text.slice(last, match.index) + ((await conditionHolds(match[1]!, lookup)) ? match[2]! : '');
    last = match.index + match[0].length;
  }
  return formatFields(kept + text.slice(last), lookup);
}

/**
 * `a == b` or `a != b` after filling in the fields (left as written when one has no value), both sides
 * compared as stripped text; a condition without either operator holds.
 */
async function conditionHolds(condition: string, lookup: Lookup): Promise<boolean> {
  const trimmed = condition.trim();
  for (const operator of ['==', '!=']) {
    if (!trimmed.includes(operator)) continue;
    const resolved = await formatFields(trimmed, lookup).catch((err: unknown) => {
      if (err instanceof MissingValueError) return trimmed;
      throw err;
    });
    const at = resolved.indexOf(operator);
    const equal = resolved.slice(0, at).trim() === resolved.slice(at + operator.length).trim();
    return operator === '==' ? equal : !equal;
  }
  return true;
}

/** Python's `str.format_map` for plain `{name}` fields and the `{{`/`}}` escapes; values as Python's str(). */
export async function formatFields(text: string, lookup: Lookup): Promise<string> {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' && text[i + 1] === '{') {
      out += '{';
      i++;
    } else if (c === '}' && text[i + 1] === '}') {
      out += '}';
      i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i);
      const field = end < 0 ? '' : text.slice(i + 1, end);
      if (!/^\w+$/.test(field))
        throw new IsoawsError(`Unsupported field in wizard template: ${text.slice(i, end + 1)}`);
      out += pyStr(await lookup(field));
      i = end;
    } else if (c === '}') {
      throw new IsoawsError("Single '}' encountered in format string");
    } else {
      out += c;
    }
  }
  return out;
}

/** What a step parameter's references resolve to, and how `__wizard__:File` reads a file. */
export interface ResolveOptions {
  lookup: Lookup;
  readFile(path: string): Promise<Uint8Array>;
}

const REFERENCE = /^\{(.*?)\}$/;

/**
 * A step's parameters with every string that is exactly `{name}` replaced by that value (any type), in
 * lists and mappings alike; a mapping whose only key is `__wizard__:File` becomes the bytes of its `path`.
 */
export async function resolveVariables(value: unknown, opts: ResolveOptions): Promise<unknown> {
  if (typeof value === 'string') {
    const ref = REFERENCE.exec(value);
    return ref ? opts.lookup(ref[1]!) : value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) out.push(await resolveVariables(item, opts));
    return out;
  }
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = await resolveVariables(item, opts);
    const keys = Object.keys(out);
    if (keys.length === 1 && keys[0] === '__wizard__:File') {
      const path = (out[keys[0]] as Record<string, unknown> | undefined)?.path;
      return opts.readFile(String(path));
    }
    return out;
  }
  return value;
}

/** One `condition` entry: `{variable, equals}`; a list of them must all hold. */
export interface Condition {
  variable: string;
  equals?: unknown;
}

/** Whether `condition` holds: each entry's variable (None when it has no value) equals its `equals`. */
export async function conditionMet(condition: Condition | Condition[], lookup: Lookup): Promise<boolean> {
  for (const single of Array.isArray(condition) ? condition : [condition]) {
    if (!('equals' in single)) return false;
    const value = await lookup(single.variable).catch((err: unknown) => {
      if (err instanceof MissingValueError) return null;
      throw err;
    });
    if (!pyEquals(value, single.equals)) return false;
  }
  return true;
}

/** Python's `==` for the plain values wizards hold (None being null). */
function pyEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || b === null) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A prompt's `datatype`: the answer converted as Python's int(), float(), str() and the CLI's bool. */
export function convertDatatype(datatype: string, answer: string): unknown {
  const invalid = () => new IsoawsError(`Invalid value ${answer} for datatype ${datatype}`);
  switch (datatype) {
    case 'int': {
      if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(answer)) throw invalid();
      return Number(answer.trim().replace(/_/g, ''));
    }
    case 'float': {
      const text = answer.trim().replace(/_/g, '');
      const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
      if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) throw invalid();
      return Number(text);
    }
    case 'str':
      return answer;
    case 'bool':
      return answer.toLowerCase() === 'true';
    default:
      throw new IsoawsError(`Unknown datatype ${datatype} in wizard definition`);
  }
}

/** merge-dict's deep merge: lists concatenated, mappings merged key by key, anything else replaced. */
export function deepMerge(original: unknown, overlay: unknown): unknown {
  if (Array.isArray(original) && Array.isArray(overlay)) return [...original, ...overlay];
  if (isMapping(original) && isMapping(overlay)) {
    const result: Record<string, unknown> = { ...original };
    for (const [key, value] of Object.entries(overlay))
      result[key] = key in original ? deepMerge(original[key], value) : value;
    return result;
  }
  return overlay;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
