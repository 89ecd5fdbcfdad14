/**
 * Request compression (the `requestcompression` trait, e.g. CloudWatch PutMetricData): a body of at
 * least `request_min_compression_size_bytes` (10,240 by default) is gzip-compressed and `gzip` appended
 * to Content-Encoding, as botocore does unless `disable_request_compression` is set. Bodies already in
 * memory only; streams are sent as they are. Uses the web `CompressionStream`, present in Node and browsers.
 */
import type { Operation } from './model/types.js';
import { headerName } from './headers.js';
import { collect, concatBytes } from './streaming-body.js';

export const DEFAULT_MIN_COMPRESSION_BYTES = 10_240;

export interface CompressionSettings {
  disabled?: boolean;
  minSizeBytes?: number;
}

/** Compresses `body` in place of the original when the operation asks for it; headers are updated. */
export async function compressRequestBody(
  operation: Operation,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
  settings: CompressionSettings = {},
): Promise<Uint8Array | undefined> {
  const encodings = operation.requestcompression?.encodings ?? [];
  if (settings.disabled || !body || !encodings.includes('gzip')) return body;
  if (body.length < (settings.minSizeBytes ?? DEFAULT_MIN_COMPRESSION_BYTES)) return body;
  const stream = new Blob([body as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  const compressed = concatBytes(await collect(stream as unknown as AsyncIterable<Uint8Array>));
  const existing = headerName(headers, 'content-encoding');
  if (existing) headers[existing] = `${headers[existing]}, gzip`;
  else headers['Content-Encoding'] = 'gzip';
  return compressed;
}
