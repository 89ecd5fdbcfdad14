/**
 * The command history's recorder (`cli_history = enabled`): what one command did, as the AWS CLI's
 * history records it (awscli/customizations/history/db.py, botocore's client.py and endpoint.py), made
 * from the events the command already reports (CommandEvent, WireEvent) and written when it ends:
 *
 * - CLI_VERSION and CLI_ARGUMENTS when it starts, CLI_RC with its exit code when it ends;
 * - for each API call: API_CALL (service, operation and, for a modeled operation's own call, the
 *   parameters), then for each attempt HTTP_REQUEST (URL, method, headers, body), HTTP_RESPONSE
 *   (status, headers, body) and PARSED_RESPONSE (parsed-response.ts). The events of one call share a
 *   call number, as the CLI's share a request id; `streaming` says the operation's payload is a blob,
 *   whose body the CLI never shows.
 *
 * The engine reports requests as --debug shows them: the session token and SSE-C keys replaced by
 * REDACTED, parameters and bodies of shapes marked sensitive hidden, bodies cut at 4 KiB. The history
 * keeps them so (the CLI keeps those secrets; isoaws never lets them out of the engine). The signature
 * is kept as `history show` prints it, its first four hex digits and `...`, and never whole.
 *
 * Events carry no call identity, so concurrent calls of one operation (an s3 transfer's parts) are told
 * apart by order: a request goes to the first call due to send that attempt, a response to the first
 * call waiting for it.
 */
import type { Host } from '../../core/host.js';
import { uuid4 } from '../../core/invoke.js';
import { expandUser } from '../../core/local-paths.js';
import type { Operation, ServiceBundle } from '../../core/model/types.js';
import { getOwn } from '../../core/own.js';
import { loadProtocol, selectProtocol } from '../../core/protocols/index.js';
import type { CommandEvent } from '../context.js';
import { parsedResponse, STREAMING_BODY, type ReportedResponse, type ResponseParser } from './parsed-response.js';
import { HISTORY_DIR, saveCommand, type HistoryRecord } from './store.js';

export interface HistoryRecorder {
  /** Told every event of the command; never throws. */
  observe(event: CommandEvent): void;
  /** Records the exit code and writes the command's records; a failure to write is a warning on stderr. */
  finish(code: number): Promise<void>;
}

/** Starts recording the command `argv` (the words after the program's name) run by `version`. */
export function startRecording(host: Host, argv: readonly string[], version: string): HistoryRecorder {
  const records: HistoryRecord[] = [];
  const responses = new Map<HistoryRecord, ReportedResponse>();
  const calls: Call[] = [];
  const signatures = new Map<string, string[]>();
  const record = (event_type: string, payload: unknown, call?: Call): HistoryRecord => {
    const r: HistoryRecord = { event_type, timestamp: host.now().getTime(), payload };
    if (call) r.call = call.id;
    records.push(r);
    return r;
  };
  const newCall = (service: string, operation: string, params?: unknown, started = false): Call => {
    const call: Call = { id: calls.length, service, operation, started, sent: 0, answered: 0, retried: 0 };
    calls.push(call);
    record('API_CALL', params === undefined ? { service, operation } : { service, operation, params }, call);
    return call;
  };
  const same = (event: { service: string; operation: string }) => (c: Call) =>
    c.service === event.service && c.operation === event.operation;

  record('CLI_VERSION', version);
  record('CLI_ARGUMENTS', [...argv]);
  return {
    observe(event) {
      try {
        see(event);
      } catch {
        // As botocore's HistoryRecorder: a failure to record never fails the command.
      }
    },
    async finish(code) {
      record('CLI_RC', code);
      try {
        await saveCommand(host, { id: uuid4(host.random), records: await completed() });
      } catch {
        host.stderr.write(
          `Warning: Unable to record CLI history. Check file permissions for ${expandUser(host, HISTORY_DIR)}\n`,
        );
      }
    },
  };

  function see(event: CommandEvent): void {
    switch (event.kind) {
      case 'call':
        // A modeled operation announces its call with the parameters before the engine starts it.
        newCall(event.service, event.operation, event.params);
        break;
      case 'endpoint': {
        const announced = calls.find((c) => !c.started && same(event)(c));
        if (announced) announced.started = true;
        else newCall(event.service, event.operation, undefined, true);
        break;
      }
      case 'signing':
        queue(signatures, attemptKey(event)).push(event.signature);
        break;
      case 'request': {
        const call = dueToSend(calls.filter(same(event)), event.attempt);
        if (call) call.sent = event.attempt;
        const signature = signatures.get(attemptKey(event))?.shift();
        record(
          'HTTP_REQUEST',
          {
            method: event.method,
            url: event.url,
            headers: signature === undefined ? event.headers : withShownSignature(event.headers, signature),
            body: event.body ?? null,
            streaming: false,
          },
          call,
        );
        break;
      }
      case 'response': {
        const call = calls.find((c) => same(event)(c) && c.sent === event.attempt && c.answered < event.attempt);
        if (call) call.answered = event.attempt;
        const { statusCode, headers, body } = event;
        const r = record(
          'HTTP_RESPONSE',
          { status_code: statusCode, headers, body: body ?? null, streaming: false },
          call,
        );
        responses.set(r, { statusCode, headers, body });
        break;
      }
      case 'retry': {
        const call = calls.find((c) => same(event)(c) && c.sent === event.attempt && c.retried < event.attempt);
        if (call) call.retried = event.attempt;
        break;
      }
    }
  }

  /**
   * The records with what only the model tells: whether each call's payload streams (the body then
   * never kept, as it is never shown), and each response's parsed form after it.
   */
  async function completed(): Promise<HistoryRecord[]> {
    const parsers = new Map<string, Promise<ResponseParser | undefined>>();
    const out: HistoryRecord[] = [];
    for (const r of records) {
      out.push(r);
      const call = r.call === undefined ? undefined : calls[r.call];
      if (!call || (r.event_type !== 'HTTP_REQUEST' && r.event_type !== 'HTTP_RESPONSE')) continue;
      if (!parsers.has(call.service)) parsers.set(call.service, responseParser(host, call.service));
      const resolved = await parsers.get(call.service);
      const operation = resolved && getOwn(resolved.model.operations, call.operation);
      if (!operation) continue;
      const payload = r.payload as { body: string | null; streaming: boolean };
      const request = r.event_type === 'HTTP_REQUEST';
      if (blobPayload(resolved.model, request ? operation.input : operation.output)) {
        payload.streaming = true;
        // A response body left unread (null) streams as well: the CLI says so rather than "no body".
        if (request ? payload.body : payload.body !== '') payload.body = STREAMING_BODY;
      }
      const response = responses.get(r);
      const parsed = response && parsedResponse(resolved, operation, response);
      if (parsed) out.push({ event_type: 'PARSED_RESPONSE', timestamp: r.timestamp, call: call.id, payload: parsed });
    }
    return out;
  }
}

interface Call {
  id: number;
  service: string;
  operation: string;
  /** The engine has begun it (its endpoint was reported). */
  started: boolean;
  /** The last attempt sent, answered, and announced as retried (0 before the first). */
  sent: number;
  answered: number;
  retried: number;
}

/**
 * The call that sends attempt `n` of an operation: the first one yet to send its first attempt, or for a
 * later attempt one announced as retried, else one whose answer came (a clock-skew retry is not announced).
 */
function dueToSend(calls: Call[], n: number): Call | undefined {
  const ready = calls.filter((c) => c.started && c.sent === n - 1);
  if (n === 1) return ready[0];
  return ready.find((c) => c.retried === n - 1) ?? ready.find((c) => c.answered === n - 1);
}

function attemptKey(event: { service: string; operation: string; attempt: number }): string {
  return `${event.service} ${event.operation} ${event.attempt}`;
}

function queue<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** The Authorization header as `history show` prints it (show.py's _SIG_FILTER): the signature's first four digits. */
function withShownSignature(headers: Record<string, string>, signature: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    // The engine hands the header over with the signature already replaced (invoke.ts, redactHeaders).
    out[name] =
      name.toLowerCase() === 'authorization'
        ? value.replace(/Signature=REDACTED/, `Signature=${signature.slice(0, 4)}...`)
        : value;
  return out;
}

/** botocore's has_streaming_input / has_streaming_output: the shape's payload member is a blob. */
function blobPayload(model: ServiceBundle, ref: Operation['input']): boolean {
  const shape = ref && model.shapes[ref.shape];
  const member = shape?.payload !== undefined ? getOwn(shape.members, shape.payload) : undefined;
  return member !== undefined && model.shapes[member.shape]?.type === 'blob';
}

/** The service's model and protocol, or undefined when they cannot be loaded (the record then goes without). */
async function responseParser(host: Host, service: string): Promise<ResponseParser | undefined> {
  try {
    const model = await host.models.load(service);
    const protocolName = selectProtocol(model.metadata);
    return { model, protocolName, protocol: await loadProtocol(protocolName) };
  } catch {
    return undefined;
  }
}
