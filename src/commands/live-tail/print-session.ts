/**
 * Print-only Live Tail (the AWS CLI's PrintOnlyUI and LiveTailLogEventsCollector, logs/ui.py): each
 * log event's message on a line of its own, as the session's updates bring them; the session-start
 * event and the updates' metadata show nothing. The CLI prints what it collected once a second; this
 * prints each update as it comes, which gives the same lines, sooner.
 */
import { AbortedError, errorText } from '../../core/errors.js';
import type { Writer } from '../../core/host.js';

/** How a session ended: the service closed the stream, Ctrl-C, or an error whose text the CLI prints. */
export type SessionEnd = { kind: 'closed' } | { kind: 'interrupted' } | { kind: 'failed'; text: string };

interface SessionUpdate {
  sessionResults?: Array<{ message?: string }>;
}

/** Prints the messages of `events` (StartLiveTail's responseStream) to `out` until the stream ends. */
export async function printSession(events: AsyncIterable<unknown>, out: Writer): Promise<SessionEnd> {
  try {
    for await (const event of events as AsyncIterable<{ sessionUpdate?: SessionUpdate }>) {
      const update = event.sessionUpdate;
      if (!update) continue;
      const lines = (update.sessionResults ?? []).map((result) => `${result.message ?? ''}\n`);
      if (lines.length) out.write(lines.join(''));
    }
    return { kind: 'closed' };
  } catch (err) {
    if (err instanceof AbortedError) return { kind: 'interrupted' };
    return { kind: 'failed', text: errorText(err) };
  }
}
