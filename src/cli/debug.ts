/**
 * `--debug`: each step of a command on stderr, in the shape of botocore's log lines — the arguments,
 * the parameters built from them (members the model marks sensitive replaced), the endpoint, the
 * canonical request and string to sign, each request and response, and retries. Signatures and
 * session tokens arrive redacted from the engine (WireEvent).
 */
import type { WireEvent } from '../core/client-config.js';
import type { Host } from '../core/host.js';
import type { ServiceModel, Shape } from '../core/model/types.js';
import { formatJson } from './output/json.js';
import { getOwn, setOwn } from '../core/own.js';

export interface DebugLog {
  log(area: string, message: string): void;
  onWire(event: WireEvent): void;
}

export function createDebugLog(host: Host): DebugLog {
  const log = (area: string, message: string) => {
    const iso = host.now().toISOString();
    host.stderr.write(
      `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)} - MainThread - ${area} - DEBUG - ${message}\n`,
    );
  };
  return {
    log,
    onWire(event) {
      switch (event.kind) {
        case 'endpoint':
          log('isoaws.endpoint', `Endpoint for ${event.service}.${event.operation}: ${event.url}`);
          break;
        case 'signing':
          log('isoaws.auth', `CanonicalRequest:\n${event.canonicalRequest}`);
          log('isoaws.auth', `StringToSign:\n${event.stringToSign}`);
          break;
        case 'request':
          log(
            'isoaws.endpoint',
            `Sending request (attempt ${event.attempt}): ${event.method} ${event.url}\nheaders=${formatJson(event.headers, 0).replace(/\n/g, ' ')}${event.body ? `\nbody=${event.body}` : ''}`,
          );
          break;
        case 'response':
          log(
            'isoaws.parsers',
            `Response (attempt ${event.attempt}): ${event.statusCode}\nheaders=${formatJson(event.headers, 0).replace(/\n/g, ' ')}${event.body ? `\nbody=${event.body}` : ''}`,
          );
          break;
        case 'retry':
          log(
            'isoaws.retry',
            `Retrying ${event.service}.${event.operation} after attempt ${event.attempt} in ${event.delayMs} ms: ${event.reason}`,
          );
          break;
      }
    },
  };
}

/** A copy of `value` with every member whose shape is `sensitive` replaced by `*** Sensitive Data Redacted ***`. */
export function redactSensitive(model: ServiceModel, shape: Shape | undefined, value: unknown): unknown {
  if (!shape || value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) {
    const member = shape.member ? model.shapes[shape.member.shape] : undefined;
    return value.map((v) => (member?.sensitive ? REDACTED : redactSensitive(model, member, v)));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const ref = shape.type === 'structure' ? getOwn(shape.members, k) : shape.type === 'map' ? shape.value : undefined;
    const target = ref ? model.shapes[ref.shape] : undefined;
    setOwn(out, k, target?.sensitive ? REDACTED : redactSensitive(model, target, v));
  }
  return out;
}

const REDACTED = '*** Sensitive Data Redacted ***';
