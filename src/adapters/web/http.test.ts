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
    expect((await send({ method: 'DELETE', url: 'https://b.s3.amazonaws.com/x/..k', headers: {} }, {})).statusCode).toBe(204);
    expect(fetched).toEqual(['https://b.s3.amazonaws.com/x/..k']);
  });
});
