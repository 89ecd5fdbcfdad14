/**
 * Where the page's commands go: the sandbox (the offline AWS in the page, its state in IndexedDB), the
 * learner's own account (keys typed into a form), or an endpoint URL (a local moto_server or LocalStack).
 * Each is a web host over the page's one virtual home and a shell on it; switching makes a new pair, so
 * what a command sees is exactly what the terminal would see with those settings in its environment.
 */
import { createWebHost } from '../../src/adapters/web/host.js';
import type { HostFs, Prompt, Writer } from '../../src/core/host.js';
import type { WireEvent } from '../../src/core/client-config.js';
import { createShell, type Shell } from '../../src/index.web.js';

export type Backend =
  | { kind: 'sandbox' }
  | { kind: 'account'; accessKeyId: string; secretAccessKey: string; sessionToken?: string; region: string }
  | { kind: 'endpoint'; url: string; accessKeyId: string; secretAccessKey: string; region: string };

export interface SessionIo {
  fs: HostFs;
  stdout: Writer;
  stderr: Writer;
  prompt: Prompt;
  /** The running line's signal: Stop and Ctrl+C cancel calls made through `aws` too. */
  lineSignal: () => AbortSignal | undefined;
  /** The wire events of calls made from JavaScript (`aws.s3.listBuckets()`), for the inspector. */
  onWire: (event: WireEvent) => void;
}

/** The environment a terminal would have for `backend`: the keys, the region, the endpoint. */
export function backendEnv(backend: Backend): Record<string, string> {
  if (backend.kind === 'sandbox') return {};
  return {
    AWS_ACCESS_KEY_ID: backend.accessKeyId,
    AWS_SECRET_ACCESS_KEY: backend.secretAccessKey,
    AWS_DEFAULT_REGION: backend.region,
    ...(backend.kind === 'account' && backend.sessionToken ? { AWS_SESSION_TOKEN: backend.sessionToken } : {}),
    ...(backend.kind === 'endpoint' ? { AWS_ENDPOINT_URL: backend.url } : {}),
  };
}

export async function openShell(backend: Backend, io: SessionIo): Promise<Shell> {
  const host = createWebHost({ fs: io.fs, env: backendEnv(backend), stdout: io.stdout, stderr: io.stderr });
  return createShell({
    host,
    prompt: io.prompt,
    lineSignal: io.lineSignal,
    onWire: io.onWire,
    sandbox: backend.kind === 'sandbox',
    platform: 'browser',
  });
}

/** What the account form keeps when the learner asks it to (localStorage, under this key). */
export const KEPT_KEYS = 'isoaws:playground-keys';
