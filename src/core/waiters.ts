/**
 * Waiters from `waiters-2.json`: call the operation, test each acceptor in order (path, pathAll,
 * pathAny, status, error), and stop on the first matching success or failure state; retry after
 * `delay` seconds otherwise. An error no acceptor matches fails at once, as in botocore, and running
 * out of attempts fails with botocore's "Max attempts exceeded".
 */
import { ServiceError, WaiterError } from './errors.js';
import type { WaiterAcceptor, WaiterConfig } from './model/types.js';
import { compile } from './query/index.js';

export interface WaitOptions {
  signal?: AbortSignal;
  /** Override the waiter's delay (seconds) and maxAttempts. */
  delay?: number;
  maxAttempts?: number;
}

export type WaiterCall = (params: Record<string, unknown>, signal?: AbortSignal) => Promise<Record<string, unknown>>;

export async function waitFor(
  call: WaiterCall,
  name: string,
  config: WaiterConfig,
  params: Record<string, unknown>,
  opts: WaitOptions & { sleep: (ms: number, signal?: AbortSignal) => Promise<void> },
): Promise<Record<string, unknown> | undefined> {
  const maxAttempts = opts.maxAttempts ?? config.maxAttempts;
  const delay = opts.delay ?? config.delay;
  for (let attempt = 1; ; attempt++) {
    let output: Record<string, unknown> | undefined;
    let error: ServiceError | undefined;
    try {
      output = await call(params, opts.signal);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      error = err;
    }
    const matched = config.acceptors.find((a) => matches(a, output, error));
    if (matched?.state === 'success') return output;
    if (matched?.state === 'failure') {
      throw new WaiterError(
        name,
        `Waiter encountered a terminal failure state: For expression "${matched.argument ?? matched.matcher}" we matched expected path: "${String(matched.expected)}"`,
        output ?? error,
      );
    }
    if (!matched && error)
      throw new WaiterError(name, `An error occurred (${error.code}): ${error.message}`, error, { cause: error });
    if (attempt >= maxAttempts) throw new WaiterError(name, 'Max attempts exceeded', output ?? error);
    await opts.sleep(delay * 1000, opts.signal);
  }
}

function matches(
  acceptor: WaiterAcceptor,
  output: Record<string, unknown> | undefined,
  error: ServiceError | undefined,
): boolean {
  switch (acceptor.matcher) {
    case 'status':
      return (
        (error?.statusCode ?? (output?.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode) ===
        acceptor.expected
      );
    case 'error':
      if (acceptor.expected === true) return error !== undefined;
      if (acceptor.expected === false) return error === undefined;
      return error?.code === acceptor.expected;
    case 'path':
      return output !== undefined && equal(compile(acceptor.argument!).search(output), acceptor.expected);
    case 'pathAll': {
      const values = output !== undefined ? compile(acceptor.argument!).search(output) : undefined;
      return Array.isArray(values) && values.length > 0 && values.every((v) => equal(v, acceptor.expected));
    }
    case 'pathAny': {
      const values = output !== undefined ? compile(acceptor.argument!).search(output) : undefined;
      return Array.isArray(values) && values.some((v) => equal(v, acceptor.expected));
    }
  }
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
