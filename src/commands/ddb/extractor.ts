/**
 * An expression as DynamoDB takes it: every name replaced by `#n<i>` and every literal by `:n<i>`,
 * numbered in order of appearance from `offset` (the substitutions of the command's earlier
 * expressions), with the names and values to send alongside. The text is spaced as the CLI spaces it.
 */
import type { Node } from './parser.js';
import { parseExpression } from './parser.js';

const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

export interface Extracted {
  expression: string;
  names: Record<string, unknown>;
  values: Record<string, unknown>;
  /** How many substitutions this expression made. */
  count: number;
}

export function extractExpression(expression: string, offset = 0): Extracted {
  const names: Record<string, unknown> = {};
  const values: Record<string, unknown> = {};
  let count = 0;
  const next = () => offset + count++;

  const visit = (node: Node): string => {
    switch (node.type) {
      case 'comparator':
        return `${visit(node.children[0])}${COMPARATORS[node.value]} ${visit(node.children[1])}`;
      case 'identifier': {
        const key = `#n${next()}`;
        names[key] = node.value;
        return `${key} `;
      }
      case 'path_identifier':
        return `${visit(node.children[0]).trim()}.${visit(node.children[1])}`;
      case 'index_identifier':
        return `${visit(node.children[0]).trim()}[${node.value.toString()}] `;
      case 'literal': {
        const key = `:n${next()}`;
        values[key] = node.value;
        return `${key} `;
      }
      case 'sequence':
        return list(node.children);
      case 'or_expression':
        return `${visit(node.children[0])}OR ${visit(node.children[1])}`;
      case 'and_expression':
        return `${visit(node.children[0])}AND ${visit(node.children[1])}`;
      case 'not_expression':
        return `NOT ${visit(node.children[0])}`;
      case 'subexpression':
        return `( ${visit(node.children[0])}) `;
      case 'function':
        return `${String(node.value)}(${list(node.children).trim()}) `;
      case 'in_expression':
        return `${visit(node.children[0])}IN (${visit(node.children[1]).trim()}) `;
      case 'between_expression':
        return `${visit(node.children[0])}BETWEEN ${visit(node.children[1])}AND ${visit(node.children[2])}`;
    }
  };
  const list = (children: Node[]) => children.map((c) => visit(c).trim()).join(', ');

  const text = visit(parseExpression(expression)).trim();
  return { expression: text, names, values, count };
}
