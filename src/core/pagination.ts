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

function toList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
