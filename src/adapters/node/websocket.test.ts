import { afterAll, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../core/errors.js';
import type { WebSocketConnection } from '../../core/host.js';
import { startWebSocketServer, type ServerSide } from '../../../test/support/websocket-server.js';
import { closePayload, encodeFrame, FrameError, FrameReader, readClose } from './websocket-frames.js';
import { openWebSocket } from './websocket.js';

let serve: (side: ServerSide) => void = () => undefined;
const server = await startWebSocketServer((side) => serve(side));
afterAll(() => server.stop());

const open = (
  query = '?a=1&b=%2F',
  tls: { verify: boolean; caBundle?: string } = { verify: true, caBundle: server.caFile },
) =>
  openWebSocket(`wss://localhost:${server.port}/openTunnel${query}`, {
    headers: { 'User-Agent': 'isoaws/test' },
    tls,
    env: {},
  });

async function collect(ws: WebSocketConnection): Promise<Array<Uint8Array | string>> {
  const got: Array<Uint8Array | string> = [];
  for await (const message of ws.messages) got.push(typeof message === 'string' ? message : new Uint8Array(message));
  return got;
}

describe('frames', () => {
  it('masks what the client sends and reads what the server sends, in pieces', () => {
    const payload = new Uint8Array(300).map((_, i) => i & 0xff);
    const frame = encodeFrame(0x2, payload, new Uint8Array([1, 2, 3, 4]));
    expect([...frame.subarray(0, 8)]).toEqual([0x82, 0x80 | 126, 1, 44, 1, 2, 3, 4]);
    expect(frame[8]).toBe(0 ^ 1);
    expect(frame[9]).toBe(1 ^ 2);
    const reader = new FrameReader();
    const fromServer = new Uint8Array([0x82, 126, 1, 44, ...payload, 0x88, 2, 0x03, 0xe8]);
    expect(reader.push(fromServer.subarray(0, 100))).toEqual([]);
    const frames = reader.push(fromServer.subarray(100));
    expect(frames.map((f) => [f.opcode, f.fin, f.payload.length])).toEqual([
      [2, true, 300],
      [8, true, 2],
    ]);
    expect(frames[0]!.payload).toEqual(payload);
    expect(readClose(frames[1]!.payload)).toEqual({ code: 1000, reason: '' });
    expect(readClose(closePayload(4001, 'gone'))).toEqual({ code: 4001, reason: 'gone' });
    expect(() => new FrameReader().push(new Uint8Array([0x82, 0x81, 0, 0, 0, 0, 7]))).toThrow(FrameError);
  });
});

describe('openWebSocket', () => {
  it('opens with the signed Host and query, and carries binary messages both ways', async () => {
    serve = (side) =>
      void (async () => {
        for await (const message of side.messages)
          side.sendFrame(0x2, message.length > 200 ? message.subarray(0, 10) : message);
      })();
    const ws = await open();
    expect(server.openings.at(-1)).toMatchObject({
      target: '/openTunnel?a=1&b=%2F',
      headers: { host: `localhost:${server.port}`, 'user-agent': 'isoaws/test', connection: 'Upgrade' },
    });
    const big = new Uint8Array(70_000).fill(7);
    await ws.send(new Uint8Array([1, 2, 3]));
    await ws.send(big);
    ws.close();
    const got = await collect(ws);
    expect(got).toEqual([new Uint8Array([1, 2, 3]), big.subarray(0, 10)]);
    expect(await ws.closed).toEqual({ code: 1000, reason: '' });
    await expect(ws.send(new Uint8Array([9]))).rejects.toThrow('the WebSocket is closed');
  });

  it('puts fragments together, answers pings, gives text as text and the reason of a close', async () => {
    let pongs: Uint8Array[] = [];
    serve = (side) => {
      pongs = side.pongs;
      side.sendFrame(0x2, new Uint8Array([1, 2]), false);
      side.sendFrame(0x9, new Uint8Array([42]));
      side.sendFrame(0x0, new Uint8Array([3]), true);
      side.sendFrame(0x1, new TextEncoder().encode('not bytes'));
      side.close(4003, 'Tunnel expired');
    };
    const ws = await open();
    expect(await collect(ws)).toEqual([new Uint8Array([1, 2, 3]), 'not bytes']);
    expect(await ws.closed).toEqual({ code: 4003, reason: 'Tunnel expired' });
    await vi.waitFor(() => expect(pongs).toEqual([Buffer.from([42])]));
  });

  it('fails with the status and body of a refused opening, never the signed query', async () => {
    server.refuseNext(403, '{"message":"Forbidden"}');
    const err = await open('?X-Amz-Signature=secret').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toBe(
      `Could not open a WebSocket to "wss://localhost:${server.port}/openTunnel": the server answered 403 Refused: {"message":"Forbidden"}`,
    );
  });

  it('checks the certificate unless told not to', async () => {
    const err = await open('', { verify: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/self-signed certificate/);
    serve = (side) => side.close(1000);
    const ws = await open('', { verify: false });
    expect(await collect(ws)).toEqual([]);
    expect(await ws.closed).toEqual({ code: 1000, reason: '' });
  });

  it('reports a server that drops the connection without closing', async () => {
    serve = (side) => side.destroy();
    const ws = await open();
    expect(await collect(ws)).toEqual([]);
    expect(await ws.closed).toEqual({ reason: '' });
  });
});
