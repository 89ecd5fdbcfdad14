/**
 * DynamoDB's older, non-expression parameters (Expected, KeyConditions, QueryFilter, ScanFilter,
 * AttributeUpdates, AttributesToGet), which the service still takes: each is turned into the AST the
 * expressions parse into, so one evaluator serves both. A request may not mix the two styles.
 */
import type { Condition, Operand, Path, UpdateAction } from './expressions.js';
import { validation } from './expressions.js';
import { typeOf, valueProblem, type AttributeValue } from './values.js';

interface LegacyCondition {
  ComparisonOperator?: string;
  AttributeValueList?: AttributeValue[];
}

interface ExpectedValue extends LegacyCondition {
  Value?: AttributeValue;
  Exists?: boolean;
}

const EXPRESSION_PARAMETERS: Record<string, string[]> = {
  Expected: ['ConditionExpression'],
  AttributesToGet: ['ProjectionExpression'],
  AttributeUpdates: ['UpdateExpression'],
  KeyConditions: ['KeyConditionExpression'],
  QueryFilter: ['FilterExpression'],
  ScanFilter: ['FilterExpression'],
  ConditionalOperator: ['ConditionExpression', 'FilterExpression'],
};

/** Refuses a request that mixes the older parameters with expressions, as DynamoDB does. */
export function checkStyle(input: Record<string, unknown>): void {
  const legacy = Object.keys(EXPRESSION_PARAMETERS).filter((p) => input[p] !== undefined);
  const modern = [
    'ConditionExpression',
    'ProjectionExpression',
    'UpdateExpression',
    'KeyConditionExpression',
    'FilterExpression',
  ].filter((p) => input[p] !== undefined);
  if (legacy.length && modern.length)
    throw validation(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${modern.join(', ')}}`,
    );
  if (legacy.length && (input.ExpressionAttributeNames || input.ExpressionAttributeValues))
    throw validation(
      `ExpressionAttributeNames and ExpressionAttributeValues can only be specified when using expressions`,
    );
}

const ARITY: Record<string, number | undefined> = {
  EQ: 1,
  NE: 1,
  LE: 1,
  LT: 1,
  GE: 1,
  GT: 1,
  NOT_NULL: 0,
  NULL: 0,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  BEGINS_WITH: 1,
  BETWEEN: 2,
  IN: undefined,
};

const COMPARATORS: Record<string, '=' | '<>' | '<' | '<=' | '>' | '>='> = {
  EQ: '=',
  NE: '<>',
  LT: '<',
  LE: '<=',
  GT: '>',
  GE: '>=',
};

function one(name: string, given: LegacyCondition): Condition {
  const op = given.ComparisonOperator ?? '';
  if (!(op in ARITY)) throw validation(`One or more parameter values were invalid: Unknown ComparisonOperator: ${op}`);
  const values = given.AttributeValueList ?? [];
  const arity = ARITY[op];
  if ((arity !== undefined && values.length !== arity) || (arity === undefined && values.length === 0))
    throw validation(
      `One or more parameter values were invalid: Invalid number of argument(s) for the ${op} ComparisonOperator`,
    );
  for (const v of values) {
    const problem = valueProblem(v);
    if (problem) throw validation(`One or more parameter values were invalid: ${problem}`);
  }
  const path: Operand = { kind: 'path', path: [name] };
  const operands: Operand[] = values.map((value) => ({ kind: 'value', value }));
  const comparator = COMPARATORS[op];
  if (comparator) return { kind: 'compare', op: comparator, left: path, right: operands[0]! };
  switch (op) {
    case 'NOT_NULL':
      return { kind: 'function', name: 'attribute_exists', args: [path] };
    case 'NULL':
      return { kind: 'function', name: 'attribute_not_exists', args: [path] };
    case 'CONTAINS':
      return { kind: 'function', name: 'contains', args: [path, operands[0]!] };
    case 'NOT_CONTAINS':
      return { kind: 'not', operand: { kind: 'function', name: 'contains', args: [path, operands[0]!] } };
    case 'BEGINS_WITH':
      return { kind: 'function', name: 'begins_with', args: [path, operands[0]!] };
    case 'BETWEEN':
      return { kind: 'between', operand: path, low: operands[0]!, high: operands[1]! };
    default:
      return { kind: 'in', operand: path, list: operands };
  }
}

function combine(parts: Condition[], operator: unknown): Condition | undefined {
  const kind = operator === 'OR' ? 'or' : 'and';
  return parts.reduce<Condition | undefined>((left, right) => (left ? { kind, left, right } : right), undefined);
}

/** KeyConditions, QueryFilter or ScanFilter as a condition (undefined if absent). */
export function legacyConditions(
  map: Record<string, LegacyCondition> | undefined,
  operator?: unknown,
): Condition | undefined {
  if (!map) return undefined;
  return combine(
    Object.entries(map).map(([name, c]) => one(name, c)),
    operator,
  );
}

/** Expected as a condition. */
export function expectedCondition(input: Record<string, unknown>): Condition | undefined {
  const expected = input.Expected as Record<string, ExpectedValue> | undefined;
  if (!expected) return undefined;
  const parts = Object.entries(expected).map(([name, e]): Condition => {
    if (e.ComparisonOperator !== undefined) {
      if (e.Value !== undefined || e.Exists !== undefined)
        throw validation(
          'One or more parameter values were invalid: Value or Exists cannot be used with ComparisonOperator',
        );
      return one(name, e);
    }
    if (e.Exists === false) {
      if (e.Value !== undefined)
        throw validation('One or more parameter values were invalid: Value cannot be used when Exists is false');
      return one(name, { ComparisonOperator: 'NULL' });
    }
    if (e.Value === undefined)
      throw validation('One or more parameter values were invalid: Value must be provided when Exists is true');
    return one(name, { ComparisonOperator: 'EQ', AttributeValueList: [e.Value] });
  });
  return combine(parts, input.ConditionalOperator);
}

/** AttributeUpdates as update actions. */
export function attributeUpdates(input: Record<string, unknown>): UpdateAction[] | undefined {
  const updates = input.AttributeUpdates as Record<string, { Value?: AttributeValue; Action?: string }> | undefined;
  if (!updates) return undefined;
  return Object.entries(updates).map(([name, u]): UpdateAction => {
    const path: Path = [name];
    const action = u.Action ?? 'PUT';
    if (u.Value !== undefined) {
      const problem = valueProblem(u.Value);
      if (problem) throw validation(`One or more parameter values were invalid: ${problem}`);
    }
    if (action === 'DELETE' && u.Value === undefined) return { kind: 'REMOVE', path };
    if (u.Value === undefined)
      throw validation(
        `One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified`,
      );
    if (action === 'PUT') return { kind: 'SET', path, value: { kind: 'value', value: u.Value } };
    const allowed = action === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
    if (!allowed.includes(typeOf(u.Value)))
      throw validation(
        `One or more parameter values were invalid: ${action} action is not supported for the type ${typeOf(u.Value)}`,
      );
    return { kind: action as 'ADD' | 'DELETE', path, value: u.Value };
  });
}

/** AttributesToGet as projection paths. */
export function attributesToGet(input: Record<string, unknown>): Path[] | undefined {
  const names = input.AttributesToGet as string[] | undefined;
  return names?.map((n) => [n]);
}
