import { describe, expect, it } from 'vitest';
import { buildRequestUrl, hasDotSegment, requestTarget } from './request-url.js';

describe('request URLs', () => {
  it.each([
    ['http://127.0.0.1:9000/b/x/../keep.txt', '/b/x/../keep.txt'],
    ['https://b.s3.amazonaws.com/./k?x-id=GetObject', '/./k?x-id=GetObject'],
    ['https://host', '/'],
    ['https://host?a=1', '/?a=1'],
    ['http://[::1]:80/%2e%2e/a', '/%2e%2e/a'],
  ])('sends %s with the request target %s, dot segments kept', (url, target) => {
    expect(requestTarget(url)).toBe(target);
  });

  it("keeps a key's dot segments when joining it to an endpoint", () => {
    expect(buildRequestUrl('http://127.0.0.1:9000', { path: '/b/x/../keep.txt', query: [] })).toBe(
      'http://127.0.0.1:9000/b/x/../keep.txt',
    );
  });

  it.each([
    ['https://h/b/x/../k', true],
    ['https://h/b/./k', true],
    ['https://h/b/x/%2E%2e/k', true],
    ['https://h/b/..', true],
    ['https://h/b/...', false],
    ['https://h/b/x..y/k', false],
    ['https://h/b/k?prefix=../x', false],
  ])('tells whether %s has a segment a browser would collapse (%s)', (url, dot) => {
    expect(hasDotSegment(url)).toBe(dot);
  });
});
