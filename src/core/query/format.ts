/**
 * JMESPath syntax trees written back as text, so the playground's query inspector can show each part of an
 * expression as JMESPath (only the tree knows where the parts begin and end). For every tree `parse` can
 * build, `parse(formatNode(tree))` builds an equal tree: parentheses go where the parser's binding powers
 * would otherwise group the text differently.
 */
import { IDENTITY, slicedSource, type ComparatorName, type Node } from './ast.js';
import { BINDING_POWER, PROJECTION_STOP } from './parser.js';

/** JMESPath text for `node`, with single spaces around binary operators and after commas. */
export function formatNode(node: Node): string {
  return render(node).text;
}

/** How `right`, the right side of a projection, reads after `[*]`, `[?…]` or `*`: `.Name`, `[0]` or nothing. */
export function formatProjectionRight(right: Node): string {
  return right.type === 'identity' ? '' : afterProjection(right, render(right).text);
}

/**
 * Text plus how it behaves next to other text. `lead` is the loosest binding power among the operators at
 * its top level: it reads as one tree only where the parser is collecting operators that bind tighter than
 * the context's. `trail` is the loosest binding power the parser is still collecting at its end: an
 * operator after it that binds tighter would be pulled inside.
 */
interface Fragment {
  readonly text: string;
  readonly lead: number;
  readonly trail: number;
}

const BP = BINDING_POWER;
const OPERATORS: Readonly<Record<ComparatorName | 'or' | 'and' | 'pipe', string>> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  or: '||',
  and: '&&',
  pipe: '|',
};

function render(node: Node): Fragment {
  switch (node.type) {
    case 'field':
      return closed(name(node.name));
    // `identity` has no spelling of its own (it is the empty side of `[*]`, `[0]`, `[]`); `@` means the same.
    case 'identity':
    case 'current':
      return closed('@');
    case 'literal':
      return closed(literal(node.value));
    case 'index':
      return closed(`[${numberText(node.index)}]`);
    case 'slice': {
      const bound = (n: number | null) => (n === null ? '' : numberText(n));
      const step = node.step === null ? '' : `:${numberText(node.step)}`;
      return closed(`[${bound(node.start)}:${bound(node.stop)}${step}]`);
    }
    case 'function':
      return { text: `${node.name}(${node.args.map(formatNode).join(', ')})`, lead: BP.lparen, trail: Infinity };
    case 'multi_select_list': {
      const items = node.children.map(formatNode);
      // `[*]` alone is a projection, not a list holding `*`.
      return closed(`[${items.length === 1 && items[0] === '*' ? '(*)' : items.join(', ')}]`);
    }
    case 'multi_select_hash':
      return closed(`{${node.pairs.map((pair) => `${name(pair.key)}: ${formatNode(pair.value)}`).join(', ')}}`);
    case 'subexpression': {
      const [first, ...rest] = node.children.map(render);
      const head = leftOperand(first!, BP.dot);
      const last = rest.at(-1) ?? first!;
      return {
        text: [head.text, ...rest.map((child) => child.text)].join('.'),
        lead: head.lead,
        trail: Math.min(BP.dot, last.trail),
      };
    }
    case 'index_expression': {
      const [first, ...rest] = node.children;
      const head = source(first!, BP.lbracket);
      return { text: head.text + rest.map(formatNode).join(''), lead: head.lead, trail: Infinity };
    }
    case 'projection': {
      const left = node.left;
      if (left.type === 'flatten') return projection(left.child, '[]', BP.flatten, BP.flatten, node.right);
      const sliced = slicedSource(left);
      if (sliced) return projection(sliced.source, formatNode(sliced.slice), BP.lbracket, BP.star, node.right);
      return projection(left, '[*]', BP.lbracket, BP.star, node.right);
    }
    case 'value_projection':
      return node.left.type === 'identity'
        ? projection(node.left, '*', BP.star, BP.star, node.right)
        : projection(node.left, '.*', BP.dot, BP.dot, node.right);
    case 'filter_projection':
      return projection(node.left, `[?${formatNode(node.condition)}]`, BP.filter, BP.filter, node.right);
    case 'flatten':
      return projection(node.child, '[]', BP.flatten, BP.flatten, IDENTITY);
    case 'comparator':
      return binary(node.left, OPERATORS[node.name], BP[node.name], node.right);
    case 'or':
    case 'and':
    case 'pipe':
      return binary(node.left, OPERATORS[node.type], BP[node.type], node.right);
    case 'not': {
      const child = rightOperand(node.child, BP.not);
      return { text: `!${child.text}`, lead: Infinity, trail: child.trail };
    }
    case 'expref': {
      const child = rightOperand(node.child, BP.expref);
      // `&&` would lex as "and".
      const text = child.text.startsWith('&') ? `(${child.text})` : child.text;
      return { text: `&${text}`, lead: Infinity, trail: child.trail };
    }
  }
}

/** Text that no neighbour can split or extend: a name, a literal, something bracketed. */
function closed(text: string): Fragment {
  return { text, lead: Infinity, trail: Infinity };
}

function parenthesized(fragment: Fragment): Fragment {
  return closed(`(${fragment.text})`);
}

/** `fragment` followed by an operator binding with `power`: parenthesized if the operator would be pulled in. */
function leftOperand(fragment: Fragment, power: number): Fragment {
  const operand = fragment.trail < power ? parenthesized(fragment) : fragment;
  return { ...operand, lead: Math.min(power, operand.lead) };
}

/** `node` where the parser reads an expression binding tighter than `power`: parenthesized if it would stop early. */
function rightOperand(node: Node, power: number): Fragment {
  const fragment = render(node);
  const operand = fragment.lead <= power ? parenthesized(fragment) : fragment;
  return { ...operand, trail: Math.min(power, operand.trail) };
}

/** What an index, slice or projection applies to: nothing for the current value (`[0]`, `[*]`, `[?…]`, `*`). */
function source(node: Node, power: number): Fragment {
  return node.type === 'identity' ? closed('') : leftOperand(render(node), power);
}

function binary(left: Node, operator: string, power: number, right: Node): Fragment {
  const head = leftOperand(render(left), power);
  const tail = rightOperand(right, power);
  return { text: `${head.text} ${operator} ${tail.text}`, lead: head.lead, trail: tail.trail };
}

/** `over`, then `operator` (`[*]`, `[?…]`, `[]`, `[1:2]`, `*`, `.*`), then `right`, read at `rightPower`. */
function projection(over: Node, operator: string, ledPower: number, rightPower: number, right: Node): Fragment {
  const head = source(over, ledPower);
  // With no right side, any token that could start one (`[`, `.`, ...) would be read as its start.
  if (right.type === 'identity') return { text: head.text + operator, lead: head.lead, trail: PROJECTION_STOP - 1 };
  const tail = render(right);
  return {
    text: head.text + operator + afterProjection(right, tail.text),
    lead: head.lead,
    trail: Math.min(rightPower, tail.trail),
  };
}

/**
 * The parser continues a projection only with `[` or `.`, so whatever else can follow goes after a dot; so
 * does a multi-select list, which reads the same either way and is customarily written `a[*].[b, c]`.
 */
function afterProjection(right: Node, text: string): string {
  return text.startsWith('[') && right.type !== 'multi_select_list' ? text : `.${text}`;
}

function name(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
}

/** A raw string (`'running'`) where one reads back unchanged, else JSON in backticks. */
function literal(value: unknown): string {
  if (typeof value === 'string' && !value.includes('\\')) return `'${value.replaceAll("'", "\\'")}'`;
  return `\`${json(value).replaceAll('`', '\\`')}\``;
}

/** JSON.stringify, except that -0 stays -0 and NaN and ±Infinity are written the way the lexer reads them. */
function json(value: unknown): string {
  if (typeof value === 'number') return numberText(value);
  if (Array.isArray(value)) return `[${value.map(json).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${json(item)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** A number as the lexer reads it back; `String` alone would turn -0 into 0. */
function numberText(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}
