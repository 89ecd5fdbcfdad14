/**
 * The Node transport: node:http / node:https with keep-alive agents (one pair per transport, not
 * per process). https is imported only when an https URL is used, so a local http call never pays
 * for TLS set-up. Failures become NetworkError in the AWS CLI's wording; an abort becomes AbortedError.
 */
import type { Agent as HttpAgent, ClientRequest, IncomingMessage } from 'node:http';
import { AbortedError, IsoawsError, NetworkError } from '../../core/errors.js';
import type { HttpRequest, HttpResponse, SendOptions } from '../../core/host.js';

export interface TransportOptions {
  /** Verify TLS certificates (`--no-verify-ssl` turns this off). */
  verifyTls?: boolean;
}

export function createNodeTransport(opts: TransportOptions = {}) {
  const agents = new Map<string, HttpAgent>();
  const agentFor = async (protocol: string, tls: SendOptions['tls']) => {
    const verify = tls?.verify ?? opts.verifyTls !== false;
    const key = protocol === 'https:' ? `https:${verify}:${tls?.caBundle ?? ''}` : protocol;
    let agent = agents.get(key);
    if (!agent) {
      if (protocol === 'https:') {
        const https = await import('node:https');
        const ca = tls?.caBundle === undefined ? undefined : await readCaBundle(tls.caBundle);
        agent = new https.Agent({ keepAlive: true, maxSockets: 50, rejectUnauthorized: verify, ...(ca ? { ca } : {}) });
      } else {
        const http = await import('node:http');
        agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
      }
      agents.set(key, agent);
    }
    return agent;
  };

  return async function send(req: HttpRequest, sendOpts: SendOptions): Promise<HttpResponse> {
    const url = new URL(req.url);
    const agent = await agentFor(url.protocol, sendOpts.tls);
    const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const headers: Record<string, string> = { ...req.headers };
    if (req.body instanceof Uint8Array) headers['content-length'] = String(req.body.length);
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => { if (!settled) { settled = true; reject(err); } };
      const request: ClientRequest = mod.request(url, { method: req.method, headers, agent, signal: sendOpts.signal }, (res: IncomingMessage) => {
        settled = true;
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ statusCode: res.statusCode ?? 0, headers: out, body: res as AsyncIterable<Uint8Array> });
      });
      if (sendOpts.readTimeoutMs) {
        request.setTimeout(sendOpts.readTimeoutMs, () => request.destroy(new NetworkError(req.url, `Read timeout on endpoint URL: "${req.url}"`)));
      }
      request.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof NetworkError) return fail(err);
        if (sendOpts.signal?.aborted || err.name === 'AbortError') return fail(new AbortedError(undefined, { cause: err }));
        fail(new NetworkError(req.url, `Could not connect to the endpoint URL: "${req.url}"`, { cause: err }));
      });
      const body = req.body;
      if (body === undefined) request.end();
      else if (body instanceof Uint8Array) request.end(body);
      else {
        const source = body instanceof Blob ? (body.stream() as unknown as AsyncIterable<Uint8Array>) : body;
        (async () => {
          for await (const chunk of source) {
            if (!request.write(chunk)) await new Promise((r) => request.once('drain', r));
          }
          request.end();
        })().catch((err: Error) => request.destroy(err));
      }
    });
  };
}

/** The certificates of `--ca-bundle`; a file that cannot be read is a configuration error, as in botocore. */
async function readCaBundle(path: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path);
  } catch (err) {
    throw new IsoawsError(`Could not find a suitable TLS CA certificate bundle, invalid path: ${path}`, { cause: err });
  }
}
