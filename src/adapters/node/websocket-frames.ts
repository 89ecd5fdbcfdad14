/**
 * WebSocket frames (RFC 6455 section 5) as a client writes and reads them: its own frames masked with
 * a fresh key each, the server's unmasked. Pure byte work, apart from the socket (websocket.ts).
 */

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Uint8Array;
}

/** The server broke the framing rules: the connection cannot go on. */
export class FrameError extends Error {}

/** One whole (FIN) frame as a client sends it, its payload masked with the 4 bytes of `mask`. */
export function encodeFrame(opcode: number, payload: Uint8Array, mask: Uint8Array): Uint8Array {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const start = 2 + lengthBytes + 4;
  const frame = new Uint8Array(start + length);
  frame[0] = 0x80 | opcode;
  const view = new DataView(frame.buffer);
  if (lengthBytes === 0) frame[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    view.setUint16(2, length);
  } else {
    frame[1] = 0x80 | 127;
    view.setBigUint64(2, BigInt(length));
  }
  frame.set(mask.subarray(0, 4), 2 + lengthBytes);
  for (let i = 0; i < length; i++) frame[start + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

/** The payload of a close frame: the status code, then the reason in UTF-8. */
export function closePayload(code: number, reason = ''): Uint8Array {
  const text = new TextEncoder().encode(reason);
  const payload = new Uint8Array(2 + text.length);
  new DataView(payload.buffer).setUint16(0, code);
  payload.set(text, 2);
  return payload;
}

/** A close frame's status code and reason; no code when its payload is empty. */
export function readClose(payload: Uint8Array): { code?: number; reason: string } {
  if (payload.length < 2) return { reason: '' };
  const code = new DataView(payload.buffer, payload.byteOffset, 2).getUint16(0);
  return { code, reason: new TextDecoder().decode(payload.subarray(2)) };
}

/** Cuts the server's bytes into frames as they arrive, keeping an unfinished frame for the next chunk. */
export class FrameReader {
  private pending = new Uint8Array(0);

  push(chunk: Uint8Array): Frame[] {
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const frames: Frame[] = [];
    let at = 0;
    for (;;) {
      const frame = parseFrame(bytes, at);
      if (!frame) break;
      frames.push(frame.frame);
      at = frame.end;
    }
    this.pending = bytes.slice(at);
    return frames;
  }
}

/** The frame starting at `at`, or undefined when its bytes have not all come yet. */
function parseFrame(bytes: Uint8Array, at: number): { frame: Frame; end: number } | undefined {
  if (bytes.length - at < 2) return undefined;
  const first = bytes[at]!;
  const second = bytes[at + 1]!;
  // No extension was negotiated, so no reserved bit may be set.
  if (first & 0x70) throw new FrameError('the server set reserved bits of a frame');
  if (second & 0x80) throw new FrameError('the server masked a frame');
  const opcode = first & 0x0f;
  const fin = (first & 0x80) !== 0;
  let length = second & 0x7f;
  let start = at + 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (length === 126) {
    if (bytes.length < start + 2) return undefined;
    length = view.getUint16(start);
    start += 2;
  } else if (length === 127) {
    if (bytes.length < start + 8) return undefined;
    const long = view.getBigUint64(start);
    if (long > BigInt(Number.MAX_SAFE_INTEGER)) throw new FrameError('the server sent a frame too long to read');
    length = Number(long);
    start += 8;
  }
  if (opcode >= 0x8 && (length > 125 || !fin)) throw new FrameError('the server sent a malformed control frame');
  if (![0x0, 0x1, 0x2, 0x8, 0x9, 0xa].includes(opcode))
    throw new FrameError(`the server sent a frame of unknown opcode ${opcode}`);
  if (bytes.length < start + length) return undefined;
  return { frame: { fin, opcode, payload: bytes.slice(start, start + length) }, end: start + length };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
