/**
 * Comparison helpers for the protocol conformance runner: bodies are compared by meaning for their
 * format (JSON values, XML trees, form parameters, CBOR values), outputs after mapping our typed values
 * (Date, Uint8Array, streams) to the plain JSON the fixtures use (epoch seconds, strings).
 */
import { expect } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { decodeCbor } from '../../src/core/protocols/cbor.js';
import { collect, concatBytes } from '../../src/core/streaming-body.js';

export function headerMap(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export async function readBody(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function')
    return concatBytes(await collect(body as AsyncIterable<Uint8Array>));
  throw new Error(`unexpected body type ${Object.prototype.toString.call(body)}`);
}

export function assertBodyEqual(protocol: string, actual: Uint8Array, expected: string, contentType?: string): void {
  const text = new TextDecoder().decode(actual);
  if (protocol === 'smithy-rpc-v2-cbor') {
    const want = Uint8Array.from(atob(expected), (c) => c.charCodeAt(0));
    expect(actual.length ? decodeCbor(actual) : undefined).toEqual(want.length ? decodeCbor(want) : undefined);
    return;
  }
  if (expected === '' || text === '') {
    expect(text).toBe(expected);
    return;
  }
  if (protocol === 'query' || protocol === 'ec2') {
    expect(formPairs(text)).toEqual(formPairs(expected));
    return;
  }
  if (looksLikeJson(expected) && (protocol === 'json' || protocol === 'rest-json' || contentType?.includes('json'))) {
    expect(JSON.parse(text)).toEqual(JSON.parse(expected));
    return;
  }
  if (expected.trimStart().startsWith('<')) {
    expect(xmlTree(text)).toEqual(xmlTree(expected));
    return;
  }
  expect(text).toBe(expected);
}

/** Maps engine output values to the fixtures' JSON: Date → epoch seconds, bytes → text, NaN/∞ → strings. */
export function normalizeOutput(value: unknown): any {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (Array.isArray(value)) return value.map(normalizeOutput);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== '$metadata')
        .map(([k, v]) => [k, normalizeOutput(v)]),
    );
  }
  return value;
}

function formPairs(body: string): string[] {
  return body
    .split('&')
    .filter(Boolean)
    .map((p) =>
      p
        .split('=')
        .map((s) => decodeURIComponent(s.replace(/\+/g, ' ')))
        .join('='),
    )
    .sort();
}

function looksLikeJson(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function xmlTree(xml: string): unknown {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    trimValues: true,
    parseTagValue: false,
    parseAttributeValue: false,
  });
  return parser.parse(xml);
}
