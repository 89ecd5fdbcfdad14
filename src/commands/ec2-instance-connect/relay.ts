/**
 * A tunnel's bytes relayed between its local end (a TCP connection, or stdin and stdout) and its
 * WebSocket, as the CLI's websocket.py does: what the local end sends goes out in binary messages of at
 * most 65,000 bytes, and each binary message that comes back is written to it. The local end closing
 * closes the WebSocket; the WebSocket closing ends the relay.
 */
import { IsoawsError } from '../../core/errors.js';
import type { WebSocketConnection } from '../../core/host.js';

/** The CLI's largest frame (its _MAX_BYTES_PER_FRAME). */
const MAX_MESSAGE = 65_000;

export interface LocalEnd {
  readable: AsyncIterable<Uint8Array>;
  write(bytes: Uint8Array): void | Promise<void>;
}

/**
 * Relays until the WebSocket has closed. Fails with the CLI's words when the server sends text (not
 * what a tunnel carries) or closes with a status other than 1000 (normal), and when the connection
 * breaks. Reading the local end is then stopped, not waited for: it may never end (stdin that ssh keeps
 * open), and its bytes have nowhere to go once the WebSocket is closed.
 */
export async function relay(local: LocalEnd, ws: WebSocketConnection): Promise<void> {
  const input = local.readable[Symbol.asyncIterator]();
  void (async () => {
    try {
      for (let next = await input.next(); !next.done; next = await input.next()) {
        const chunk = next.value;
        for (let at = 0; at < chunk.length; at += MAX_MESSAGE) await ws.send(chunk.subarray(at, at + MAX_MESSAGE));
      }
    } catch {
      /* the WebSocket closed while a message was going out: the other loop tells why */
    }
    ws.close();
  })();
  try {
    await carryBack(local, ws);
  } finally {
    // Stops a read still waiting (stdin left open by ssh), so that nothing holds the process.
    void input.return?.()?.catch(() => undefined);
  }
  const { code, reason } = await ws.closed;
  if (code !== undefined && code !== 1000) throw new IsoawsError(`Websocket Closure Reason: ${reason}`);
}

/** Writes each binary message to the local end until the WebSocket ends (or the local end goes away). */
async function carryBack(local: LocalEnd, ws: WebSocketConnection): Promise<void> {
  try {
    for await (const message of ws.messages) {
      if (typeof message === 'string') {
        ws.close();
        throw new IsoawsError('Received invalid data from server, closing websocket connection.');
      }
      const written = await Promise.resolve(local.write(message)).then(
        () => true,
        () => false,
      );
      // The local end went away: the tunnel has no one left to carry bytes for.
      if (!written) {
        ws.close();
        return;
      }
    }
  } catch (err) {
    if (err instanceof IsoawsError) throw err;
    throw new IsoawsError(`The tunnel's connection broke: ${(err as Error).message}`, { cause: err });
  }
}
