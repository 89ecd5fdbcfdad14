/**
 * The `--query` expression evaluated step by step, for the playground's query inspector. The expression's
 * spine (pipes, `a.b`, `a[0]`, projections) is taken apart into steps, each with its own JMESPath text and
 * the value it leaves; anything else (a function call, a multi-select, a comparison) is one step. Every value
 * comes from the interpreter itself, by evaluating a step's node against the previous step's value, so the
 * inspector cannot disagree with what `--query` prints.
 */
import { IDENTITY, slicedSource, type Node } from './ast.js';
import { formatNode, formatProjectionRight } from './format.js';
import { evaluate } from './interpreter.js';
import { parse } from './parser.js';
import { isFalse, isObject } from './values.js';

export interface QueryStep {
  /**
   * The part of the expression this step evaluates, written back as JMESPath text (`Reservations`, `[*]`,
   * `.Instances`, `[?State.Name == 'running']`, `| length(@)`).
   */
  expression: string;
  /**
   * What the step does, in a few words ("select field Reservations", "project each of 3 elements",
   * "keep elements where State.Name == 'running' (2 of 5)", "call length").
   */
  action: string;
  /** The value after this step (JSON-able). */
  value: unknown;
}

/**
 * The steps of `expression` applied to `data`, and its result (always what `search` gives). Throws the
 * JmespathError `search` would: a syntax error before any step, an evaluation error where it happens.
 */
export function explainQuery(expression: string, data: unknown): { steps: QueryStep[]; result: unknown } {
  const steps: QueryStep[] = [];
  const result = explain(parse(expression), data, steps);
  return { steps, result };
}

type Projection = Extract<Node, { type: 'projection' | 'value_projection' | 'filter_projection' }>;
type Single = Exclude<Node, Projection | { type: 'pipe' | 'subexpression' | 'index_expression' | 'identity' }>;

/** Appends the steps of `node` applied to `value` and returns its value. */
function explain(node: Node, value: unknown, steps: QueryStep[]): unknown {
  switch (node.type) {
    case 'pipe':
      return explainAfter('| ', node.right, explain(node.left, value, steps), steps);
    case 'subexpression':
      return node.children.reduce(
        (current, child, i) => (i === 0 ? explain(child, current, steps) : explainAfter('.', child, current, steps)),
        value,
      );
    case 'index_expression':
      return node.children.reduce((current, child) => explain(child, current, steps), value);
    case 'projection':
    case 'value_projection':
    case 'filter_projection':
      return explainProjection(node, value, steps);
    // The unwritten left side of `[0]`, `[*]` or `[?…]`: the value itself, nothing to show.
    case 'identity':
      return evaluate(node, value);
    default: {
      const result = evaluate(node, value);
      steps.push({ expression: formatNode(node), action: describe(node), value: result });
      return result;
    }
  }
}

/** `explain`, with `prefix` (`.` of `a.b`, `|` of a pipe) put before the text of the first step. */
function explainAfter(prefix: string, node: Node, value: unknown, steps: QueryStep[]): unknown {
  const first = steps.length;
  const result = explain(node, value, steps);
  const step = steps[first];
  if (step) step.expression = prefix + step.expression;
  return result;
}

/**
 * A projection is its source's steps, one step for the projection (`[*]`, `[?…]`, `[]`, `[1:2]`, `*`) over
 * the source's value, and one step for the right side applied to each element, if there is a right side.
 */
function explainProjection(node: Projection, value: unknown, steps: QueryStep[]): unknown {
  const { source, over } = takeApart(node);
  const base = explain(source, value, steps);
  const operator = over(IDENTITY);
  const projected = evaluate(operator, base);
  // `a.*` rather than a bare `*` after the steps of `a`.
  const dot = node.type === 'value_projection' && source.type !== 'identity' ? '.' : '';
  steps.push({
    expression: dot + formatNode(operator),
    action: projectionAction(node, base, projected),
    value: projected,
  });
  if (node.right.type === 'identity') return projected;
  const result = evaluate(over(node.right), base);
  const right = formatProjectionRight(node.right);
  const action = `project each element through ${right}${dropped(result, length(projected))}`;
  steps.push({ expression: right, action, value: result });
  return result;
}

/** What `node` projects over, and the same projection over `@` with the given right side. */
function takeApart(node: Projection): { source: Node; over: (right: Node) => Node } {
  switch (node.type) {
    case 'value_projection':
      return { source: node.left, over: (right) => ({ type: 'value_projection', left: IDENTITY, right }) };
    case 'filter_projection':
      return { source: node.left, over: (right) => ({ ...node, left: IDENTITY, right }) };
    case 'projection': {
      const left = node.left;
      if (left.type === 'flatten')
        return {
          source: left.child,
          over: (right) => ({ type: 'projection', left: { type: 'flatten', child: IDENTITY }, right }),
        };
      const sliced = slicedSource(left);
      if (sliced)
        return {
          source: sliced.source,
          over: (right) => ({
            type: 'projection',
            left: { type: 'index_expression', children: [IDENTITY, sliced.slice] },
            right,
          }),
        };
      return { source: left, over: (right) => ({ type: 'projection', left: IDENTITY, right }) };
    }
  }
}

function projectionAction(node: Projection, base: unknown, projected: unknown): string {
  if (node.type === 'value_projection') {
    if (!isObject(base)) return 'not an object, so null';
    const values = Object.keys(base).length;
    return `project each of ${values} object values${dropped(projected, values)}`;
  }
  if (!Array.isArray(base)) return 'not an array, so null';
  const count = length(projected);
  if (node.type === 'filter_projection') {
    const kept = base.filter((item) => !isFalse(evaluate(node.condition, item))).length;
    return `keep elements where ${formatNode(node.condition)} (${kept} of ${base.length})`;
  }
  if (node.left.type === 'flatten') return `flatten ${base.length} elements into ${count}`;
  const sliced = slicedSource(node.left);
  if (sliced) return `project elements ${formatNode(sliced.slice)} (${count} of ${base.length})`;
  return `project each of ${base.length} elements${dropped(projected, base.length)}`;
}

/** A note on the null results a projection leaves out, if it kept fewer than the `before` it started with. */
function dropped(after: unknown, before: number): string {
  const missing = before - length(after);
  if (missing <= 0 || !Array.isArray(after)) return '';
  return ` (${missing} null ${missing === 1 ? 'result' : 'results'} dropped)`;
}

/** Elements in a projection's value: an array, or null when there was nothing to project. */
function length(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function describe(node: Single): string {
  switch (node.type) {
    case 'field':
      return `select field ${formatNode(node)}`;
    case 'index':
      return `take element ${node.index}`;
    case 'slice':
      return `take elements ${formatNode(node)}`;
    case 'function':
      return `call ${node.name}`;
    case 'multi_select_list':
      return `build a list of ${node.children.length} values`;
    case 'multi_select_hash':
      return `build an object with keys ${node.pairs.map((pair) => pair.key).join(', ')}`;
    case 'comparator':
      return 'compare';
    case 'or':
      return 'the left value unless it is false-like, else the right';
    case 'and':
      return 'the right value if the left is true-like, else the left';
    case 'not':
      return 'negate';
    case 'literal':
      return 'literal value';
    case 'current':
      return 'the current value';
    case 'expref':
      return 'expression reference (for a function)';
    case 'flatten':
      return 'flatten';
  }
}
