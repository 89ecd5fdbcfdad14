import { describe, expect, it } from 'vitest';
import { readableChunks, toStreamingBody } from './streaming-body.js';

async function* source(log: string[]): AsyncGenerator<Uint8Array> {
  for (const text of ['ab', 'cd', 'ef']) {
    log.push(`pulled ${text}`);
    yield new TextEncoder().encode(text);
  }
}

const text = async (chunks: AsyncIterable<Uint8Array>) => {
  let out = '';
  for await (const chunk of chunks) out += new TextDecoder().decode(chunk);
  return out;
};

describe('StreamingBody', () => {
  it('reads nothing before the caller reads', () => {
    const log: string[] = [];
    toStreamingBody(source(log));
    expect(log).toEqual([]);
  });

  it('gives readableChunks its chunks directly, the stream locked meanwhile', async () => {
    const body = toStreamingBody(source([]));
    const chunks = readableChunks(body);
    const first = await chunks.next();
    expect(new TextDecoder().decode(first.value as Uint8Array)).toBe('ab');
    expect(body.locked).toBe(true);
    expect(await text(chunks)).toBe('cdef');
    expect(body.locked).toBe(false);
  });

  it('goes on from where a reader stopped, losing nothing', async () => {
    const body = toStreamingBody(source([]));
    const reader = body.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('ab');
    reader.releaseLock();
    expect(await text(readableChunks(body))).toBe('cdef');
  });

  it('text() and bytes() read the rest; any other ReadableStream is read through its reader', async () => {
    expect(await toStreamingBody(source([])).text()).toBe('abcdef');
    expect(await toStreamingBody(source([])).bytes()).toEqual(new TextEncoder().encode('abcdef'));
    expect(await text(readableChunks(new Blob(['plain']).stream()))).toBe('plain');
  });
});
