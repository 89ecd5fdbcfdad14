/**
 * An in-memory Host for engine tests: a programmable `send`, the real model files, a frozen clock,
 * a `sleep` that records instead of waiting, and deterministic randomness.
 */
import type { Host, HttpRequest, HttpResponse, SendOptions } from '../../src/core/host.js';
import { createMemoryFs } from '../../src/adapters/web/fs.js';
import { createNodeModelSource } from '../../src/adapters/node/models.js';

export interface MemoryHost extends Host {
  requests: HttpRequest[];
  sleeps: number[];
  out: string[];
  err: string[];
}

export type Responder = (req: HttpRequest, index: number, opts: SendOptions) => Promise<HttpResponse> | HttpResponse;

const models = createNodeModelSource();

export function createMemoryHost(
  responder: Responder,
  opts: { now?: Date; env?: Record<string, string> } = {},
): MemoryHost {
  const requests: HttpRequest[] = [];
  const sleeps: number[] = [];
  const out: string[] = [];
  const err: string[] = [];
  return {
    requests,
    sleeps,
    out,
    err,
    async send(req, sendOpts) {
      requests.push(req);
      return responder(req, requests.length - 1, sendOpts);
    },
    fs: createMemoryFs(),
    env: opts.env ?? {},
    homeDir: '/home/test',
    now: () => opts.now ?? new Date('2024-01-02T03:04:05Z'),
    async sleep(ms) {
      sleeps.push(ms);
    },
    random: () => 0.5,
    models,
    stdout: {
      write: (t) => {
        out.push(String(t));
      },
    },
    stderr: {
      write: (t) => {
        err.push(String(t));
      },
    },
  };
}

/** A response with a complete body. */
export function reply(
  statusCode: number,
  body: string | Uint8Array = '',
  headers: Record<string, string> = {},
): HttpResponse {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    statusCode,
    headers,
    body: (async function* () {
      if (bytes.length) yield bytes;
    })(),
  };
}
