/**
 * Pagination from `paginators-1.json`: an async generator of pages that feeds each page's output tokens
 * (plain names or JMESPath expressions, one or several) back as input tokens, honours `more_results`,
 * sets `limit_key` from `pageSize`, and stops when a token is missing or repeats (as botocore does, a
 * repeated token is an error rather than an endless loop).
 */
import type { PaginatorConfig } from './model/types.js';
import { IsoawsError } from './errors.js';
import { compile } from './query/index.js';

export interface PaginateOptions {
  /** Sets the paginator's `limit_key` on every request (`--page-size`). */
  pageSize?: number;
  signal?: AbortSignal;
}

export type PageCall = (params: Record<string, unknown>, signal?: AbortSignal) => Promise<Record<string, unknown>>;

export async function* paginate(
  call: PageCall, config: PaginatorConfig, params: Record<string, unknown>, opts: PaginateOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  const inputTokens = toList(config.input_token);
  const outputTokens = toList(config.output_token).map((expr) => compile(expr));
  const moreResults = config.more_results ? compile(config.more_results) : undefined;
  let request = { ...params };
  if (opts.pageSize !== undefined && config.limit_key) request[config.limit_key] = opts.pageSize;
  let previous: string | undefined;
  for (;;) {
    const page = await call(request, opts.signal);
    yield page;
    const next = outputTokens.map((t) => t.search(page));
    const hasMore = moreResults ? moreResults.search(page) === true : next.some((t) => t !== null && t !== undefined && t !== '');
    if (!hasMore || next.every((t) => t === null || t === undefined || t === '')) return;
    const fingerprint = JSON.stringify(next);
    if (fingerprint === previous) {
      throw new IsoawsError(`The same next token was received twice: ${JSON.stringify(Object.fromEntries(inputTokens.map((k, i) => [k, next[i]])))}`);
    }
    previous = fingerprint;
    request = { ...request };
    inputTokens.forEach((name, i) => {
      if (next[i] === null || next[i] === undefined) delete request[name];
      else request[name] = next[i];
    });
  }
}

/**
 * One result from all pages, as botocore's `build_full_result` builds it for the CLI: each result key's
 * lists concatenated (numbers summed, strings joined), the non-aggregate keys taken from the first
 * page. Keys are dotted paths (`DistributionList.Items`) and are rebuilt as nested objects.
 */
export function mergePages(pages: ReadonlyArray<Record<string, unknown>>, config: PaginatorConfig): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const resultKeys = config.result_key === undefined ? [] : toList(config.result_key);
  for (const page of pages) {
    for (const key of resultKeys) {
      const value = compile(key).search(page);
      if (value === null || value === undefined) continue;
      const existing = compile(key).search(result);
      if (existing === null || existing === undefined) setPath(result, key, Array.isArray(value) ? [...value] : value);
      else if (Array.isArray(existing) && Array.isArray(value)) existing.push(...value);
      else if (typeof existing === 'number' && typeof value === 'number') setPath(result, key, existing + value);
      else if (typeof existing === 'string' && typeof value === 'string') setPath(result, key, existing + value);
    }
  }
  const first = pages[0];
  for (const key of config.non_aggregate_keys ?? []) {
    const value = first ? compile(key).search(first) : undefined;
    setPath(result, key, value ?? null);
  }
  return result;
}

/** botocore's `set_value_from_jmespath` for plain dotted paths. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!node[part] || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function toList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
