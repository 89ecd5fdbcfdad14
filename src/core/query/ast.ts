/**
 * The syntax tree of a compiled JMESPath expression: the node kinds of python jmespath's `ast` module, as
 * a discriminated union. Trees are built once by the parser and never changed by evaluation, so a
 * compiled expression can be cached and shared.
 */

export type ComparatorName = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

export type Node =
  | { readonly type: 'field'; readonly name: string }
  /** `a.b.c`: each child is evaluated against the result of the one before. */
  | { readonly type: 'subexpression'; readonly children: Node[] }
  /** `a[0][1]`: like a subexpression, for index and slice steps. */
  | { readonly type: 'index_expression'; readonly children: Node[] }
  | { readonly type: 'index'; readonly index: number }
  | {
      readonly type: 'slice';
      readonly start: number | null;
      readonly stop: number | null;
      readonly step: number | null;
    }
  | { readonly type: 'projection'; readonly left: Node; readonly right: Node }
  | { readonly type: 'value_projection'; readonly left: Node; readonly right: Node }
  | { readonly type: 'filter_projection'; readonly left: Node; readonly right: Node; readonly condition: Node }
  | { readonly type: 'flatten'; readonly child: Node }
  | { readonly type: 'identity' }
  | { readonly type: 'current' }
  | { readonly type: 'literal'; readonly value: unknown }
  | { readonly type: 'multi_select_list'; readonly children: readonly Node[] }
  | { readonly type: 'multi_select_hash'; readonly pairs: readonly KeyValuePair[] }
  | { readonly type: 'comparator'; readonly name: ComparatorName; readonly left: Node; readonly right: Node }
  | { readonly type: 'or'; readonly left: Node; readonly right: Node }
  | { readonly type: 'and'; readonly left: Node; readonly right: Node }
  | { readonly type: 'not'; readonly child: Node }
  | { readonly type: 'pipe'; readonly left: Node; readonly right: Node }
  | { readonly type: 'function'; readonly name: string; readonly args: readonly Node[] }
  | { readonly type: 'expref'; readonly child: Node };

export interface KeyValuePair {
  readonly key: string;
  readonly value: Node;
}

export const IDENTITY: Node = { type: 'identity' };

export type SliceNode = Extract<Node, { type: 'slice' }>;

/**
 * The two halves of `a[1:2]`, which parses as a projection whose left side is the index expression
 * `a` `[1:2]`; undefined for any other left side (`a[0][1:2]` extends the chain and does not project).
 */
export function slicedSource(left: Node): { source: Node; slice: SliceNode } | undefined {
  if (left.type !== 'index_expression' || left.children.length !== 2) return undefined;
  const [source, slice] = left.children;
  return slice?.type === 'slice' ? { source: source!, slice } : undefined;
}
