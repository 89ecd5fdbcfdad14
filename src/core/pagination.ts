/**
 * Pagination from `paginators-1.json`: an async generator of pages that feeds each page's output tokens
 * (plain names or JMESPath expressions, one or several) back as input tokens, honours `more_results`,
 * sets `limit_key` from `pageSize`, and stops when a token is missing or repeats (as botocore does, a
 * repeated token is an error rather than an endless loop).
 */
import type { PaginatorConfig } from './model/types.js';
import { IsoawsError } from './errors.js';
import { setOwn } from './own.js';
import { compile } from './query/index.js';
import { decodeStartingToken, encodeStartingToken } from './starting-token.js';

export interface PaginateOptions {
  /** Sets the paginator's `limit_key` on every request (`--page-size`). */
  pageSize?: number;
  /** Stops after this many items of the first result key, leaving a resume token (`--max-items`). */
  maxItems?: number;
  /** Resumes where a resume token left off (`--starting-token`): see starting-token.ts. */
  startingToken?: string;
  signal?: AbortSignal;
}

export type PageCall = (params: Record<string, unknown>, signal?: AbortSignal) => Promise<Record<string, unknown>>;

/** Pages of a paginated operation; see PageIterator for `maxItems` and `startingToken`. */
export function paginate(
  call: PageCall,
  config: PaginatorConfig,
  params: Record<string, unknown>,
  opts: PaginateOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  return new PageIterator(call, config, params, opts).pages();
}

/**
 * botocore's PageIterator: follows the output tokens, and with `maxItems` stops inside a page, cutting
 * its first result key short and recording a resume token (the tokens that fetched that page plus
 * `boto_truncate_amount`, the items of it already returned). A starting token replays that: its
 * tokens go into the first request and the first page drops the items already seen (the other result
 * keys of that page are emptied, as botocore does). After iterating, `resumeToken` is the encoded
 * token to continue from, if the items stopped early.
 */
export class PageIterator {
  /** The encoded token to continue from, once `pages()` has stopped early. */
  resumeToken: string | undefined;
  /** The non-aggregate keys of the first page (`non_aggregate_keys`), set once it has arrived. */
  nonAggregatePart: Record<string, unknown> = {};
  private readonly inputTokens: string[];
  private readonly resultKeys: string[];

  constructor(
    private readonly call: PageCall,
    private readonly config: PaginatorConfig,
    private readonly params: Record<string, unknown>,
    private readonly opts: PaginateOptions = {},
  ) {
    this.inputTokens = toList(config.input_token);
    this.resultKeys = config.result_key === undefined ? [] : toList(config.result_key);
  }

  async *pages(): AsyncGenerator<Record<string, unknown>> {
    const { config, opts, inputTokens } = this;
    const outputTokens = toList(config.output_token).map((expr) => compile(expr));
    const moreResults = config.more_results ? compile(config.more_results) : undefined;
    const primary = this.resultKeys[0];
    let request: Record<string, unknown> = { ...this.params };
    let token: Record<string, unknown> = Object.fromEntries(inputTokens.map((k) => [k, null]));
    let skip = 0;
    if (opts.startingToken !== undefined) {
      const decoded = decodeStartingToken(opts.startingToken);
      skip = typeof decoded.boto_truncate_amount === 'number' ? decoded.boto_truncate_amount : 0;
      delete decoded.boto_truncate_amount;
      token = decoded;
      for (const [k, v] of Object.entries(decoded)) if (v !== null && v !== undefined) setOwn(request, k, v);
    }
    if (opts.pageSize !== undefined && config.limit_key) request[config.limit_key] = opts.pageSize;
    let total = 0;
    let previous: string | undefined;
    for (let first = true; ; first = false) {
      const page = await this.call(request, opts.signal);
      let truncatedBefore = 0;
      if (first) {
        if (opts.startingToken !== undefined && primary) truncatedBefore = this.dropSeen(page, primary, skip);
        this.nonAggregatePart = {};
        for (const key of config.non_aggregate_keys ?? [])
          setPath(this.nonAggregatePart, key, compile(key).search(page) ?? null);
      }
      const items = primary ? compile(primary).search(page) : undefined;
      const count = Array.isArray(items) || typeof items === 'string' ? items.length : 0;
      if (opts.maxItems !== undefined && primary && total + count > opts.maxItems) {
        const keep = count - (total + count - opts.maxItems);
        setPath(page, primary, (items as unknown[] | string).slice(0, keep));
        this.resumeToken = encodeStartingToken({ ...token, boto_truncate_amount: keep + truncatedBefore });
        yield page;
        return;
      }
      yield page;
      total += count;
      const hasMore = moreResults ? moreResults.search(page) === true : true;
      const next: Record<string, unknown> = {};
      if (hasMore) {
        inputTokens.forEach((name, i) => {
          const value = outputTokens[i]!.search(page);
          next[name] = value === '' || value === false ? null : (value ?? null);
        });
      }
      if (Object.values(next).every((v) => v === null)) return;
      if (opts.maxItems !== undefined && total === opts.maxItems) {
        this.resumeToken = encodeStartingToken(next);
        return;
      }
      const fingerprint = JSON.stringify(next);
      if (fingerprint === previous) throw new IsoawsError(`The same next token was received twice: ${fingerprint}`);
      previous = fingerprint;
      request = { ...request };
      for (const [name, value] of Object.entries(next)) {
        if (value === null) delete request[name];
        else request[name] = value;
      }
      token = next;
    }
  }

  /** The first page after a starting token: drop the items already returned, empty the other result keys. */
  private dropSeen(page: Record<string, unknown>, primary: string, skip: number): number {
    const all = compile(primary).search(page);
    setPath(page, primary, Array.isArray(all) || typeof all === 'string' ? all.slice(skip) : null);
    for (const key of this.resultKeys.slice(1)) {
      const sample = compile(key).search(page);
      const empty = Array.isArray(sample)
        ? []
        : typeof sample === 'string'
          ? ''
          : typeof sample === 'number'
            ? 0
            : null;
      setPath(page, key, empty);
    }
    return skip;
  }
}

/**
 * One result from all pages, as botocore's `build_full_result` builds it for the CLI: each result key's
 * lists concatenated (numbers summed, strings joined), the non-aggregate keys taken from the first
 * page. Keys are dotted paths (`DistributionList.Items`) and are rebuilt as nested objects.
 */
export function mergePages(
  pages: ReadonlyArray<Record<string, unknown>>,
  config: PaginatorConfig,
): Record<string, unknown> {
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
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
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
