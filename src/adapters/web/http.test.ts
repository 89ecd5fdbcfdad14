import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../core/errors.js';
import { createFetchTransport } from './http.js';

describe('browser transport', () => {
  it('refuses a path with dot segments, which fetch would collapse into another path, and sends others', async () => {
    const fetched: string[] = [];
    const send = createFetchTransport(async (url) => {
      fetched.push(String(url));
      return new Response(null, { status: 204 });
    });
    const refused = send({ method: 'DELETE', url: 'https://b.s3.amazonaws.com/x/../keep.txt', headers: {} }, {});
    await expect(refused).rejects.toBeInstanceOf(NetworkError);
    await expect(refused).rejects.toThrow('browsers collapse its "." and ".." path segments');
    expect(
      (await send({ method: 'DELETE', url: 'https://b.s3.amazonaws.com/x/..k', headers: {} }, {})).statusCode,
    ).toBe(204);
    expect(fetched).toEqual(['https://b.s3.amazonaws.com/x/..k']);
  });

  it('reports a body cut off part-way as a network error, which a download reads on after', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new Uint8Array([1, 2]));
        else controller.error(new TypeError('network error'));
      },
    });
    const send = createFetchTransport(async () => new Response(body, { status: 200 }));
    const res = await send({ method: 'GET', url: 'https://b.s3.amazonaws.com/k', headers: {} }, {});
    const got: number[] = [];
    const reading = (async () => {
      for await (const chunk of res.body) got.push(...chunk);
    })();
    await expect(reading).rejects.toThrow(
      new NetworkError(
        'https://b.s3.amazonaws.com',
        'An error occurred while reading from response stream: network error',
      ),
    );
    expect(got).toEqual([1, 2]);
  });
});
