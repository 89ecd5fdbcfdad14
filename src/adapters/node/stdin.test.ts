import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { abandonableChunks } from './stdin.js';

describe('abandonableChunks', () => {
  it('gives the chunks, and stops at once when asked while a read waits, letting go of the stream', async () => {
    const stream = new PassThrough();
    const chunks = abandonableChunks(stream)[Symbol.asyncIterator]();
    stream.write(Buffer.from('ab'));
    expect(await chunks.next()).toEqual({ done: false, value: Buffer.from('ab') });
    const waiting = chunks.next();
    expect(await chunks.return!()).toEqual({ done: true, value: undefined });
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
    expect(stream.destroyed).toBe(true);
  });

  it('ends with the stream', async () => {
    const stream = new PassThrough();
    stream.end(Buffer.from('x'));
    const got: Uint8Array[] = [];
    for await (const chunk of abandonableChunks(stream)) got.push(chunk);
    expect(got).toEqual([Buffer.from('x')]);
  });
});
