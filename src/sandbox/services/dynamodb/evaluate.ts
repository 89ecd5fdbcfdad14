/**
 * The expressions' meaning over an item: document paths resolved, conditions evaluated (a missing
 * attribute makes a comparison false, as in DynamoDB), update actions applied, projections taken.
 */
import type { Condition, Operand, Path, UpdateAction } from './expressions.js';
import { typeName, validation } from './expressions.js';
import {
  addDecimals,
  canonical,
  compareBytes,
  compareScalars,
  formatDecimal,
  negate,
  parseDecimal,
  setMemberKey,
  TYPES,
  typeOf,
  valuesEqual,
  type AttributeValue,
  type Item,
} from './values.js';

function resolve(item: Item, path: Path): AttributeValue | undefined {
  let current: AttributeValue | undefined = { M: item };
  for (const element of path) {
    if (typeof element === 'string') current = current.M?.[element];
    else current = current.L?.[element];
    if (current === undefined) return undefined;
  }
  return current;
}

/** A value's size for `size()`: characters of a string, bytes of binary, members of a set, list or map. */
function sizeOf(value: AttributeValue): number | undefined {
  if (value.S !== undefined) return [...value.S].length;
  if (value.B !== undefined) return value.B.length;
  const members = value.SS ?? value.NS ?? value.BS ?? value.L;
  if (members) return members.length;
  if (value.M) return Object.keys(value.M).length;
  return undefined;
}

function operandValue(item: Item, operand: Operand): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return resolve(item, operand.path);
    case 'value':
      return operand.value;
    case 'size': {
      const value = resolve(item, operand.path);
      const size = value && sizeOf(value);
      return size === undefined ? undefined : { N: String(size) };
    }
    default:
      // The parser admits the update functions only in SET actions.
      throw new Error(`${operand.kind} outside an update`);
  }
}

function ordered(a: AttributeValue | undefined, b: AttributeValue | undefined): number | undefined {
  if (!a || !b) return undefined;
  const t = typeOf(a);
  if (t !== typeOf(b) || !['S', 'N', 'B'].includes(t)) return undefined;
  return compareScalars(a, b);
}

export function evaluate(item: Item, condition: Condition, what: string): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(item, condition.left, what) && evaluate(item, condition.right, what);
    case 'or':
      return evaluate(item, condition.left, what) || evaluate(item, condition.right, what);
    case 'not':
      return !evaluate(item, condition.operand, what);
    case 'compare': {
      const [a, b] = [operandValue(item, condition.left), operandValue(item, condition.right)];
      if (condition.op === '=') return a !== undefined && b !== undefined && valuesEqual(a, b);
      if (condition.op === '<>') return a === undefined || b === undefined || !valuesEqual(a, b);
      const order = ordered(a, b);
      if (order === undefined) return false;
      return { '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[condition.op];
    }
    case 'between': {
      const [value, low, high] = [condition.operand, condition.low, condition.high].map((o) => operandValue(item, o));
      const bounds = ordered(low, high);
      if (bounds !== undefined && bounds > 0)
        throw validation(
          `Invalid ${what}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {${typeOf(low!)}:${String(low![typeOf(low!)])}}, upper bound operand: AttributeValue: {${typeOf(high!)}:${String(high![typeOf(high!)])}}`,
        );
      const above = ordered(value, low);
      const below = ordered(value, high);
      return above !== undefined && below !== undefined && above >= 0 && below <= 0;
    }
    case 'in': {
      const value = operandValue(item, condition.operand);
      return (
        value !== undefined &&
        condition.list.some((o) => {
          const other = operandValue(item, o);
          return other !== undefined && valuesEqual(value, other);
        })
      );
    }
    case 'function':
      return evaluateFunction(item, condition, what);
  }
}

function evaluateFunction(item: Item, condition: Extract<Condition, { kind: 'function' }>, what: string): boolean {
  const [target, argument] = condition.args.map((o) => operandValue(item, o));
  switch (condition.name) {
    case 'attribute_exists':
      return target !== undefined;
    case 'attribute_not_exists':
      return target === undefined;
    case 'attribute_type': {
      const type = argument?.S;
      if (argument && (type === undefined || !(TYPES as readonly string[]).includes(type)))
        throw validation(
          `Invalid ${what}: Invalid attribute type name found; type: ${type ?? typeName(argument)}, valid types: { S,SS,N,NS,B,BS,BOOL,NULL,L,M }`,
        );
      return target !== undefined && typeOf(target) === type;
    }
    case 'begins_with':
      if (target?.S !== undefined && argument?.S !== undefined) return target.S.startsWith(argument.S);
      if (target?.B !== undefined && argument?.B !== undefined)
        return compareBytes(target.B.subarray(0, argument.B.length), argument.B) === 0;
      return false;
    case 'contains': {
      if (!target || !argument) return false;
      if (target.S !== undefined) return argument.S !== undefined && target.S.includes(argument.S);
      if (target.L) return target.L.some((e) => valuesEqual(e, argument));
      const setType = typeOf(target);
      const members = target.SS ?? target.NS ?? target.BS;
      const memberType = setType.slice(0, 1) as 'S' | 'N' | 'B';
      if (!members || argument[memberType] === undefined) return false;
      const wanted = setMemberKey(setType, argument[memberType]);
      return members.some((m) => setMemberKey(setType, m) === wanted);
    }
  }
}

// ---- updates ----

const NO_ATTRIBUTE = 'The provided expression refers to an attribute that does not exist in the item';
const WRONG_TYPE = 'An operand in the update expression has an incorrect data type';
const BAD_PATH = 'The document path provided in the update expression is invalid for update';

function updateValue(item: Item, operand: Operand): AttributeValue {
  switch (operand.kind) {
    case 'if_not_exists':
      return resolve(item, operand.path) ?? updateValue(item, operand.fallback);
    case 'list_append': {
      const [a, b] = [updateValue(item, operand.left), updateValue(item, operand.right)];
      if (!a.L || !b.L) throw validation(WRONG_TYPE);
      return { L: [...a.L, ...b.L] };
    }
    case 'arithmetic': {
      const [a, b] = [updateValue(item, operand.left), updateValue(item, operand.right)];
      if (a.N === undefined || b.N === undefined) throw validation(WRONG_TYPE);
      const right = parseDecimal(b.N)!;
      return { N: formatDecimal(addDecimals(parseDecimal(a.N)!, operand.op === '+' ? right : negate(right))) };
    }
    default: {
      const value = operandValue(item, operand);
      if (value === undefined) throw validation(NO_ATTRIBUTE);
      return value;
    }
  }
}

/** The container a path's last element lives in, or undefined if the path does not reach that far. */
function parentOf(item: Item, path: Path): AttributeValue | undefined {
  return resolve(item, path.slice(0, -1)) ?? (path.length === 1 ? { M: item } : undefined);
}

function assign(item: Item, path: Path, value: AttributeValue): void {
  if (path.length === 1) {
    item[path[0] as string] = value;
    return;
  }
  const parent = resolve(item, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (typeof last === 'string' && parent?.M) parent.M[last] = value;
  // An index past a list's end appends, as in DynamoDB.
  else if (typeof last === 'number' && parent?.L) parent.L[Math.min(last, parent.L.length)] = value;
  else throw validation(BAD_PATH);
}

function remove(item: Item, path: Path): void {
  const parent = parentOf(item, path);
  const last = path[path.length - 1]!;
  if (path.length === 1) delete item[last as string];
  else if (typeof last === 'string' && parent?.M) delete parent.M[last];
  else if (typeof last === 'number' && parent?.L && last < parent.L.length) parent.L.splice(last, 1);
}

function mergeSets(existing: AttributeValue, change: AttributeValue, add: boolean): AttributeValue | undefined {
  const type = typeOf(change);
  if (typeOf(existing) !== type) throw validation(WRONG_TYPE);
  const members = existing[type] as Array<string | Uint8Array>;
  const changes = change[type] as Array<string | Uint8Array>;
  const memberKeys = new Set(members.map((m) => setMemberKey(type, m)));
  const changeKeys = new Set(changes.map((m) => setMemberKey(type, m)));
  // Added members go after the ones already there; deleted ones simply drop out.
  const result = add
    ? [...members, ...changes.filter((m) => !memberKeys.has(setMemberKey(type, m)))]
    : members.filter((m) => !changeKeys.has(setMemberKey(type, m)));
  return result.length ? ({ [type]: result } as AttributeValue) : undefined;
}

/**
 * The item after the actions (a new object; `item` is left as it was). Every operand is read from the
 * item as it was before the update, and list elements are removed from the highest index down, so that
 * `REMOVE a[1], a[2]` removes the elements the request named.
 */
export function applyUpdate(item: Item, actions: UpdateAction[]): Item {
  const values = actions.map((a) => (a.kind === 'SET' ? canonical(updateValue(item, a.value)) : undefined));
  const out = structuredClone(item);
  actions.forEach((action, i) => {
    switch (action.kind) {
      case 'SET':
        if (!parentOf(out, action.path)) throw validation(BAD_PATH);
        assign(out, action.path, values[i]!);
        return;
      case 'ADD': {
        const existing = resolve(out, action.path);
        const change = canonical(action.value);
        if (!existing) return assign(out, action.path, change);
        if (change.N !== undefined) {
          if (existing.N === undefined) throw validation(WRONG_TYPE);
          return assign(out, action.path, {
            N: formatDecimal(addDecimals(parseDecimal(existing.N)!, parseDecimal(change.N)!)),
          });
        }
        return assign(out, action.path, mergeSets(existing, change, true)!);
      }
      case 'DELETE': {
        const existing = resolve(out, action.path);
        if (!existing) return;
        const left = mergeSets(existing, canonical(action.value), false);
        return left ? assign(out, action.path, left) : remove(out, action.path);
      }
      case 'REMOVE':
        return;
    }
  });
  const removals = actions
    .filter((a) => a.kind === 'REMOVE')
    .map((a) => a.path)
    .sort((a, b) => {
      const [x, y] = [a[a.length - 1], b[b.length - 1]];
      return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
    });
  for (const path of removals) remove(out, path);
  return out;
}

// ---- projections ----

type Picked = { leaf: AttributeValue } | { map: Map<string, Picked> } | { list: Map<number, Picked> };

/**
 * The parts of an item that the paths name, nested as in the item; list elements picked keep their order
 * and close up (`a[3]` alone comes back as a one-element list), as DynamoDB returns them.
 */
export function project(item: Item, paths: Path[]): Item {
  const root: Picked = { map: new Map() };
  for (const path of paths) {
    const value = resolve(item, path);
    if (value === undefined) continue;
    let node: Picked = root;
    path.forEach((element, i) => {
      const children = 'map' in node ? node.map : 'list' in node ? node.list : undefined;
      if (!children) return;
      const next = path[i + 1];
      let child = (children as Map<string | number, Picked>).get(element);
      if (!child) {
        child =
          next === undefined ? { leaf: value } : typeof next === 'number' ? { list: new Map() } : { map: new Map() };
        (children as Map<string | number, Picked>).set(element, child);
      }
      node = child;
    });
  }
  return (build(root) as { M: Item }).M;
}

function build(node: Picked): AttributeValue {
  if ('leaf' in node) return structuredClone(node.leaf);
  if ('map' in node) {
    const m: Item = {};
    for (const [k, v] of node.map) m[k] = build(v);
    return { M: m };
  }
  return { L: [...node.list.entries()].sort(([a], [b]) => a - b).map(([, v]) => build(v)) };
}
