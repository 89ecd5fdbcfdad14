/**
 * Calls a sandbox service's handlers directly, without the wire: the unit tests of each service use it.
 * The end-to-end tests (through the CLI and the JS API) go through the whole wire path instead.
 */
import { memoryStore, type SandboxStore } from '../../src/sandbox/store.js';
import { ACCOUNT, ROOT_KEYS } from '../../src/sandbox/identity.js';
import {
  DEFAULT_SETTINGS,
  type Caller,
  type Output,
  type SandboxCall,
  type ServiceHandlers,
} from '../../src/sandbox/service.js';

export const ROOT_CALLER: Caller = {
  account: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  userId: ACCOUNT,
  accessKeyId: ROOT_KEYS.accessKeyId,
};

export interface Harness {
  store: SandboxStore;
  /** Moves the harness's clock (Glacier jobs, expirations). */
  clock: { now: Date };
  call(
    operation: string,
    input?: Record<string, unknown>,
    extra?: Partial<Pick<SandboxCall, 'headers' | 'caller' | 'region' | 'trailers' | 'signal'>>,
  ): Promise<{ output: Output; reply: SandboxCall['reply'] }>;
}

/** A harness over one service's handlers and a fresh memory store (or the one given). */
export function harness(service: string, handlers: ServiceHandlers, store: SandboxStore = memoryStore()): Harness {
  const clock = { now: new Date('2026-12-01T12:00:00Z') };
  let seed = 1;
  const random = () => {
    // A small deterministic generator: ids differ call to call, runs repeat exactly.
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
  return {
    store,
    clock,
    async call(operation, input = {}, extra = {}) {
      const handler = handlers[operation];
      if (!handler) throw new Error(`${service} has no handler for ${operation}`);
      const reply: SandboxCall['reply'] = { headers: {} };
      const output = await handler({
        service,
        operation,
        input,
        region: extra.region ?? 'us-east-1',
        caller: extra.caller ?? ROOT_CALLER,
        now: clock.now,
        requestId: 'TESTREQUESTID',
        store,
        random,
        headers: extra.headers ?? {},
        trailers: extra.trailers ?? {},
        settings: DEFAULT_SETTINGS,
        ...(extra.signal ? { signal: extra.signal } : {}),
        reply,
      });
      return { output, reply };
    },
  };
}

/** Reads a streaming output member (bytes or chunks) whole. */
export async function readBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const parts: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) parts.push(chunk);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A streaming input member from bytes or text. */
export async function* bodyOf(data: Uint8Array | string): AsyncIterable<Uint8Array> {
  yield typeof data === 'string' ? new TextEncoder().encode(data) : data;
}
